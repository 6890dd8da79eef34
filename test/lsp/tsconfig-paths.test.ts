/**
 * The language server builds its workspace with the compiler options the CLI uses: an import
 * through a tsconfig `paths` alias carries a flow in both, and both report it at the same place.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeProject } from "privacy-review";
import { LspClient } from "./client";

const TSCONFIG = `{
  "compilerOptions": {
    "strict": true,
    "baseUrl": ".",
    "paths": { "@data/*": ["src/data/*"] }
  },
  "include": ["src/**/*.ts"]
}
`;

const DATA = `import { Pool } from "pg";

const pool = new Pool();

export async function loadPatients(): Promise<unknown[]> {
  const { rows } = await pool.query("SELECT nom, prenom, nir FROM patients WHERE service = 'cardio'");
  return rows;
}
`;

const EXPORT = `import * as fs from "node:fs";
import { loadPatients } from "@data/patients";

export async function exportPatients(): Promise<void> {
  const rows = await loadPatients();
  fs.writeFileSync("/tmp/patients.json", JSON.stringify(rows));
}
`;

describe("tsconfig paths in the CLI and the language server", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-paths-"));
    fs.mkdirSync(path.join(dir, "src", "data"), { recursive: true });
    fs.writeFileSync(path.join(dir, "tsconfig.json"), TSCONFIG);
    fs.writeFileSync(path.join(dir, "src", "data", "patients.ts"), DATA);
    fs.writeFileSync(path.join(dir, "src", "export.ts"), EXPORT);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("the CLI follows the alias to the query", () => {
    const res = analyzeProject({ root: dir });
    const write = res.findings.find((f) => f.ruleId === "unencrypted-patient-write");
    assert.ok(write, JSON.stringify(res.findings.map((f) => f.ruleId)));
    assert.strictEqual(path.basename(write.location.file), "export.ts");
    assert.strictEqual(write.location.start.line, 5);
  });

  it("the language server follows it too, with only the exporting file open", async () => {
    const client = new LspClient();
    try {
      await client.initialize(dir);
      const file = path.join(dir, "src", "export.ts");
      client.open(file, EXPORT);
      const d = await client.diagnostics(file, (p) =>
        p.diagnostics.some((x) => x.code === "unencrypted-patient-write"),
      );
      const write = d.diagnostics.find((x) => x.code === "unencrypted-patient-write")!;
      assert.strictEqual(write.range.start.line, 5);
      const related = JSON.stringify(write.relatedInformation);
      assert.match(related, /src\/data\/patients\.ts/, "the source query, in the aliased module");
    } finally {
      await client.shutdown();
    }
  });

  it("without the alias in tsconfig, neither finds the flow (the test depends on the alias)", () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), "pr-paths-bare-"));
    try {
      fs.cpSync(dir, bare, { recursive: true });
      fs.writeFileSync(path.join(bare, "tsconfig.json"), `{ "include": ["src/**/*.ts"] }\n`);
      const res = analyzeProject({ root: bare });
      assert.ok(!res.findings.some((f) => f.ruleId === "unencrypted-patient-write"));
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});
