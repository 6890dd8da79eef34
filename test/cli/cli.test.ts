/** The command line as CI uses it: exit codes, formats, bad input. */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseSarif, parseScanJson, sarifRun } from "../util/outputs";
import { CLI, REPO } from "../util/paths";

function run(args: string[], cwd = REPO): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function tempProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-cli-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const CLEAN = `export const add = (a: number, b: number): number => a + b;\n`;
const WARNING_ONLY = `import { Pool } from "pg";\nconst pool = new Pool();\nexport const all = () => pool.query("SELECT id, nom FROM patients");\n`;
const ERROR = `export const DROP = "ftp://ftp.partner.example/in";\n`;

describe("privacy-review CLI", function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const project = (files: Record<string, string>): string => {
    const d = tempProject(files);
    dirs.push(d);
    return d;
  };

  it("exits 0 on a clean project", () => {
    const r = run(["scan", project({ "a.ts": CLEAN })]);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /no problems found/);
  });
  it("exits 1 on findings at or above --fail-on (default warning)", () => {
    const d = project({ "a.ts": WARNING_ONLY });
    assert.strictEqual(run(["scan", d]).code, 1);
    assert.strictEqual(run(["scan", d, "--fail-on", "error"]).code, 0);
    assert.strictEqual(run(["scan", project({ "a.ts": ERROR }), "--fail-on", "error"]).code, 1);
    assert.strictEqual(run(["scan", d, "--fail-on", "none"]).code, 0);
  });
  it("exits 2 on usage errors, with a one-line message", () => {
    const r = run(["scan", ".", "--format", "xml"]);
    assert.strictEqual(r.code, 2);
    const u = run(["scan", project({ "a.ts": CLEAN }), "--rule", "no-such-rule"]);
    assert.strictEqual(u.code, 2);
    assert.match(u.err, /^privacy-review: unknown rule id "no-such-rule"/);
    assert.strictEqual(u.err.trim().split("\n").length, 1);
  });
  it("exits 2 on an invalid config, naming the file", () => {
    const d = project({
      "a.ts": CLEAN,
      "privacy-review.json": `{ "rules": { "unfiltered-extraction": "loud" } }`,
    });
    const r = run(["scan", d]);
    assert.strictEqual(r.code, 2);
    assert.ok(r.err.includes(path.join(d, "privacy-review.json")));
    assert.strictEqual(r.err.trim().split("\n").length, 1);
    const missing = run(["scan", d, "--config", path.join(d, "nope.json")]);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.err, /config file not found/);
  });
  it("honours per-rule severity and off in the config", () => {
    const d = project({
      "a.ts": ERROR,
      "privacy-review.json": `{ "rules": { "plaintext-transfer": "off" } }`,
    });
    assert.strictEqual(run(["scan", d]).code, 0);
  });
  it("reports a syntax error as a note on that file and still scans the others", () => {
    const d = project({ "broken.ts": "export function (\n", "a.ts": ERROR });
    const r = run(["scan", d, "--format", "json"]);
    assert.strictEqual(r.code, 1);
    const json = parseScanJson(r.out);
    assert.ok(json.findings.some((f) => f.file === "a.ts"));
    assert.ok(json.notices.some((n) => n.file === "broken.ts" && /syntax error/.test(n.message)));
  });
  it("survives a broken symlink and says what it skipped", () => {
    const d = project({ "a.ts": ERROR });
    fs.symlinkSync(path.join(d, "gone.ts"), path.join(d, "link.ts"));
    const r = run(["scan", d, "--format", "json"]);
    assert.strictEqual(r.code, 1);
    const json = parseScanJson(r.out);
    assert.ok(json.notices.some((n) => n.file === "link.ts" && /broken symlink/.test(n.message)));
  });
  it("skips node_modules, build output, declaration and minified files", () => {
    const d = project({
      "node_modules/x/a.ts": ERROR,
      "dist/a.js": ERROR,
      "types.d.ts": ERROR,
      "lib.min.js": ERROR,
      "src/ok.ts": CLEAN,
      ".gitignore": "generated/\n",
      "generated/a.ts": ERROR,
    });
    const r = run(["scan", d, "--format", "json"]);
    assert.strictEqual(r.code, 0, r.out);
  });
  it("reads test code but does not check it unless --include-tests", () => {
    const d = project({ "src/a.ts": CLEAN, "tests/a.test.ts": ERROR, "src/__mocks__/b.ts": ERROR });
    const r = run(["scan", d, "--format", "json"]);
    assert.strictEqual(r.code, 0, r.err);
    const report = parseScanJson(r.out);
    assert.strictEqual(report.files, 3);
    assert.deepStrictEqual(report.findings, []);
    const note = report.notices.find((n) => /2 test file\(s\)/.test(n.message));
    assert.ok(note, "a note says how many test files were not checked");
    assert.strictEqual(note.level, "note");
    const all = parseScanJson(run(["scan", d, "--format", "json", "--include-tests"]).out);
    assert.deepStrictEqual(all.findings.map((f) => f.file).sort(), ["src/__mocks__/b.ts", "tests/a.test.ts"]);
    assert.strictEqual(run(["scan", d, "--include-tests"]).code, 1);
  });
  it("exits 2 when every file is test code: nothing was checked is not clean", () => {
    const d = project({ "a.spec.ts": ERROR });
    const r = run(["scan", d]);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /every file found is test code \(1\)/);
    assert.strictEqual(run(["scan", d, "--include-tests"]).code, 1);
    assert.strictEqual(run(["scan", d, "--no-error-on-unmatched-pattern"]).code, 0);
  });
  it('"tests" globs replace the defaults and "includeTests" opts in from the config', () => {
    const d = project({
      "qa/a.ts": ERROR,
      "tests/b.ts": ERROR,
      "privacy-review.json": JSON.stringify({ tests: ["qa/**"] }),
    });
    const configured = parseScanJson(run(["scan", d, "--format", "json"]).out);
    assert.deepStrictEqual(
      configured.findings.map((f) => f.file),
      ["tests/b.ts"],
    );
    fs.writeFileSync(path.join(d, "privacy-review.json"), JSON.stringify({ includeTests: true }));
    const optedIn = parseScanJson(run(["scan", d, "--format", "json"]).out);
    assert.strictEqual(optedIn.findings.length, 2);
  });
  it("writes JSON with relative paths, citations and doc links", () => {
    const r = run(["scan", project({ "a.ts": ERROR }), "--format", "json"]);
    const f = parseScanJson(r.out).findings[0];
    assert.strictEqual(f.file, "a.ts");
    assert.strictEqual(f.line, 1);
    assert.strictEqual(
      f.citation,
      "CNIL SAN-2022-009 found: Art. 32 (§60, §70) · our reading: Art. 32(1)(a), Art. 32(2)",
    );
    assert.match(f.docUrl, /^file:\/\/.+\/rules\/[a-z-]+\/doc\.md$/);
  });
  it("writes the report atomically to --output", () => {
    const d = project({ "a.ts": ERROR });
    const out = path.join(d, "report.json");
    const r = run(["scan", d, "--format", "json", "--output", out]);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.out, "");
    assert.ok(parseScanJson(fs.readFileSync(out, "utf8")).findings.length > 0);
    assert.deepStrictEqual(
      fs.readdirSync(d).filter((n) => n.endsWith(".tmp")),
      [],
    );
  });
  it("lists rules with severity and citations, and explains one", () => {
    const r = run(["rules"]);
    assert.strictEqual(r.code, 0);
    assert.match(r.out, /unencrypted-patient-write\s+error/);
    assert.ok(
      r.out.includes("CNIL SAN-2022-009 found: Art. 32 (§60, §62, §69, §70) · our reading: Art. 32(1)(a)"),
      r.out,
    );
    const e = run(["explain", "anonymous-access"]);
    assert.strictEqual(e.code, 0);
    assert.match(e.out, /^# anonymous-access/);
    assert.strictEqual(run(["explain", "nope"]).code, 2);
  });
  it("hides suppressed findings in text (counted) and keeps them in SARIF", () => {
    const d = project({
      "a.ts": `// privacy-review-disable-next-line plaintext-transfer -- partner VPN\n${ERROR}`,
    });
    const t = run(["scan", d]);
    assert.strictEqual(t.code, 0);
    assert.match(t.out, /1 suppressed with a reason/);
    const results = sarifRun(run(["scan", d, "--format", "sarif"]).out).results ?? [];
    assert.strictEqual(results[0]?.suppressions?.[0]?.justification, "partner VPN");
  });
});

