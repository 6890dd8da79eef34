/**
 * Results do not depend on what is named on the command line: the config is looked up from each
 * scanned path up to the repository root, imports of a scanned file are loaded so flows through
 * them are followed, and scanning the project, one folder or one file gives that file the same
 * findings (with the same fingerprints).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseScanJson } from "../util/outputs";
import { REPO } from "../util/paths";
import { FTP_ERROR, projectJanitor, runCli } from "../util/cli";

const EXAMPLE = path.join(REPO, "examples", "lab-migration");

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  message: string;
  fingerprint: string;
}

/** Findings of one scan, by absolute file, as comparable strings. */
function findingsByFile(target: string): Map<string, string[]> {
  const r = runCli(["scan", target, "--format", "json", "--fail-on", "none"]);
  assert.strictEqual(r.code, 0, r.err);
  const json = JSON.parse(r.out) as { findings: JsonFinding[] };
  const root = fs.statSync(target).isDirectory() ? target : path.dirname(target);
  const out = new Map<string, string[]>();
  for (const f of json.findings) {
    const file = path.resolve(root, f.file);
    const list = out.get(file) ?? [];
    list.push(`${f.line}:${f.column} ${f.ruleId} ${f.fingerprint} ${f.message}`);
    out.set(file, list);
  }
  return out;
}

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourcesUnder(p) : /\.ts$/.test(e.name) ? [p] : [];
  });
}

describe("CLI: results independent of the target", function () {
  this.timeout(180_000);
  const projects = projectJanitor();
  after(projects.clean);

  it("the example: the project, a folder and each single file give each file the same findings", () => {
    const whole = findingsByFile(EXAMPLE);
    const labB = path.join(EXAMPLE, "src", "migrations", "lab-b");
    const labBExport = whole.get(path.join(labB, "export.ts")) ?? [];
    assert.strictEqual(labBExport.length, 9, "lab B has its planted problems");
    // One problem, one finding: each extract written in clear and uploaded is reported at its write.
    assert.deepStrictEqual(
      labBExport.filter((f) => f.includes(" unencrypted-patient-write ")).map((f) => f.split(":")[0]),
      ["25", "26", "27"],
    );
    const runTs = path.join(EXAMPLE, "src", "migrations", "lab-a", "run.ts");
    assert.deepStrictEqual(whole.get(runTs) ?? [], [], "lab A's run.ts seals its extracts (src/crypto.ts)");

    for (const folder of [path.join(EXAMPLE, "src", "migrations", "lab-a"), labB]) {
      const part = findingsByFile(folder);
      for (const file of sourcesUnder(folder))
        assert.deepStrictEqual(
          part.get(file) ?? [],
          whole.get(file) ?? [],
          `${path.relative(EXAMPLE, file)} (folder)`,
        );
    }
    for (const file of sourcesUnder(path.join(EXAMPLE, "src"))) {
      const single = findingsByFile(file);
      assert.deepStrictEqual(
        single.get(file) ?? [],
        whole.get(file) ?? [],
        `${path.relative(EXAMPLE, file)} alone`,
      );
      assert.deepStrictEqual(
        [...single.keys()].filter((f) => f !== file),
        [],
        "findings only for the scanned file",
      );
    }
  });

  it("the config is found above the scanned folder, but not above the repository root", () => {
    const d = projects.make({
      "privacy-review.json": `{ "rules": { "plaintext-transfer": "off" } }`,
      "repo/src/deep/a.ts": FTP_ERROR,
    });
    fs.mkdirSync(path.join(d, "repo", ".git"));
    // Above .git: not this repository's config.
    assert.strictEqual(runCli(["scan", "src/deep"], path.join(d, "repo")).code, 1);
    fs.writeFileSync(
      path.join(d, "repo", "privacy-review.json"),
      `{ "rules": { "plaintext-transfer": "off" } }`,
    );
    for (const target of ["src/deep", "src/deep/a.ts", "."]) {
      const r = runCli(["scan", target], path.join(d, "repo"));
      assert.strictEqual(r.code, 0, `${target}: ${r.out}`);
    }
  });

  it("a .gitignore above the scanned folder applies as in a whole-project scan", () => {
    const d = projects.make({
      ".gitignore": "generated/\n",
      "src/generated/a.ts": FTP_ERROR,
      "src/b.ts": `export const n = 1;\n`,
    });
    fs.mkdirSync(path.join(d, ".git"));
    assert.strictEqual(runCli(["scan", "."], d).code, 0);
    assert.strictEqual(runCli(["scan", "src"], d).code, 0, "src/generated is ignored from src too");
    assert.strictEqual(runCli(["scan", "src/generated"], d).code, 1, "a folder named explicitly is read");
  });

  it("an imported helper is followed from a single file: its encryption counts", () => {
    const d = projects.make({
      "src/seal.ts": `import { createCipheriv, randomBytes } from "node:crypto";
export function seal(plain: Buffer, key: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}
`,
      "src/jobs/export.ts": `import { writeFileSync } from "node:fs";
import { Pool } from "pg";
import { seal } from "../seal";
const pool = new Pool();
export async function run(key: Buffer): Promise<void> {
  const { rows } = await pool.query("SELECT nom, prenom, nir FROM patients WHERE id = $1", [1]);
  writeFileSync("/tmp/out.bin", seal(Buffer.from(JSON.stringify(rows)), key));
}
`,
    });
    fs.mkdirSync(path.join(d, ".git"));
    const whole = runCli(["scan", ".", "--format", "json", "--rule", "unencrypted-patient-write"], d);
    const single = runCli(
      ["scan", "src/jobs/export.ts", "--format", "json", "--rule", "unencrypted-patient-write"],
      d,
    );
    assert.deepStrictEqual(parseScanJson(single.out).findings, parseScanJson(whole.out).findings);
    assert.strictEqual(whole.code, 0, whole.out);
  });
});
