/**
 * Loud failures, as ESLint has them: a path that cannot be read stops the run (one line, exit 2);
 * a scan left with no file is exit 2; a file that could not be read or parsed is listed in every
 * format and fails the run (exit 1) unless --fail-on none.
 */
import * as assert from "assert";
import { parseScanJson, sarifRun } from "../util/outputs";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
  asUnprivilegedUser,
  skipUnlessUnprivilegedUserCanRun,
  CLEAN,
  FTP_ERROR,
  projectJanitor,
  runCli,
} from "../util/cli";

describe("CLI: loud failures", function () {
  this.timeout(60_000);
  const projects = projectJanitor();
  after(projects.clean);

  it("a missing path: one line naming the path as given, exit 2, nothing on stdout", () => {
    const d = projects.make({ "a.ts": CLEAN });
    for (const command of ["scan", "report"]) {
      const r = runCli([command, "src/nope.ts"], d);
      assert.strictEqual(r.code, 2, r.err);
      assert.strictEqual(r.out, "");
      assert.strictEqual(r.err, "privacy-review: cannot read src/nope.ts: no such file or folder\n");
    }
  });

  it("a named pipe given on the command line is refused without opening it", () => {
    const d = projects.make({ "a.ts": CLEAN });
    execFileSync("mkfifo", [path.join(d, "pipe.ts")]);
    const r = runCli(["scan", "pipe.ts", "--format", "json"], d, { timeout: 20_000 });
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.out, "");
    assert.strictEqual(
      r.err,
      "privacy-review: cannot read pipe.ts: not a regular file or folder (a named pipe)\n",
    );
  });

  it("a folder the user cannot read: one line, exit 2", function () {
    skipUnlessUnprivilegedUserCanRun(this);
    const d = projects.make({ "locked/a.ts": FTP_ERROR });
    fs.chmodSync(path.join(d, "locked"), 0o000);
    const r = runCli(["scan", "locked"], d, asUnprivilegedUser());
    assert.strictEqual(r.code, 2, r.out + r.err);
    assert.strictEqual(r.out, "");
    assert.strictEqual(r.err, "privacy-review: cannot read locked: permission denied\n");
  });

  it("an empty folder, or include globs that match nothing: exit 2 with one line, unless allowed", () => {
    const empty = projects.make({ "README.md": "# nothing to scan\n" });
    const r = runCli(["scan", empty], empty);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.out, "", "no “no problems found” on stdout");
    assert.strictEqual(r.err.split("\n").filter(Boolean).length, 1, r.err);
    assert.match(r.err, /^privacy-review: no file analysed in .*--no-error-on-unmatched-pattern/);
    const allowed = runCli(["scan", empty, "--no-error-on-unmatched-pattern"], empty);
    assert.strictEqual(allowed.code, 0, allowed.err);
    assert.match(allowed.out, /no problems found/);

    const unmatched = projects.make({
      "src/a.ts": FTP_ERROR,
      "privacy-review.json": `{ "include": ["lib/**"] }`,
    });
    for (const format of ["text", "json", "sarif"]) {
      const u = runCli(["scan", ".", "--format", format], unmatched);
      assert.strictEqual(u.code, 2, `${format}: ${u.err}`);
      assert.strictEqual(u.out, "");
      assert.match(u.err, /matches "include"\/"exclude" in .*privacy-review\.json/);
    }
    const report = runCli(["report", "."], unmatched);
    assert.strictEqual(report.code, 2);
    assert.strictEqual(report.out, "");
  });

  it("a syntax error fails the run (exit 1) and is listed in text, JSON and SARIF", () => {
    const d = projects.make({ "broken.ts": "export function (\n", "ok.ts": CLEAN });
    const text = runCli(["scan", "."], d);
    assert.strictEqual(text.code, 1, text.out + text.err);
    assert.doesNotMatch(text.out, /no problems found/);
    assert.match(text.out, /^error: broken\.ts:1: syntax error/m);
    assert.match(text.out, /^✖ 1 file could not be read or parsed: broken\.ts/m);

    const json = runCli(["scan", ".", "--format", "json"], d);
    assert.strictEqual(json.code, 1);
    const notices = parseScanJson(json.out).notices;
    assert.ok(
      notices.some((n) => n.file === "broken.ts" && n.level === "error" && /syntax error/.test(n.message)),
      JSON.stringify(notices),
    );

    const sarif = runCli(["scan", ".", "--format", "sarif"], d);
    assert.strictEqual(sarif.code, 1);
    const invocation = sarifRun(sarif.out).invocations?.[0];
    assert.strictEqual(invocation?.executionSuccessful, false);
    assert.ok(
      (invocation.toolExecutionNotifications ?? []).some(
        (n) =>
          n.level === "error" && n.locations?.[0]?.physicalLocation?.artifactLocation?.uri === "broken.ts",
      ),
    );

    assert.strictEqual(runCli(["scan", ".", "--fail-on", "none"], d).code, 0);
  });

  it("a clean scan says executionSuccessful: true", () => {
    const d = projects.make({ "ok.ts": CLEAN });
    const sarif = runCli(["scan", ".", "--format", "sarif"], d);
    assert.strictEqual(sarif.code, 0);
    assert.strictEqual(sarifRun(sarif.out).invocations?.[0]?.executionSuccessful, true);
  });

  it("a file that cannot be read during the walk is listed and fails the run; the others are scanned", function () {
    skipUnlessUnprivilegedUserCanRun(this);
    const d = projects.make({ "secret.ts": CLEAN, "ok.ts": FTP_ERROR });
    fs.chmodSync(path.join(d, "secret.ts"), 0o000);
    const r = runCli(["scan", ".", "--format", "json", "--fail-on", "error"], d, asUnprivilegedUser());
    assert.strictEqual(r.code, 1, r.err);
    const json = parseScanJson(r.out);
    assert.ok(json.findings.some((f) => f.file === "ok.ts"));
    assert.ok(
      json.notices.some(
        (n) => n.file === "secret.ts" && n.level === "error" && /permission denied/.test(n.message),
      ),
      JSON.stringify(json.notices),
    );
  });
});
