/**
 * Progress on stderr through every phase (reading, analysing, writing) for `scan` and `report`:
 * on a terminal by default, never in CI logs or pipes unless asked with --progress.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { CLI, REPO } from "../util/paths";
import { runCli } from "../util/cli";

const EXAMPLE = path.join(REPO, "examples", "lab-migration");

/** Runs the CLI on a pseudo-terminal (util-linux `script`); returns what the terminal showed. */
function onTerminal(args: string[], env: NodeJS.ProcessEnv): string {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  const r = spawnSync("script", ["-qec", command, "/dev/null"], { encoding: "utf8", env, cwd: REPO });
  return String(r.stdout);
}

describe("CLI: progress", function () {
  this.timeout(120_000);

  it("is silent in a pipe (and so in CI logs) unless --progress", () => {
    const quiet = runCli(["scan", EXAMPLE, "--fail-on", "none"]);
    assert.strictEqual(quiet.err, "");
    const asked = runCli(["scan", EXAMPLE, "--fail-on", "none", "--progress", "--format", "sarif"]);
    const phases = asked.err.split("\n").filter(Boolean);
    assert.ok(phases.length >= 3, asked.err);
    assert.ok(
      phases.every((l) => l.startsWith("privacy-review: ") && !l.includes("\r")),
      asked.err,
    );
    for (const phase of ["reading", "analysing", "writing"])
      assert.ok(
        phases.some((l) => l.startsWith(`privacy-review: ${phase}`)),
        `${phase} in ${asked.err}`,
      );
    assert.doesNotThrow(() => JSON.parse(asked.out), "stdout keeps only the report");
  });

  it("report shows reading, analysing, building and writing", () => {
    const r = runCli(["report", EXAMPLE, "--progress", "--format", "json"]);
    assert.strictEqual(r.code, 0, r.err);
    for (const phase of ["reading", "analysing", "building the record", "writing"])
      assert.match(r.err, new RegExp(`^privacy-review: ${phase}`, "m"));
  });

  it("is redrawn on a terminal, and cleared before the results; not when CI is set", function () {
    const probe = spawnSync("script", ["--version"], { encoding: "utf8" });
    if (probe.status !== 0) this.skip(); // no util-linux `script` to make a terminal
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    delete env.CI;
    const shown = onTerminal(["scan", EXAMPLE, "--fail-on", "none"], env);
    assert.match(shown, /\r\u001b\[Kprivacy-review: reading/);
    assert.match(shown, /\r\u001b\[Kprivacy-review: analysing/);
    assert.match(shown, /\r\u001b\[K\r?\n*[\s\S]*✖ 12 problems/);
    const inCi = onTerminal(["scan", EXAMPLE, "--fail-on", "none"], { ...env, CI: "true" });
    assert.match(inCi, /✖ 12 problems/);
    assert.doesNotMatch(inCi, /privacy-review: (reading|analysing)/);
  });
});
