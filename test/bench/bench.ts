/**
 * `npm run bench` — a benchmark, not a test. In one run, with alternating repetitions:
 *  - CLI scan wall time and peak RSS against `tsc --noEmit` (TypeScript 6, same files, same options)
 *    and, when installed, ESLint with typed typescript-eslint rules;
 *  - language server: cold start to the first diagnostics of an open file, edit-to-diagnostics
 *    latency (median, p95) over N edits in one file, memory after the edits.
 * Options: --files N (synthetic size, default 2000), --reps N (default 3), --edits N (default 50),
 *          --path DIR (also measure a real repository), --keep (keep the synthetic workspace),
 *          --scaling (scan time and memory at 1k, 2k, 4k, 8k synthetic files and on 250, 500, 1,000
 *          modules exporting the same name, with the slope: 1.0 is linear, 2.0 quadratic).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { discover } from "privacy-review";
import { LspClient } from "../lsp/client";
import { REPO, CLI } from "../util/paths";
import { generate, generateSameNameExports } from "./synthetic";

interface Args {
  files: number;
  reps: number;
  edits: number;
  path?: string;
  keep: boolean;
  scaling: boolean;
}

function args(): Args {
  const a: Args = { files: 2000, reps: 3, edits: 50, keep: false, scaling: false };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i++) {
    if (v[i] === "--files") a.files = Number(v[++i]);
    else if (v[i] === "--reps") a.reps = Number(v[++i]);
    else if (v[i] === "--edits") a.edits = Number(v[++i]);
    else if (v[i] === "--path") a.path = path.resolve(v[++i]);
    else if (v[i] === "--keep") a.keep = true;
    else if (v[i] === "--scaling") a.scaling = true;
  }
  return a;
}

/** Wall seconds and peak RSS (MiB) of a command, via GNU time. */
function timed(cmd: string[], cwd: string): { wall: number; rssMiB: number; status: number } {
  const out = path.join(os.tmpdir(), `pr-bench-time-${process.pid}`);
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", "-o", out, ...cmd], {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const [wall, rss] = fs.readFileSync(out, "utf8").trim().split(/\s+/).slice(-2).map(Number);
  fs.rmSync(out, { force: true });
  return { wall, rssMiB: Math.round(rss / 1024), status: r.status ?? -1 };
}

