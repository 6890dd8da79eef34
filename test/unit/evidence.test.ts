/**
 * Classification where data is used: messages name the holder and the fields that made data from
 * outside the program personal, merge fields read at several places, and never carry a value.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeProject } from "privacy-review";

function scan(code: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-evidence-"));
  fs.writeFileSync(path.join(dir, "x.ts"), code);
  try {
    return analyzeProject({ root: dir, config: {}, rules: ["unencrypted-patient-write"] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const HEAD = `import * as fs from "fs";\nimport { Pool } from "pg";\nconst pool = new Pool();\n`;

describe("classification where data is used", () => {
  it("names the holder and every field read, not the values", () => {
    const r = scan(
      HEAD +
        `export async function run(): Promise<void> {
  const { rows } = await pool.query("SELECT * FROM t_acct WHERE region = 'Jean Dupont'");
  for (const customer of rows) fs.appendFileSync("out.txt", customer.email + ";" + customer.phone + "\\n");
}\n`,
    );
    const f = r.findings.filter((x) => x.ruleId === "unencrypted-patient-write");
    assert.strictEqual(f.length, 1, JSON.stringify(f.map((x) => x.message)));
    assert.match(f[0].message, /^customer\.email, phone reach /);
    assert.doesNotMatch(f[0].message, /Dupont/);
  });

  it("uses the table name when the variable says nothing", () => {
    const r = scan(
      HEAD +
        `export async function run(): Promise<void> {
  const { rows } = await pool.query("SELECT * FROM it_sector");
  fs.writeFileSync("out.txt", rows.map((u) => u.fullName).join("\\n"));
}\n`,
    );
    const f = r.findings.find((x) => x.ruleId === "unencrypted-patient-write");
    assert.ok(f);
    assert.match(f.message, /^it_sector\.fullName reach /);
  });

  it("reports nothing when only codes and counts of the same rows are written", () => {
    const r = scan(
      HEAD +
        `export async function run(): Promise<void> {
  const { rows } = await pool.query("SELECT * FROM it_sector");
  fs.writeFileSync("out.txt", rows.map((u) => u.region + ";" + u.plan_code).join("\\n"));
}\n`,
    );
    assert.deepStrictEqual(
      r.findings.filter((x) => x.ruleId === "unencrypted-patient-write").map((x) => x.message),
      [],
    );
  });
});
