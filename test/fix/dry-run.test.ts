// --fix-dry-run writes nothing, so the findings it lists as remaining are at their lines in the
// files as they are on disk, even where the fixes it shows would insert lines above them.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLI } from "../util/paths";

const SOURCE = [
  `import * as ftp from "basic-ftp";`,
  `import { writeFileSync } from "node:fs";`,
  `import { Pool } from "pg";`,
  ``,
  `const pool = new Pool();`,
  ``,
  `export async function run(client: ftp.Client): Promise<void> {`,
  `  const { rows } = await pool.query("SELECT nom, nir FROM patients WHERE lab_id = 1");`,
  `  writeFileSync("/tmp/first.json", JSON.stringify(rows));`,
  `  await client.uploadFrom("/tmp/first.json", "first.json");`,
  `  const again = await pool.query("SELECT nom, nir FROM patients WHERE lab_id = 2");`,
  `  writeFileSync("/tmp/second.json", JSON.stringify(again.rows));`,
  `}`,
  ``,
].join("\n");

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  related: Array<{ line: number }>;
}

function scan(dir: string, ...args: string[]): { findings: JsonFinding[]; stdout: string } {
  const run = spawnSync(process.execPath, [CLI, "scan", dir, ...args], { encoding: "utf8" });
  assert.ok(run.status === 0 || run.status === 1, run.stdout + run.stderr);
  return {
    stdout: run.stdout,
    findings: args.includes("json") ? (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings : [],
  };
}

const lineOf = (text: string, needle: string): number =>
  text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("scan --fix-dry-run", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-dry-run-"));
    fs.writeFileSync(path.join(dir, "export.ts"), SOURCE);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("lists the remaining findings at their lines before the fixes", () => {
    const second = lineOf(SOURCE, `"/tmp/second.json"`);
    const dry = scan(dir, "--fix-dry-run", "--format", "json").findings;
    assert.strictEqual(
      fs.readFileSync(path.join(dir, "export.ts"), "utf8"),
      SOURCE,
      "dry run writes nothing",
    );
    assert.ok(!dry.some((f) => f.ruleId === "no-delete-after-transfer"), "the removal would be fixed");
    const write = dry.find((f) => f.ruleId === "unencrypted-patient-write" && f.line === second);
    assert.ok(
      write,
      `the second write remains at line ${second}: ${JSON.stringify(dry.map((f) => [f.ruleId, f.line]))}`,
    );
    assert.strictEqual(write.column, 3);
    assert.ok(
      write.related.some((r) => r.line === lineOf(SOURCE, "lab_id = 2")),
      "its source, at its line too",
    );
    // The same findings, at the same places, as a scan without fixes reports them.
    const plain = scan(dir, "--format", "json").findings;
    const at = (f: JsonFinding): string => `${f.ruleId} ${f.file}:${f.line}:${f.column}`;
    const plainPlaces = new Set(plain.map(at));
    for (const f of dry) assert.ok(plainPlaces.has(at(f)), `${at(f)} is where a plain scan reports it`);

    const text = scan(dir, "--fix-dry-run").stdout;
    assert.match(text, /^\+\s+\} finally \{$/m, "the diff shows the inserted lines");
    assert.match(text, new RegExp(`\\b${second}:3\\s.*unencrypted-patient-write`), text);
  });

  it("moves nothing when the fixes are written (the lines are then the fixed file's)", () => {
    const written = fs.mkdtempSync(path.join(os.tmpdir(), "pr-dry-run-fixed-"));
    try {
      fs.writeFileSync(path.join(written, "export.ts"), SOURCE);
      const fixed = scan(written, "--fix", "--format", "json").findings;
      const after = fs.readFileSync(path.join(written, "export.ts"), "utf8");
      const second = lineOf(after, `"/tmp/second.json"`);
      assert.ok(second > lineOf(SOURCE, `"/tmp/second.json"`), "the fix inserted lines above the write");
      assert.ok(fixed.some((f) => f.ruleId === "unencrypted-patient-write" && f.line === second));
    } finally {
      fs.rmSync(written, { recursive: true, force: true });
    }
  });
});
