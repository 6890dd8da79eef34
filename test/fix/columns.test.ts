// The explicit-columns fix of unfiltered-extraction lists the columns a reviewer wants: the
// instruction's list when one governs the script, else the columns the code reads from the rows;
// never the table's whole schema (free-text medical columns included), and no fix when neither is known.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeProject } from "privacy-review";
import { applyEdits } from "privacy-review/internal/engine/fixes/edits";
import { FixEngine } from "privacy-review/internal/engine/fixes/fixes";
import { REPO } from "../util/paths";

const SCHEMA = [
  "CREATE TABLE patients (",
  "  id SERIAL PRIMARY KEY, nom VARCHAR(80), prenom VARCHAR(80), nir CHAR(15), email VARCHAR(120),",
  "  commentaire_p TEXT, commentaire_d TEXT",
  ");",
  "",
].join("\n");

const HEADER = [
  `import { writeFileSync } from "node:fs";`,
  `import { Pool } from "pg";`,
  ``,
  `const pool = new Pool();`,
  ``,
].join("\n");

/** The unfiltered-extraction fixes of `source` (in a project with the schema above), applied one by one. */
function fixedTexts(source: string, config?: object, rel = "src/export.ts"): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-fix-columns-"));
  try {
    fs.writeFileSync(path.join(dir, "schema.sql"), SCHEMA);
    if (config) fs.writeFileSync(path.join(dir, "privacy-review.json"), JSON.stringify(config));
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, source);
    return fixesOf(dir, file, rel);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function fixesOf(root: string, file: string, rel: string): string[] {
  const result = analyzeProject({ root, rules: ["unfiltered-extraction"] });
  const findings = result.findings.filter((f) => f.location.file === file);
  assert.ok(findings.length > 0, `unfiltered-extraction reports on ${rel}`);
  const engine = new FixEngine(result.analyzer);
  const text = fs.readFileSync(file, "utf8");
  return findings.flatMap((f) => engine.fixesFor(f)).map((fix) => applyEdits(text, fix.edits));
}

const INSTRUCTION = {
  instructions: [
    {
      id: "LAB-1",
      controller: "Laboratoire",
      files: ["src/**"],
      extract: { patients: { columns: ["id", "nom", "prenom", "nir"] } },
    },
  ],
};

describe("unfiltered-extraction: explicit columns", function () {
  this.timeout(120_000);

  it("takes the instruction's columns when an instruction governs the script", () => {
    const source =
      HEADER +
      [
        `export async function run(): Promise<void> {`,
        `  const { rows } = await pool.query("SELECT * FROM patients");`,
        `  writeFileSync("/tmp/patients.json", JSON.stringify(rows));`,
        `}`,
        ``,
      ].join("\n");
    assert.deepStrictEqual(fixedTexts(source, INSTRUCTION), [
      source.replace("SELECT * FROM patients", "SELECT id, nom, prenom, nir FROM patients"),
    ]);
  });

  it("takes the columns the code reads from the rows when no instruction governs it", () => {
    const source =
      HEADER +
      [
        `export async function run(): Promise<void> {`,
        `  const result = await pool.query("SELECT * FROM patients");`,
        `  const lines: string[] = [];`,
        `  for (const p of result.rows) lines.push(\`\${p.nom};\${p.prenom}\`);`,
        `  result.rows.filter((p) => p.email).forEach(({ email }) => lines.push(email));`,
        `  writeFileSync("/tmp/patients.csv", lines.join("\\n") + result.rows.length);`,
        `}`,
        ``,
      ].join("\n");
    assert.deepStrictEqual(fixedTexts(source), [
      source.replace("SELECT * FROM patients", "SELECT nom, prenom, email FROM patients"),
    ]);
  });

  it("keeps a table alias on every column", () => {
    const source =
      HEADER +
      [
        `export async function run(): Promise<void> {`,
        `  const [first] = (await pool.query("SELECT p.* FROM patients p")).rows;`,
        `  writeFileSync("/tmp/one.txt", String(first.nir));`,
        `}`,
        ``,
      ].join("\n");
    assert.deepStrictEqual(fixedTexts(source), [
      source.replace("SELECT p.* FROM patients p", "SELECT p.nir FROM patients p"),
    ]);
  });

  it("offers nothing when the rows are used whole and no instruction lists the table", () => {
    const source =
      HEADER +
      [
        `export async function run(): Promise<void> {`,
        `  const { rows } = await pool.query("SELECT * FROM patients");`,
        `  writeFileSync("/tmp/patients.json", JSON.stringify(rows.map((p) => ({ ...p, nom: p.nom }))));`,
        `}`,
        ``,
      ].join("\n");
    assert.deepStrictEqual(fixedTexts(source), []);
  });

  it("offers nothing for a name the table does not have (an alias made elsewhere)", () => {
    const source =
      HEADER +
      [
        `export async function run(): Promise<void> {`,
        `  const { rows } = await pool.query("SELECT * FROM patients");`,
        `  writeFileSync("/tmp/names.txt", rows.map((p) => p.fullName).join("\\n"));`,
        `}`,
        ``,
      ].join("\n");
    assert.deepStrictEqual(fixedTexts(source), []);
  });

  it("gives Prisma a select of the fields the code reads", () => {
    const source = [
      `import { writeFileSync } from "node:fs";`,
      `import { PrismaClient } from "@prisma/client";`,
      ``,
      `const prisma = new PrismaClient();`,
      ``,
      `export async function run(): Promise<void> {`,
      `  const patients = await prisma.patient.findMany();`,
      `  writeFileSync("/tmp/emails.txt", patients.map((p) => p.email).join("\\n"));`,
      `}`,
      ``,
    ].join("\n");
    assert.deepStrictEqual(fixedTexts(source), [
      source.replace("findMany()", "findMany({ select: { email: true } })"),
    ]);
  });

  it("on the example, lists the instructed columns and none of the free-text ones", () => {
    const root = path.join(REPO, "examples", "lab-migration");
    const rel = "src/migrations/lab-b/export.ts";
    const file = path.join(root, rel);
    const text = fs.readFileSync(file, "utf8");
    const fixed = fixesOf(root, file, rel);
    const columns =
      "id, nom, prenom, nom_naissance, date_naissance, sexe, nir, adresse, telephone, email, derniere_visite";
    assert.deepStrictEqual(fixed, [
      text.replace(`pool.query("SELECT * FROM patients")`, `pool.query("SELECT ${columns} FROM patients")`),
    ]);
    assert.ok(!/commentaire_/.test(fixed[0].split("\n").find((l) => l.includes("FROM patients")) ?? "x"));
  });
});
