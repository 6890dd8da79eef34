/** The language server over stdio, as an editor drives it. */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { applyTextEdits } from "../util/textEdits";
import { newErrors } from "../util/compile";
import { LspClient } from "./client";

const BAD = `import * as ftp from "basic-ftp";
import * as fs from "fs";
import { Pool } from "pg";

const pool = new Pool();

export async function exportLab(client: ftp.Client): Promise<void> {
  const { rows } = await pool.query("SELECT nom, prenom, nir FROM patients WHERE lab_id = 4");
  fs.writeFileSync("/tmp/lab.csv", rows.map((r) => Object.values(r).join(";")).join("\\n"));
  await client.access({ host: "ftp.partner.example", user: "anonymous", password: "x@example.org" });
  await client.uploadFrom("/tmp/lab.csv", "lab.csv");
}
`;

describe("language server over stdio", function () {
  // Generous: the compile check of each fix runs the type checker, slow on a busy machine.
  this.timeout(240_000);
  let dir: string;
  let client: LspClient;
  const file = (): string => path.join(dir, "export.ts");

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-lsp-"));
    fs.writeFileSync(path.join(dir, "export.ts"), BAD);
    fs.writeFileSync(path.join(dir, "other.ts"), `export const URL = "http://partner.example/api";\n`);
    client = new LspClient();
    const init = (await client.initialize(dir)) as {
      capabilities: { hoverProvider: boolean; codeActionProvider: unknown };
    };
    assert.ok(init.capabilities.hoverProvider);
    assert.ok(init.capabilities.codeActionProvider);
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("publishes diagnostics with rule codes, doc links, source and flow steps", async () => {
    client.open(file(), BAD);
    const d = await client.diagnostics(file(), (p) =>
      p.diagnostics.some((x) => x.code === "unencrypted-patient-write"),
    );
    const codes = d.diagnostics.map((x) => x.code).sort();
    for (const c of [
      "anonymous-access",
      "no-delete-after-transfer",
      "plaintext-transfer",
      "unencrypted-patient-write",
    ])
      assert.ok(codes.includes(c), `has ${c}: ${codes.join(", ")}`);
    for (const x of d.diagnostics.filter((y) => y.code)) {
      assert.strictEqual(x.source, "privacy-review");
      assert.match(x.codeDescription!.href, new RegExp(`^file://.*/rules/${x.code}/doc\\.md$`));
      assert.match(x.message, /\(CNIL SAN-2022-009 found: Art\. (29|32) \(§\d+[^)]*\) · our reading: Art\. /);
    }
    const write = d.diagnostics.find((x) => x.code === "unencrypted-patient-write")!;
    assert.ok((write.relatedInformation ?? []).length >= 1, "points at the source query");
    assert.ok(!JSON.stringify(d).includes("x@example.org"), "never copies literal values into messages");
  });

  it("hovers a finding with the article, the decision paragraph and how to fix", async () => {
    const d = await client.diagnostics(file(), (p) =>
      p.diagnostics.some((x) => x.code === "anonymous-access"),
    );
    const anon = d.diagnostics.find((x) => x.code === "anonymous-access")!;
    const hover = await client.conn.sendRequest<{ contents: { value: string } }>("textDocument/hover", {
      textDocument: { uri: pathToFileURL(file()).toString() },
      position: anon.range.start,
    });
    assert.ok(
      hover.contents.value.includes(
        "**Citation:** CNIL SAN-2022-009 found: Art. 32 (§64, §69, §70) · our reading: Art. 32(1)(b)",
      ),
      hover.contents.value,
    );
    assert.match(hover.contents.value, /How to fix/);
  });

  it("offers quick fixes that remove the finding and keep the file compiling", async () => {
    let text = BAD;
    let version = 1;
    for (const code of [
      "anonymous-access",
      "plaintext-transfer",
      "no-delete-after-transfer",
      "unencrypted-patient-write",
    ]) {
      const d = await client.diagnostics(file(), (p) => p.diagnostics.some((x) => x.code === code));
      const diag = d.diagnostics.find((x) => x.code === code)!;
      const actions = await client.conn.sendRequest<
        Array<{
          title: string;
          kind: string;
          isPreferred?: boolean;
          edit?: { changes: Record<string, Array<{ range: unknown; newText: string }>> };
          command?: { command: string };
        }>
      >("textDocument/codeAction", {
        textDocument: { uri: pathToFileURL(file()).toString() },
        range: diag.range,
        context: { diagnostics: [diag] },
      });
      assert.ok(
        actions.some((a) => /Disable .* with reason/.test(a.title)),
        `${code}: offers the disable action`,
      );
      assert.ok(
        actions.some((a) => a.command?.command === "privacyReview.explainRule"),
        `${code}: offers Explain rule`,
      );
      const fix = actions.find((a) => a.isPreferred && a.edit);
      assert.ok(fix, `${code}: has a preferred fix among ${actions.map((a) => a.title).join(", ")}`);
      const edits = fix.edit!.changes[pathToFileURL(file()).toString()];
      const next = applyTextEdits(text, edits as never);
      assert.deepStrictEqual(newErrors(file(), text, next), [], `${code}: fix adds no compiler error`);
      text = next;
      client.change(file(), text, ++version);
      await client.diagnostics(
        file(),
        (p) => !p.diagnostics.some((x) => x.code === code && x.range.start.line === diag.range.start.line),
      );
    }
  });

  it("keeps up with a burst of edits and reports on the latest text", async () => {
    let version = 100;
    const clean = `export const x = 1;\n`;
    for (let i = 0; i < 20; i++) client.change(file(), i % 2 ? BAD : clean + `// ${i}\n`, ++version);
    client.change(file(), clean, ++version);
    const d = await client.diagnostics(file(), (p) => p.diagnostics.length === 0);
    assert.strictEqual(d.diagnostics.length, 0);
  });

  it("survives a file with syntax errors and keeps other files' diagnostics", async () => {
    const other = path.join(dir, "other.ts");
    client.open(other, fs.readFileSync(other, "utf8"));
    await client.diagnostics(other, (p) => p.diagnostics.some((x) => x.code === "plaintext-transfer"));
    // Garbage around one real finding: the parseable part is still reviewed, nothing is invented.
    const garbage = `export const FEED = "http://partner.example/api";\nexport function (\n  const = ;;\n`;
    client.change(file(), garbage, 500);
    const broken = await client.nextDiagnostics(file());
    const ruleCodes = broken.diagnostics.filter((x) => x.code !== undefined).map((x) => String(x.code));
    assert.deepStrictEqual(ruleCodes, ["plaintext-transfer"], "the one real finding, no rule error invented");
    // the server is still alive and the other file keeps its finding
    const hover = await client.conn.sendRequest("textDocument/hover", {
      textDocument: { uri: pathToFileURL(other).toString() },
      position: { line: 0, character: 20 },
    });
    assert.ok(hover, "server answers after the syntax error");
    assert.ok(!client.exited);
  });

  it("runs a workspace scan with progress and reports files that are not open", async () => {
    const res = await client.conn.sendRequest<{ problems: number }>("workspace/executeCommand", {
      command: "privacy-review.server.scanWorkspace",
      arguments: [],
    });
    assert.ok(res.problems >= 1);
  });
});
