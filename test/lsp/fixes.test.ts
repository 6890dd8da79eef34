/**
 * Code actions over the protocol on the bundled example's lab B export (three removal findings,
 * a whole-table read that an instruction governs): one preferred fix per diagnostic, one action
 * for two findings that the same change resolves, and "Fix all" (source.fixAll) giving exactly
 * the text `privacy-review scan --fix` writes.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { CLI, REPO } from "../util/paths";
import { applyTextEdits, LspEdit } from "../util/textEdits";
import { LspClient, PublishedDiagnostics } from "./client";

type Diagnostic = PublishedDiagnostics["diagnostics"][number];
interface Action {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: Diagnostic[];
  edit?: { changes?: Record<string, LspEdit[]> };
}

const EXAMPLE = path.join(REPO, "examples", "lab-migration");
const EXPORT = path.join("src", "migrations", "lab-b", "export.ts");

function copyExample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-lsp-fixes-"));
  fs.cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
  return dir;
}

const sameDiagnostic = (a: Diagnostic, b: Diagnostic): boolean =>
  a.code === b.code && a.range.start.line === b.range.start.line && a.message === b.message;

describe("language server: fixes on the example", function () {
  this.timeout(240_000);
  let dir: string;
  let client: LspClient;
  let file: string;
  let text: string;
  let diagnostics: Diagnostic[];

  before(async () => {
    dir = copyExample();
    file = path.join(dir, EXPORT);
    text = fs.readFileSync(file, "utf8");
    client = new LspClient();
    await client.initialize(dir);
    client.open(file, text);
    const published = await client.diagnostics(
      file,
      (p) => p.diagnostics.filter((d) => d.code === "no-delete-after-transfer").length === 3,
      60_000,
    );
    diagnostics = published.diagnostics.filter((d) => d.source === "privacy-review");
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const actionsFor = (list: Diagnostic[], only?: string[]): Promise<Action[]> =>
    client.conn.sendRequest("textDocument/codeAction", {
      textDocument: { uri: pathToFileURL(file).toString() },
      range: { start: { line: 0, character: 0 }, end: { line: text.split("\n").length, character: 0 } },
      context: { diagnostics: list, only },
    });

  it("marks at most one fix preferred for each diagnostic, asked alone or all together", async () => {
    const together = await actionsFor(diagnostics);
    for (const d of diagnostics) {
      const preferred = together.filter(
        (a) => a.isPreferred && (a.diagnostics ?? []).some((x) => sameDiagnostic(x, d)),
      );
      assert.ok(
        preferred.length <= 1,
        `${d.code} line ${d.range.start.line + 1}: ${preferred.length} preferred`,
      );
      const alone = (await actionsFor([d])).filter((a) => a.isPreferred);
      assert.ok(alone.length <= 1, `${d.code} alone: ${alone.map((a) => a.title).join(", ")}`);
    }
    assert.ok(
      together.some((a) => a.isPreferred),
      `some fix is preferred among ${together.map((a) => a.title).join(", ")}`,
    );
  });

  it("offers one action, with the instructed columns, for the two findings on SELECT *", async () => {
    const line = text.split("\n").findIndex((l) => l.includes(`"SELECT * FROM patients"`));
    const onLine = diagnostics.filter((d) => d.range.start.line === line);
    assert.deepStrictEqual(onLine.map((d) => d.code).sort(), [
      "beyond-instructions",
      "unfiltered-extraction",
    ]);
    const actions = (await actionsFor(onLine)).filter((a) => a.edit);
    const columnFixes = actions.filter((a) => !/^Disable /.test(a.title));
    assert.strictEqual(columnFixes.length, 1, columnFixes.map((a) => a.title).join(" | "));
    assert.strictEqual(columnFixes[0].diagnostics?.length, 2, "the action resolves both findings");
    assert.ok(columnFixes[0].isPreferred);
    const after = applyTextEdits(text, columnFixes[0].edit!.changes![pathToFileURL(file).toString()]);
    const columns =
      "id, nom, prenom, nom_naissance, date_naissance, sexe, nir, adresse, telephone, email, derniere_visite";
    assert.strictEqual(after, text.replace(`"SELECT * FROM patients"`, `"SELECT ${columns} FROM patients"`));
  });

  it("Fix all (source.fixAll) gives the text scan --fix writes, all three removals included", async () => {
    const actions = await actionsFor([], ["source.fixAll"]);
    const fixAll = actions.find((a) => a.kind === "source.fixAll.privacy-review");
    assert.ok(fixAll?.edit?.changes, `a Fix all action among ${actions.map((a) => a.title).join(", ")}`);
    const edited = Object.keys(fixAll.edit.changes);
    assert.deepStrictEqual(edited, [pathToFileURL(file).toString()], "only the file asked about changes");
    const viaEditor = applyTextEdits(text, fixAll.edit.changes[edited[0]]);

    const cliDir = copyExample();
    try {
      const run = spawnSync(process.execPath, [CLI, "scan", cliDir, "--fix"], { encoding: "utf8" });
      assert.ok(run.status === 0 || run.status === 1, run.stdout + run.stderr);
      const viaCli = fs.readFileSync(path.join(cliDir, EXPORT), "utf8");
      assert.notStrictEqual(viaCli, text, "--fix changed the file");
      assert.strictEqual(viaEditor, viaCli);
    } finally {
      fs.rmSync(cliDir, { recursive: true, force: true });
    }
    assert.strictEqual(viaEditor.match(/\} finally \{\n\s+rmSync\(/g)?.length, 3, viaEditor);
    for (const name of ["patientsCsv", "analysesCsv", "prescripteursCsv"])
      assert.ok(viaEditor.includes(`rmSync(${name}, { force: true });`), `${name} is removed:\n${viaEditor}`);
  });
});
