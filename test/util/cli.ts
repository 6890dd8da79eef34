/** Running the built CLI in a child process, and throw-away projects for it. */
import { spawnSync, SpawnSyncOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLI, REPO } from "./paths";

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export function runCli(args: string[], cwd = REPO, extra: SpawnSyncOptions = {}): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...(extra.env ?? {}) };
  delete env.CI; // the tests decide themselves whether progress is shown
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", ...extra, env });
  return { code: r.status ?? -1, out: String(r.stdout), err: String(r.stderr) };
}

/** A temp folder with these files (world-readable, so a test can also run the CLI as another user). */
export function makeProject(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-cli-"));
  fs.chmodSync(dir, 0o755);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}

/** Removes the projects a suite made (after restoring permissions a test took away). */
export function projectJanitor(): {
  make: (files: Record<string, string | Buffer>) => string;
  clean: () => void;
} {
  const dirs: string[] = [];
  return {
    make: (files) => {
      const d = makeProject(files);
      dirs.push(d);
      return d;
    },
    clean: () => {
      for (const d of dirs) {
        spawnSync("chmod", ["-R", "u+rwx", d]);
        fs.rmSync(d, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Options that make the CLI run as a user who cannot read a chmod-000 file: root reads everything,
 * so under root the child runs as `nobody` (uid 65534).
 */
let unprivilegedUserCanRun: boolean | undefined;

/**
 * Tests of permissions run the CLI as uid 65534 when the suite runs as root. A clone inside a
 * folder only root may enter (`mktemp -d`, /root) cannot be run by that user: such a test is
 * skipped with a line saying why, instead of failing on something that is not the tool's fault.
 */
export function skipUnlessUnprivilegedUserCanRun(context: Mocha.Context): void {
  if (!process.getuid || process.getuid() !== 0) return;
  unprivilegedUserCanRun ??=
    spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(CLI)}, 4)`], {
      uid: 65534,
      gid: 65534,
    }).status === 0;
  if (unprivilegedUserCanRun) return;
  console.log(`      skipped: uid 65534 cannot read ${CLI} (a parent folder is private to root)`);
  context.skip();
}

export function asUnprivilegedUser(): SpawnSyncOptions {
  return process.getuid && process.getuid() === 0 ? { uid: 65534, gid: 65534 } : {};
}

export const CLEAN = `export const add = (a: number, b: number): number => a + b;\n`;
export const FTP_ERROR = `export const DROP = "ftp://ftp.partner.example/in";\n`;
