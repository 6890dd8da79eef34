/**
 * API models: every shipped model file is valid against rules/schema/models.schema.json, carries
 * must-match and must-not-match examples, and its examples hold; type aliases, `new` expressions,
 * argument paths and conditions work; user models fail loudly or are reported when they match nothing.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv from "ajv";
import { analyzeProject, checkModelExamples, ConfigError, parseConfig } from "privacy-review";
import { addPatternFormat } from "privacy-review/internal/engine/config/userPatterns";
import { RULES } from "../util/paths";

const MODELS = path.join(RULES, "models");
const modelFiles = fs.readdirSync(MODELS).filter((f) => f.endsWith(".json"));

describe("API model files", () => {
  const ajv = new Ajv({ strict: false });
  addPatternFormat(ajv); // the schema's `format: "safe-regex"`, as the engine's validators have it
  const validate = ajv.compile(
    JSON.parse(fs.readFileSync(path.join(RULES, "schema", "models.schema.json"), "utf8")),
  );

  it("there are model files to check", () => assert.ok(modelFiles.length >= 8));

  for (const f of modelFiles) {
    it(`${f} is valid against models.schema.json and has examples both ways`, () => {
      const json = JSON.parse(fs.readFileSync(path.join(MODELS, f), "utf8")) as {
        examples?: { mustMatch?: unknown[]; mustNotMatch?: unknown[] };
      };
      assert.ok(validate(json), JSON.stringify(validate.errors?.[0]));
      assert.ok((json.examples?.mustMatch?.length ?? 0) > 0, "mustMatch examples");
      assert.ok((json.examples?.mustNotMatch?.length ?? 0) > 0, "mustNotMatch examples");
    });
  }

  it("the schema rejects a misspelt field, a bad path and a bad argument reference", () => {
    const base = {
      concept: "x",
      models: [{ modules: ["m"], sinks: [{ path: ".put()", kind: "upload", data: ["0"] }] }],
    };
    assert.ok(validate(base));
    const typo = structuredClone(base);
    Object.assign(typo.models[0].sinks[0], { dat: ["0"] });
    assert.ok(!validate(typo));
    const badPath = structuredClone(base);
    badPath.models[0].sinks[0].path = "put(";
    assert.ok(!validate(badPath));
    const badArg = structuredClone(base);
    badArg.models[0].sinks[0].data = ["body"];
    assert.ok(!validate(badArg));
  });

  it("every example holds (must-match examples match, with their argument references; look-alikes do not)", () => {
    const { problems, checked } = checkModelExamples(RULES);
    assert.ok(checked > 40, `examples checked: ${checked}`);
    assert.deepStrictEqual(
      problems.map((p) => `${p.file} ${p.example}: ${p.problem}`),
      [],
    );
  });

  it("every library in the model files is exercised by a must-match example", () => {
    assert.deepStrictEqual(checkModelExamples(RULES).uncovered, []);
  });
});

describe("user models in privacy-review.json", () => {
  function configError(text: string): string {
    try {
      parseConfig(RULES, "/x/privacy-review.json", text);
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      assert.ok(!e.message.includes("\n"), "one line");
      return e.message;
    }
    return assert.fail("expected a ConfigError");
  }

  it("a misspelt model field is one error line naming the file and the field", () => {
    const m = configError(
      `{ "models": { "add": [ { "modules": ["x"], "sinks": [ { "path": ".put()", "kind": "upload", "dat": ["0"] } ] } ] } }`,
    );
    assert.match(m, /^\/x\/privacy-review\.json: .*unknown setting "dat"/);
  });
  it("an unknown [Type] is one error line", () => {
    const m = configError(
      `{ "models": { "add": [ { "sinks": [ { "path": "[no.Such].put()", "kind": "upload", "data": ["0"] } ] } ] } }`,
    );
    assert.match(m, /^\/x\/privacy-review\.json: .*\[no\.Such\]/);
  });
  it("a path without a module or type is one error line", () => {
    const m = configError(
      `{ "models": { "add": [ { "sinks": [ { "path": ".put()", "kind": "upload", "data": ["0"] } ] } ] } }`,
    );
    assert.match(m, /names no module/);
  });
});

describe("user models at work", () => {
  function scan(files: Record<string, string>): ReturnType<typeof analyzeProject> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-models-"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    try {
      return analyzeProject({ root: dir });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const query = `import { Pool } from "pg";\nconst pool = new Pool();\n`;

  it('the issue\'s example fires: ".PutObjectCommand()" with data ["0.Body"] on a `new`', () => {
    const res = scan({
      "privacy-review.json": JSON.stringify({
        models: {
          add: [
            {
              modules: ["@aws-sdk/client-s3"],
              sinks: [{ path: ".PutObjectCommand()", kind: "upload", data: ["0.Body"] }],
            },
          ],
        },
      }),
      "job.ts":
        query +
        `import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";\n` +
        `export async function run(): Promise<void> {\n` +
        `  const { rows } = await pool.query("SELECT nom, prenom, nir FROM patients WHERE lab_id = $1", [1]);\n` +
        `  const s3 = new S3Client({});\n` +
        `  await s3.send(new PutObjectCommand({ Bucket: "b", Key: "k", Body: JSON.stringify(rows) }));\n` +
        `  await s3.send(new PutObjectCommand({ Bucket: "b", Key: "count", Body: String(rows.length) }));\n` +
        `}\n`,
    });
    const writes = res.findings.filter((f) => f.ruleId === "unencrypted-patient-write");
    assert.deepStrictEqual(
      writes.map((f) => f.location.start.line + 1),
      [7],
      "the Body with rows is flagged, the Body with a count is not",
    );
    assert.ok(!res.notices.some((n) => /matched no call/.test(n.message)));
  });

  it("a user model on a module the shipped models do not know, with a nested argument path", () => {
    const res = scan({
      "privacy-review.json": JSON.stringify({
        models: {
          types: [{ type: "acme.Vault", module: "@acme/vault-sdk", path: [".Vault()", ".connect()"] }],
          add: [{ sinks: [{ path: "[acme.Vault].store()", kind: "upload", data: ["0.payload.content"] }] }],
        },
      }),
      "job.ts":
        query +
        `import { connect } from "@acme/vault-sdk";\n` +
        `export async function run(): Promise<void> {\n` +
        `  const { rows } = await pool.query("SELECT nom, nir FROM patients WHERE lab_id = $1", [1]);\n` +
        `  const vault = connect();\n` +
        `  await vault.store({ name: "x", payload: { content: JSON.stringify(rows), label: "x" } });\n` +
        `  await vault.store({ name: "y", payload: { content: "hello", label: JSON.stringify(rows) } });\n` +
        `}\n`,
    });
    const writes = res.findings.filter((f) => f.ruleId === "unencrypted-patient-write");
    assert.deepStrictEqual(
      writes.map((f) => f.location.start.line + 1),
      [7],
      "only payload.content carries the data",
    );
  });

  it("a user model that matches nothing is reported as a note naming the model and its line", () => {
    const config = JSON.stringify(
      {
        models: {
          add: [
            {
              modules: ["@aws-sdk/client-s3"],
              sinks: [{ path: ".PutObjectCommand()", kind: "upload", data: ["0.Body"] }],
            },
            {
              modules: ["@aws-sdk/client-s3"],
              sinks: [{ path: ".PutObjectComand()", kind: "upload", data: ["0.Body"] }],
            },
          ],
        },
      },
      null,
      2,
    );
    const res = scan({
      "privacy-review.json": config,
      "job.ts":
        `import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";\n` +
        `export const cmd = new PutObjectCommand({ Bucket: "b", Key: "k", Body: "x" });\n`,
    });
    const notes = res.notices.filter((n) => /matched no call/.test(n.message));
    assert.strictEqual(notes.length, 1, JSON.stringify(res.notices));
    assert.strictEqual(notes[0].level, "note");
    assert.match(notes[0].message, /"\.PutObjectComand\(\)" \(models\.add\[1\]\.sinks\[0\], sinks\)/);
    assert.match(notes[0].file, /privacy-review\.json$/);
    assert.strictEqual(
      notes[0].line,
      config.split("\n").findIndex((l) => l.includes("PutObjectComand")),
    );
  });
});

describe("object storage severity", () => {
  it("server-side encryption is a note, an upload in clear an error", () => {
    const res = analyzeProject({
      root: path.join(RULES, "unencrypted-patient-write", "fixtures", "object-storage"),
      rules: ["unencrypted-patient-write"],
    });
    const byLevel = (level: string): string[] =>
      res.findings
        .filter((f) => f.severity === level)
        .map((f) => path.basename(f.location.file) + ":" + (f.location.start.line + 1));
    assert.deepStrictEqual(byLevel("note").sort(), ["s3-v3.ts:41", "v2-gcs-azure-drive.js:29"]);
    assert.ok(byLevel("error").length >= 8);
    assert.ok(
      res.findings
        .filter((f) => f.severity === "note")
        .every((f) => /encrypted at rest by the provider/.test(f.message)),
    );
  });
});
