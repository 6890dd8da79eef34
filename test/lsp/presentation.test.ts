/**
 * How a finding reads in the editor: a one-line range on the callee name, the literal or the
 * property; related places listed once; a hover that adds to the message instead of repeating
 * it (at risk, where it came from with links, why, how to fix); rule links that work offline.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fileURLToPath, pathToFileURL } from "url";
import { LspClient, PublishedDiagnostics } from "./client";

const CODE = `import * as ftp from "basic-ftp";
import * as fs from "fs";
import { Pool } from "pg";

const pool = new Pool();

export async function exportLab(labId: number): Promise<void> {
  const { rows } = await pool.query("SELECT nom, prenom, nir FROM patients WHERE lab_id = $1", [labId]);
  const csv = rows.map((r) => Object.values(r).join(";")).join("\\n");
  fs.writeFileSync("/tmp/lab-export.csv", csv);
  const client = new ftp.Client();
  await client.access({
    // the partner's drop box
    host: "ftp.partner.example",
    user: "anonymous",
    secure: true,
  });
  await client.uploadFrom("/tmp/lab-export.csv", "lab-export.csv");
}
`;

type Diag = PublishedDiagnostics["diagnostics"][number];

describe("presentation of findings in the editor", function () {
  this.timeout(120_000);
  let dir: string;
  let file: string;
  let client: LspClient;
  let diags: Diag[];
  const lines = CODE.split("\n");
  const textOf = (d: Diag): string =>
    lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-lsp-pres-"));
    file = path.join(dir, "export-lab.ts");
    fs.writeFileSync(file, CODE);
    client = new LspClient();
    await client.initialize(dir);
    client.open(file, CODE);
    diags = (
      await client.diagnostics(
        file,
        (p) =>
          p.diagnostics.some((x) => x.code === "unencrypted-patient-write") &&
          p.diagnostics.some((x) => x.code === "anonymous-access") &&
          p.diagnostics.some((x) => x.code === "no-delete-after-transfer"),
      )
    ).diagnostics.filter((x) => x.code);
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("underlines one line: the callee name, the literal or the property", () => {
    for (const d of diags)
      assert.strictEqual(d.range.start.line, d.range.end.line, `${d.code} spans one line`);
    const byCode = (code: string): string[] => diags.filter((d) => d.code === code).map(textOf);
    assert.deepStrictEqual(byCode("anonymous-access"), [`user: "anonymous"`]);
    assert.ok(
      byCode("unencrypted-patient-write").includes("writeFileSync"),
      byCode("unencrypted-patient-write").join(),
    );
    assert.deepStrictEqual(byCode("no-delete-after-transfer"), ["uploadFrom"]);
  });

  it("lists each related place once, never the finding's own place", () => {
    for (const d of diags) {
      const places = (d.relatedInformation ?? []) as Array<{
        location: { uri: string; range: { start: { line: number; character: number } } };
        message: string;
      }>;
      const keys = places.map(
        (r) => `${r.location.uri}:${r.location.range.start.line}:${r.location.range.start.character}`,
      );
      assert.deepStrictEqual(
        keys,
        [...new Set(keys)],
        `${d.code}: ${JSON.stringify(places.map((r) => r.message))}`,
      );
      assert.ok(
        !places.some(
          (r) =>
            r.location.range.start.line === d.range.start.line &&
            r.location.range.start.character === d.range.start.character,
        ),
      );
    }
    const write = diags.find((d) => d.code === "unencrypted-patient-write" && textOf(d) === "writeFileSync")!;
    const messages = (write.relatedInformation as Array<{ message: string }>).map((r) => r.message);
    assert.deepStrictEqual(messages[0], "personal data comes from here");
    assert.ok(!messages.some((m) => /source:/.test(m)), `the source is listed once: ${messages.join(" | ")}`);
  });

  it("links each rule to its bundled page, readable offline, and to no web site", () => {
    for (const d of diags) {
      const href = d.codeDescription!.href;
      assert.match(href, /^file:\/\//);
      assert.ok(fs.existsSync(fileURLToPath(href)), href);
      assert.ok(fs.readFileSync(fileURLToPath(href), "utf8").startsWith("# "));
    }
  });

  it("hovers with what is at risk, where it came from, why and how to fix, without repeating the message", async () => {
    const write = diags.find((d) => d.code === "unencrypted-patient-write" && textOf(d) === "writeFileSync")!;
    const hover = await client.conn.sendRequest<{ contents: { value: string } }>("textDocument/hover", {
      textDocument: { uri: pathToFileURL(file).toString() },
      position: write.range.start,
    });
    const text = hover.contents.value;
    assert.match(
      text,
      /\*\*At risk:\*\* patients\.nom, prenom, nir, read at \[line 8\]\(file:\/\/[^)]+export-lab\.ts#L8,\d+\)/,
    );
    assert.match(text, /\*\*Path:\*\* .*`csv` \(\[line 9\]/);
    assert.match(text, /\*\*Why:\*\* \S/);
    assert.match(text, /\*\*How to fix:\*\* \S/);
    assert.match(text, /\*\*Citation:\*\* .*§\d+/);
    const message = write.message.replace(/ \(.*\)$/, "");
    assert.ok(!text.includes(message), "the hover does not repeat the message the editor already shows");
    assert.match(text, /\[Explain rule\]\(command:privacyReview\.explainRule\?/);
    assert.ok(!/https?:\/\//.test(text), "no web link");
  });
});
