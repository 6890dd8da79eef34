/**
 * Adopting the tool on legacy code: `scan --baseline <earlier output>` reports, and fails on, only
 * findings that are not in the earlier run; code scanning reads per-rule severity and precision.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { FTP_ERROR, projectJanitor, runCli } from "../util/cli";

const SECOND_DROP = `export const OTHER_DROP = "ftp://ftp.other.example/in";\n`;

interface JsonReport {
  findings: { ruleId: string; file: string; line: number; fingerprint: string }[];
}

describe("CLI: --baseline and code-scanning fields", function () {
  this.timeout(60_000);
  const projects = projectJanitor();
  after(projects.clean);

  for (const format of ["json", "sarif"]) {
    it(`a ${format} baseline hides known findings, also after lines are inserted above them`, () => {
      const d = projects.make({ "src/a.ts": FTP_ERROR });
      const first = runCli(["scan", ".", "--format", format, "-o", `baseline.${format}`], d);
      assert.strictEqual(first.code, 1, first.err);
      const before = runCli(["scan", ".", "--format", "json"], d);
      const known = (JSON.parse(before.out) as JsonReport).findings;
      assert.ok(known.length >= 1, "the project has a finding to put in the baseline");

      // Known debt moves down three lines; a new problem appears in another file.
      fs.writeFileSync(path.join(d, "src/a.ts"), `// header\n// more\n\n${FTP_ERROR}`);
      fs.writeFileSync(path.join(d, "src/b.ts"), SECOND_DROP);
      const run = runCli(["scan", ".", "--format", "json", "--baseline", `baseline.${format}`], d);
      assert.strictEqual(run.code, 1, "the new finding still fails the run");
      const shown = (JSON.parse(run.out) as JsonReport).findings;
      assert.deepStrictEqual(
        shown.map((f) => f.file),
        shown.map(() => "src/b.ts"),
        "only the new file's findings",
      );
      assert.ok(shown.length >= 1);
      assert.match(run.err, new RegExp(`${known.length} finding\\(s\\) already in the baseline`));

      // Without the new file, everything left is known: a clean exit.
      fs.rmSync(path.join(d, "src/b.ts"));
      const clean = runCli(["scan", ".", "--baseline", `baseline.${format}`], d);
      assert.strictEqual(clean.code, 0, clean.out + clean.err);
      assert.match(clean.out, /no problems found/);
    });
  }

  it("a baseline that is missing or not a report: one line naming it, exit 2, nothing scanned", () => {
    const d = projects.make({ "src/a.ts": FTP_ERROR, "notes.json": `{"hello": "world"}`, "bad.json": "{" });
    const missing = runCli(["scan", ".", "--baseline", "old.sarif"], d);
    assert.strictEqual(missing.code, 2);
    assert.strictEqual(missing.out, "");
    assert.strictEqual(missing.err, "privacy-review: cannot read baseline old.sarif: no such file\n");
    const other = runCli(["scan", ".", "--baseline", "notes.json"], d);
    assert.strictEqual(other.code, 2);
    assert.match(
      other.err,
      /^privacy-review: baseline notes\.json is neither a privacy-review JSON report nor a SARIF log/,
    );
    assert.strictEqual(other.err.split("\n").filter(Boolean).length, 1);
    const broken = runCli(["scan", ".", "--baseline", "bad.json"], d);
    assert.strictEqual(broken.code, 2);
    assert.match(broken.err, /^privacy-review: baseline bad\.json is not JSON/);
  });

  it("SARIF: security-severity and precision per rule, the GitHub fingerprint key, the category", () => {
    const d = projects.make({ "src/a.ts": FTP_ERROR });
    const r = runCli(["scan", ".", "--format", "sarif", "--sarif-category", "privacy-review/backend"], d);
    const log = JSON.parse(r.out) as {
      runs: {
        automationDetails?: { id: string };
        tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } };
        results: { ruleId: string; partialFingerprints: Record<string, string> }[];
      }[];
    };
    const run = log.runs[0];
    assert.deepStrictEqual(run.automationDetails, { id: "privacy-review/backend" });
    const byId = new Map(run.tool.driver.rules.map((rule) => [rule.id, rule.properties]));
    // Written here, not read from the metadata under test: changing a value is a visible decision.
    const expected: Record<string, [string, string]> = {
      "unencrypted-patient-write": ["8.0", "high"],
      "plaintext-transfer": ["7.5", "high"],
      "anonymous-access": ["9.0", "medium"],
      "hardcoded-credentials": ["7.0", "medium"],
      "no-delete-after-transfer": ["5.0", "medium"],
      "unfiltered-extraction": ["6.0", "medium"],
      "beyond-instructions": ["6.5", "high"],
    };
    for (const [id, [severity, precision]] of Object.entries(expected)) {
      assert.strictEqual(byId.get(id)?.["security-severity"], severity, id);
      assert.strictEqual(byId.get(id)?.precision, precision, id);
    }
    assert.ok(run.results.length >= 1);
    for (const result of run.results)
      assert.match(result.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{32}$/);
    const plain = runCli(["scan", ".", "--format", "sarif"], d);
    assert.strictEqual((JSON.parse(plain.out) as typeof log).runs[0].automationDetails, undefined);
  });

  it("every rule doc explains its code-scanning values", () => {
    const rules = path.resolve(__dirname, "../../../rules");
    let checked = 0;
    for (const id of fs.readdirSync(rules)) {
      const meta = path.join(rules, id, "meta.json");
      if (!fs.existsSync(meta)) continue;
      const { securitySeverity, precision } = JSON.parse(fs.readFileSync(meta, "utf8")) as {
        securitySeverity: string;
        precision: string;
      };
      const doc = fs.readFileSync(path.join(rules, id, "doc.md"), "utf8");
      const section = doc.split("## Severity in code scanning")[1] ?? "";
      assert.ok(section.includes(`**${securitySeverity}**`), `${id}: doc gives ${securitySeverity}`);
      assert.ok(section.includes(`**${precision}**`), `${id}: doc gives ${precision}`);
      checked++;
    }
    assert.strictEqual(checked, 7, "every rule folder was read");
  });
});

describe("CLI: the CI examples in docs/ci run as written", function () {
  this.timeout(120_000);
  const projects = projectJanitor();
  after(projects.clean);
  const ci = path.resolve(__dirname, "../../../docs/ci");

  it("every `npx privacy-review` command in them is accepted (exit 0 or 1, never a usage error)", () => {
    const commands: string[] = [];
    for (const name of ["privacy-review.yml", "gitlab-ci.yml", "pre-commit"]) {
      const text = fs.readFileSync(path.join(ci, name), "utf8");
      for (const match of text.matchAll(/npx (?:--no-install )?privacy-review (scan[^\n]*)/g))
        commands.push(match[1].replace(/\$files/, "src/a.ts"));
    }
    assert.ok(commands.length >= 5, `found ${commands.length} commands`);
    const d = projects.make({ "src/a.ts": FTP_ERROR });
    for (const command of commands) {
      const r = runCli(command.split(/\s+/).filter(Boolean), d, { env: { ...process.env, CI: "true" } });
      assert.ok(r.code === 0 || r.code === 1, `${command}: exit ${r.code}: ${r.err}`);
      assert.doesNotMatch(r.err, /unknown option|error: /, command);
    }
    assert.ok(fs.existsSync(path.join(d, "privacy-review.sarif")), "the SARIF file the upload reads");
  });
});
