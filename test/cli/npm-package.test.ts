/**
 * The npm package, as a user gets it: `npm run pack:cli` gives a tarball of the compiled command line and
 * the rule data (no tests, corpora, fixtures or sources); it installs into a fresh project outside
 * this repository (`npm i -D ./privacy-review-*.tgz`) and `npx privacy-review scan` runs there.
 * Dependencies come from the npm cache (`--prefer-offline`), else the registry; when neither can
 * be reached the install test is skipped with a message saying so.
 */
import * as assert from "assert";
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO, RULES } from "../util/paths";

const NETWORK_ERROR = /ENOTFOUND|EAI_AGAIN|ENOTCACHED|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH/;

/** npm's own variables from an enclosing `npm test` would point the child npm at this repository. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^npm_/i.test(key) || /^npm_config_(cache|registry)$/i.test(key)) env[key] = value;
  delete env.CI;
  delete env.NODE_PATH;
  env.NO_COLOR = "1";
  return env;
}

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync("npm", args, { cwd, encoding: "utf8", env: cleanEnv(), timeout: 120_000 });
}

describe("npm package", function () {
  this.timeout(180_000);
  let dir: string;
  let tarball: string;
  let packed: string[];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-npm-"));
    // The build is done (npm test runs tsc first); the script packs it with the CLI's own manifest.
    const r = npm(["run", "--silent", "pack:cli", "--", "--json", "--pack-destination", dir], REPO);
    assert.strictEqual(r.status, 0, r.stderr);
    const info = JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(dir, info[0].filename);
    packed = info[0].files.map((f) => f.path);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("holds the compiled command line and every rule's data, and no tests, corpora or sources", () => {
    assert.ok(fs.existsSync(tarball), tarball);
    for (const needed of [
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "server/out/cli/main.js",
      "server/out/engine/index.js",
      "rules/schema/privacy-review.schema.json",
      "rules/data/vocabulary.json",
      "rules/models/file-system.json",
    ])
      assert.ok(packed.includes(needed), `${needed} is packed`);
    const rules = fs.readdirSync(RULES).filter((d) => fs.existsSync(path.join(RULES, d, "meta.json")));
    assert.ok(rules.length >= 7);
    for (const rule of rules)
      for (const file of ["meta.json", "doc.md"])
        assert.ok(packed.includes(`rules/${rule}/${file}`), `rules/${rule}/${file} is packed`);
    const unwanted = packed.filter((f) =>
      /^(test|examples|client|dist|docs|\.ci|server\/src)\/|\/fixtures\/|corpus|\.tsbuildinfo$|\.vsix$/.test(
        f,
      ),
    );
    assert.deepStrictEqual(unwanted, []);
  });

  it("has a manifest of its own: main, bin and exports name packed files; no scripts, dev tools or client", () => {
    const extracted = path.join(dir, "manifest");
    fs.mkdirSync(extracted);
    const untar = spawnSync("tar", ["xzf", tarball, "-C", extracted, "package/package.json"], {
      encoding: "utf8",
    });
    assert.strictEqual(untar.status, 0, untar.stderr);
    const manifest = JSON.parse(fs.readFileSync(path.join(extracted, "package", "package.json"), "utf8")) as {
      main: string;
      bin: Record<string, string>;
      exports: Record<string, string>;
      scripts?: unknown;
      devDependencies?: unknown;
      contributes?: unknown;
      dependencies: Record<string, string>;
    };
    const targets = [manifest.main, ...Object.values(manifest.bin), ...Object.values(manifest.exports)];
    for (const target of targets.filter((t) => !t.includes("*")))
      assert.ok(packed.includes(path.posix.normalize(target)), `${target} is packed`);
    assert.strictEqual(manifest.main, "./server/out/engine/index.js");
    assert.strictEqual(manifest.scripts, undefined, "no prepare or build script that needs the sources");
    assert.strictEqual(manifest.devDependencies, undefined);
    assert.strictEqual(manifest.contributes, undefined, "no VS Code contributions");
    assert.ok(!("vscode-languageclient" in manifest.dependencies), "the editor client is not a dependency");
    assert.ok("vscode-languageserver" in manifest.dependencies, "the language server is shipped and runs");
  });

  it("npm pack at the root says to use pack:cli instead of packing the extension's manifest", () => {
    const r = npm(["pack", "--dry-run"], REPO);
    assert.notStrictEqual(r.status, 0);
    assert.match(r.stderr, /npm run pack:cli/);
  });

  it("installs into a fresh project and `npx privacy-review scan` runs there", function () {
    const project = path.join(dir, "fresh-project");
    fs.mkdirSync(path.join(project, "src"), { recursive: true });
    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "fresh-project", version: "1.0.0", private: true }),
    );
    fs.writeFileSync(
      path.join(project, "src", "drop.ts"),
      `export const DROP = "ftp://ftp.partner.example/in";\n`,
    );
    fs.writeFileSync(
      path.join(project, "src", "add.ts"),
      `export const add = (a: number, b: number) => a + b;\n`,
    );
    const install = npm(["install", "-D", "--prefer-offline", "--no-audit", "--no-fund", tarball], project);
    if (install.status !== 0 && NETWORK_ERROR.test(install.stderr)) {
      console.log(
        "      skipped: npm could not fetch the package's dependencies (no npm cache and no registry)",
      );
      this.skip();
    }
    assert.strictEqual(install.status, 0, install.stdout + install.stderr);
    const installed = path.join(project, "node_modules", "privacy-review");
    assert.ok(fs.realpathSync(installed).startsWith(fs.realpathSync(project)), "a copy, not a link here");
    assert.ok(!fs.existsSync(path.join(installed, "test")), "no tests installed");

    const npx = (args: string[]): SpawnSyncReturns<string> =>
      spawnSync("npx", ["--no", "privacy-review", ...args], {
        cwd: project,
        encoding: "utf8",
        env: cleanEnv(),
        timeout: 60_000,
      });
    const scan = npx(["scan", "--format", "json"]);
    assert.strictEqual(scan.status, 1, scan.stderr);
    const findings = (
      JSON.parse(scan.stdout) as { findings: { ruleId: string; file: string; line: number }[] }
    ).findings;
    assert.deepStrictEqual(
      findings.map((f) => [f.ruleId, f.file, f.line]),
      [["plaintext-transfer", "src/drop.ts", 1]],
    );
    const clean = npx(["scan", "src/add.ts"]);
    assert.strictEqual(clean.status, 0, clean.stdout + clean.stderr);
    const explain = npx(["explain", "plaintext-transfer"]);
    assert.strictEqual(explain.status, 0, explain.stderr);
    assert.match(explain.stdout, /plaintext-transfer/);
  });
});