/** The version of the TypeScript that `tsc --noEmit` runs (node_modules/typescript). */
function typescriptVersion(): string {
  const manifest: unknown = JSON.parse(
    fs.readFileSync(path.join(REPO, "node_modules", "typescript", "package.json"), "utf8"),
  );
  return typeof manifest === "object" && manifest !== null && "version" in manifest
    ? String(manifest.version)
    : "unknown version";
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** A tsconfig listing exactly the files privacy-review reads, with the options it uses. */
function tscProject(root: string): string {
  const files = discover({ root, maxFileBytes: 1 << 20 }).files;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-bench-tsc-"));
  const cfg = {
    compilerOptions: {
      allowJs: true,
      checkJs: false,
      noEmit: true,
      skipLibCheck: true,
      module: "nodenext",
      moduleResolution: "nodenext",
      target: "es2022",
      types: [] as string[],
      strict: false,
    },
    files,
  };
  const file = path.join(dir, "tsconfig.json");
  fs.writeFileSync(file, JSON.stringify(cfg));
  return file;
}

function measureScan(label: string, root: string, reps: number): void {
  const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
  const project = tscProject(root);
  const eslint = path.join(REPO, "node_modules", ".bin", "eslint");
  const hasEslint =
    fs.existsSync(eslint) && fs.existsSync(path.join(REPO, "node_modules", "typescript-eslint"));
  const ours: Array<{ wall: number; rssMiB: number }> = [];
  const theirs: Array<{ wall: number; rssMiB: number }> = [];
  for (let i = 0; i < reps; i++) {
    // Alternate the order so neither side always runs on a warm cache.
    const a = () =>
      ours.push(
        timed(
          [
            process.execPath,
            CLI,
            "scan",
            root,
            "--format",
            "json",
            "--output",
            "/dev/null",
            "--fail-on",
            "none",
          ],
          REPO,
        ),
      );
    const b = () => theirs.push(timed([process.execPath, tsc, "-p", project], REPO));
    if (i % 2) {
      b();
      a();
    } else {
      a();
      b();
    }
  }
  const mw = median(ours.map((x) => x.wall)),
    tw = median(theirs.map((x) => x.wall));
  const mr = median(ours.map((x) => x.rssMiB)),
    tr = median(theirs.map((x) => x.rssMiB));
  console.log(`\n## ${label}: CLI scan vs tsc --noEmit (${reps} alternating runs, medians)`);
  console.log(`| | wall | peak RSS |\n|---|---|---|`);
  console.log(`| privacy-review scan | ${mw.toFixed(2)} s | ${mr} MiB |`);
  console.log(`| tsc --noEmit (TypeScript ${typescriptVersion()}) | ${tw.toFixed(2)} s | ${tr} MiB |`);
  console.log(
    `| ratio | **${(mw / tw).toFixed(2)}×** (target ≤ 0.4×) | **${(mr / tr).toFixed(2)}×** (target ≤ 0.7×) |`,
  );
  console.log(
    hasEslint
      ? "ESLint: installed but not configured for this workspace; skipped"
      : "ESLint with typed typescript-eslint: not installed here; skipped",
  );
  fs.rmSync(path.dirname(project), { recursive: true, force: true });
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

async function measureLsp(label: string, root: string, file: string, edits: number): Promise<void> {
  const text = fs.readFileSync(file, "utf8");
  const t0 = process.hrtime.bigint();
  const client = new LspClient();
  await client.initialize(root);
  client.open(file, text);
  await client.nextDiagnostics(file, 60_000);
  const cold = Number(process.hrtime.bigint() - t0) / 1e6;
  // Let the background load of the whole folder finish before timing edits.
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < 200 && !(client.status as Array<{ loaded?: boolean }>).some((s) => s.loaded); i++)
    await new Promise((r) => setTimeout(r, 100));
  const lat: number[] = [];
  let version = 1;
  for (let i = 0; i < edits; i++) {
    const edited =
      i % 2 ? text.replace(/\n$/, `\n// edit ${i}\n`) : text.replace("SELECT", i % 4 ? "SELECT" : "select");
    const start = process.hrtime.bigint();
    const next = client.nextDiagnostics(file, 30_000);
    client.change(file, edited, ++version);
    await next;
    lat.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const mem = rssOf(client.proc.pid!);
  await client.shutdown();
  console.log(`\n## ${label}: language server`);
  console.log(`| measure | value | target |\n|---|---|---|`);
  console.log(`| cold start to first diagnostics of the open file | ${cold.toFixed(0)} ms | ≤ 1500 ms |`);
  console.log(`| edit → diagnostics, median (${edits} edits) | ${median(lat).toFixed(1)} ms | ≤ 50 ms |`);
  console.log(`| edit → diagnostics, p95 | ${percentile(lat, 95).toFixed(1)} ms | ≤ 150 ms |`);
  console.log(`| server memory after the edits | ${mem} MiB | |`);
}

function pickScript(root: string): string | undefined {
  const files = discover({ root, maxFileBytes: 1 << 20 }).files;
  return (
    files.find((f) => /migrations?[\\/]/.test(f) && /SELECT|select/.test(fs.readFileSync(f, "utf8"))) ??
    files.find((f) => /\b(writeFile|uploadFrom|query)\b/.test(fs.readFileSync(f, "utf8"))) ??
    files[0]
  );
}

interface ScalingPoint {
  files: number;
  wall: number;
  rssMiB: number;
  tscWall: number;
}

function scanOnce(root: string): { wall: number; rssMiB: number } {
  const cmd = [process.execPath, CLI, "scan", root, "--format", "json", "--output", "/dev/null"];
  return timed([...cmd, "--fail-on", "none"], REPO);
}

/** Time and memory at each size, tsc on the same files, and the log-log slope between sizes. */
function measureScaling(label: string, sizes: number[], make: (dir: string, n: number) => number): void {
  const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
  const points: ScalingPoint[] = [];
  for (const n of sizes) {
    const dir = path.join(REPO, ".bench", `scaling-${n}`);
    const files = make(dir, n);
    const ours = scanOnce(dir);
    const project = tscProject(dir);
    const theirs = timed([process.execPath, tsc, "-p", project], REPO);
    fs.rmSync(path.dirname(project), { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
    points.push({ files, wall: ours.wall, rssMiB: ours.rssMiB, tscWall: theirs.wall });
  }
  console.log(`\n## scaling: ${label} (one run per size)`);
  console.log("| files | scan wall | peak RSS | tsc --noEmit wall | ratio | slope (time) |");
  console.log("|---|---|---|---|---|---|");
  points.forEach((p, i) => {
    const prev = points[i - 1];
    const slope = prev ? Math.log(p.wall / prev.wall) / Math.log(p.files / prev.files) : undefined;
    const ratio = p.tscWall > 0 ? (p.wall / p.tscWall).toFixed(2) + "×" : "-";
    const cells = [p.files, `${p.wall.toFixed(2)} s`, `${p.rssMiB} MiB`, `${p.tscWall.toFixed(2)} s`, ratio];
    console.log(`| ${cells.join(" | ")} | ${slope === undefined ? "-" : slope.toFixed(2)} |`);
  });
}

async function main(): Promise<void> {
  const a = args();
  console.log(
    `# privacy-review benchmark — ${new Date().toISOString()} — ${os.cpus().length} cores, Node ${process.version}`,
  );
  const synth = path.join(REPO, ".bench", `synthetic-${a.files}`);
  const g = generate(synth, { files: a.files });
  console.log(
    `synthetic workspace: ${g.files} files (${g.scripts} migration/export scripts) in ${path.relative(REPO, synth)}`,
  );
  measureScan(`synthetic (${g.files} files)`, synth, a.reps);
  await measureLsp(`synthetic (${g.files} files)`, synth, pickScript(synth)!, a.edits);
  if (a.path) {
    const n = discover({ root: a.path, maxFileBytes: 1 << 20 }).files.length;
    measureScan(`${path.basename(a.path)} (${n} files)`, a.path, a.reps);
    const f = pickScript(a.path);
    if (f)
      await measureLsp(
        `${path.basename(a.path)} (${n} files), editing ${path.relative(a.path, f)}`,
        a.path,
        f,
        a.edits,
      );
  }
  if (!a.keep) fs.rmSync(synth, { recursive: true, force: true });
  if (a.scaling) {
    measureScaling(
      "synthetic workspace",
      [1000, 2000, 4000, 8000],
      (dir, n) => generate(dir, { files: n }).files,
    );
    measureScaling(
      "modules exporting the same URL constant",
      [250, 500, 1000],
      (dir, n) => generateSameNameExports(dir, n).files,
    );
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
