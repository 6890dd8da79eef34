// The removal fix writes with the file's own import of node's fs module, in whatever form it
// has: it never adds a second `import * as fs2 from "node:fs"` beside an existing one.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLI } from "../util/paths";

function transfer(imports: string, write: string): string {
  return [
    `import { Storage } from "@google-cloud/storage";`,
    imports,
    `import { Pool } from "pg";`,
    ``,
    `const pool = new Pool();`,
    `const bucket = new Storage().bucket("lab-exports");`,
    ``,
    `export async function exportPatients(): Promise<void> {`,
    `  const r = await pool.query("SELECT nom, nir FROM patients WHERE lab_id = $1", [1]);`,
    `  const out = "/tmp/patients.json";`,
    `  ${write}`,
    `  await bucket.upload(out);`,
    `}`,
    ``,
  ].join("\n");
}

function fixed(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-fix-imports-"));
  try {
    const file = path.join(dir, "export.ts");
    fs.writeFileSync(file, source);
    const run = spawnSync(
      process.execPath,
      [CLI, "scan", dir, "--fix", "--rule", "no-delete-after-transfer"],
      {
        encoding: "utf8",
      },
    );
    assert.strictEqual(run.status, 0, run.stdout + run.stderr);
    return fs.readFileSync(file, "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const wrapped = (removal: string): string =>
  [`  try {`, `    await bucket.upload(out);`, `  } finally {`, `    ${removal}`, `  }`].join("\n");

describe("removal fix reuses the file's fs import", function () {
  this.timeout(60_000);
  const write = "await writeFile(out, JSON.stringify(r.rows));";

  it("adds rm to an existing named import of node:fs/promises", () => {
    const after = fixed(transfer(`import { writeFile } from "node:fs/promises";`, write));
    assert.ok(after.includes(`import { writeFile, rm } from "node:fs/promises";\n`), after);
    assert.ok(after.includes(wrapped("await rm(out, { force: true });")), after);
    assert.ok(!/import \* as fs/.test(after), after);
  });

  it("uses a named promises binding of fs", () => {
    const after = fixed(
      transfer(
        `import { createReadStream, promises as fsp } from "fs";`,
        "await fsp.writeFile(out, JSON.stringify(r.rows));",
      ),
    );
    assert.ok(after.includes(`import { createReadStream, promises as fsp } from "fs";\n`), after);
    assert.ok(after.includes(wrapped("await fsp.rm(out, { force: true });")), after);
    assert.ok(!/import \* as fs/.test(after), after);
  });

  it("uses an existing named rmSync, renamed or not", () => {
    const after = fixed(
      transfer(
        `import { writeFileSync, rmSync as remove } from "node:fs";`,
        "writeFileSync(out, JSON.stringify(r.rows));",
      ),
    );
    assert.ok(after.includes(`import { writeFileSync, rmSync as remove } from "node:fs";\n`), after);
    assert.ok(after.includes(wrapped("remove(out, { force: true });")), after);
  });

  it("adds rmSync to an existing named import of fs", () => {
    const after = fixed(
      transfer(`import { writeFileSync } from "fs";`, "writeFileSync(out, JSON.stringify(r.rows));"),
    );
    assert.ok(after.includes(`import { writeFileSync, rmSync } from "fs";\n`), after);
    assert.ok(after.includes(wrapped("rmSync(out, { force: true });")), after);
    assert.ok(!/import \* as fs/.test(after), after);
  });

  it("uses the namespace binding of node:fs", () => {
    const after = fixed(
      transfer(`import * as nodeFs from "node:fs";`, "nodeFs.writeFileSync(out, JSON.stringify(r.rows));"),
    );
    assert.ok(after.includes(wrapped("await nodeFs.promises.rm(out, { force: true });")), after);
    assert.strictEqual(after.match(/from "node:fs"/g)?.length, 1, after);
  });
});
