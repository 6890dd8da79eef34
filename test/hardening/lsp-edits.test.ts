/** Random edit sequences through the language server: it stays up, answers, and keeps other files' diagnostics. */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import fc from "fast-check";
import { LspClient } from "../lsp/client";
import { RULES } from "../util/paths";

const RUNS = Number(process.env.PRIVACY_REVIEW_FUZZ_RUNS ?? 60);

describe("hardening: random edits through the language server", function () {
  this.timeout(300_000);
  let dir: string;
  let client: LspClient;
  const target = (): string => path.join(dir, "target.ts");
  const neighbour = (): string => path.join(dir, "neighbour.ts");

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-lsp-fuzz-"));
    fs.writeFileSync(
      target(),
      fs.readFileSync(
        path.join(RULES, "unencrypted-patient-write", "fixtures", "files-and-streams.ts"),
        "utf8",
      ),
    );
    fs.writeFileSync(neighbour(), `export const DROP = "ftp://ftp.partner.example/in";\n`);
    client = new LspClient();
    await client.initialize(dir);
    client.open(neighbour(), fs.readFileSync(neighbour(), "utf8"));
    await client.diagnostics(neighbour(), (p) => p.diagnostics.some((d) => d.code === "plaintext-transfer"));
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`survives ${Math.max(10, Math.floor(RUNS / 3))} random edit sequences`, async () => {
    let version = 1;
    let text = fs.readFileSync(target(), "utf8");
    client.open(target(), text, version);
    await client.nextDiagnostics(target());
    const edit = fc.record({ at: fc.nat(), len: fc.nat({ max: 80 }), insert: fc.string({ maxLength: 30 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 8 }), async (edits) => {
        for (const e of edits) {
          const i = e.at % (text.length + 1);
          text = text.slice(0, i) + e.insert + text.slice(Math.min(text.length, i + e.len));
          client.change(target(), text, ++version);
        }
        await client.nextDiagnostics(target(), 20_000);
        assert.ok(!client.exited, "server alive");
      }),
      { numRuns: Math.max(10, Math.floor(RUNS / 3)), seed: 11 },
    );
    // Still answering, and the neighbour's finding still there.
    const hover = await client.conn.sendRequest("textDocument/hover", {
      textDocument: { uri: pathToFileURL(neighbour()).toString() },
      position: { line: 0, character: 22 },
    });
    assert.ok(hover, "hover on the untouched file still works");
    assert.ok(!/unexpected error|unhandled rejection/.test(client.stderr), client.stderr.slice(-500));
  });
});