describe("SARIF output", function () {
  this.timeout(120_000);
  it("validates with @microsoft/sarif-multitool and carries rules, codeFlows and fingerprints", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-sarif-"));
    try {
      const file = path.join(dir, "out.sarif");
      const r = run([
        "scan",
        path.join(REPO, "examples", "lab-migration"),
        "--format",
        "sarif",
        "--output",
        file,
      ]);
      assert.strictEqual(r.code, 1, r.err);
      const log = parseSarif(fs.readFileSync(file, "utf8"));
      const run0 = log.runs[0];
      assert.strictEqual(log.version, "2.1.0");
      const rules = run0.tool.driver.rules ?? [];
      const results = run0.results ?? [];
      assert.ok(rules.length > 0 && results.length > 0, "rules and results");
      assert.ok(
        rules.every((x) => {
          const tags = x.properties?.tags ?? [];
          return (
            x.helpUri === undefined &&
            tags.some((t) => /^gdpr\/art-(28-3|29|32)$/.test(t)) &&
            !tags.some((t) => t.startsWith("GDPR Art."))
          );
        }),
      );
      assert.ok(results.some((x) => x.codeFlows && x.codeFlows.length));
      assert.ok(results.every((x) => Object.keys(x.partialFingerprints ?? {}).length === 1));
      assertValidSarif(file, dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("with --sarif-category and a file that does not parse: still valid, executionSuccessful false", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-sarif-"));
    try {
      fs.writeFileSync(path.join(dir, "drop.ts"), `export const DROP = "ftp://ftp.partner.example/in";\n`);
      fs.writeFileSync(path.join(dir, "broken.ts"), "export const = ;\n");
      const file = path.join(dir, "out.sarif");
      const r = run([
        "scan",
        dir,
        "--format",
        "sarif",
        "--sarif-category",
        "privacy-review/pr",
        "--output",
        file,
      ]);
      assert.strictEqual(r.code, 1, r.err);
      const run0 = sarifRun(fs.readFileSync(file, "utf8"));
      assert.deepStrictEqual(run0.automationDetails, { id: "privacy-review/pr" });
      const invocation = run0.invocations?.[0];
      assert.strictEqual(invocation?.executionSuccessful, false);
      assert.ok(
        (invocation.toolExecutionNotifications ?? []).some((n) => n.message.text?.startsWith("syntax error")),
      );
      assert.strictEqual(run0.results?.length, 1, "the file that parses is still reported");
      assertValidSarif(file, dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Validates a SARIF file with @microsoft/sarif-multitool (offline): no error-level result. */
function assertValidSarif(file: string, dir: string): void {
  const validation = path.join(dir, "validation.sarif");
  const tool = path.join(REPO, "node_modules", ".bin", "sarif-multitool");
  const v = spawnSync(tool, ["validate", file, "--output", validation, "--log", "ForceOverwrite"], {
    encoding: "utf8",
  });
  assert.strictEqual(v.status, 0, v.stdout + v.stderr);
  const results = sarifRun(fs.readFileSync(validation, "utf8")).results ?? [];
  const errors = results.filter((x) => x.level === "error");
  assert.deepStrictEqual(
    errors.map((x) => `${x.ruleId} ${JSON.stringify(x.message)}`),
    [],
  );
}
