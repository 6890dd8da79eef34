/** "Disable … for this line — with reason" as an editor sees it: a snippet, and an honest reason. */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { applyTextEdits } from "../util/textEdits";
import { LspClient } from "./client";

const CODE = `import * as ftp from "basic-ftp";

export async function send(client: ftp.Client): Promise<void> {
  await client.access({ host: "ftp.partner.example", user: "anonymous" });
}
`;

interface Action {
  title: string;
  edit?: {
    changes?: Record<string, Array<{ range: never; newText: string }>>;
    documentChanges?: Array<{
      textDocument: { uri: string; version: number | null };
      edits: Array<{ range: never; snippet?: { kind: string; value: string }; newText?: string }>;
    }>;
  };
}

async function disableAction(client: LspClient, file: string): Promise<Action> {
  const d = await client.diagnostics(file, (p) => p.diagnostics.some((x) => x.code === "anonymous-access"));
  const diag = d.diagnostics.find((x) => x.code === "anonymous-access")!;
  const actions = await client.conn.sendRequest<Action[]>("textDocument/codeAction", {
    textDocument: { uri: pathToFileURL(file).toString() },
    range: diag.range,
    context: { diagnostics: [diag] },
  });
  const disable = actions.find((a) => /^Disable anonymous-access for this line — with reason$/.test(a.title));
  assert.ok(disable, actions.map((a) => a.title).join(" | "));
  return disable;
}

describe("suppression quick fix", function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-lsp-supp-"));
    file = path.join(dir, "send.ts");
    fs.writeFileSync(file, CODE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("inserts a snippet with the reason selected when the editor takes snippet edits", async () => {
    const client = new LspClient();
    try {
      await client.initialize(dir, { documentChanges: true, snippetEditSupport: true });
      client.open(file, CODE, 7);
      const disable = await disableAction(client, file);
      const change = disable.edit!.documentChanges![0];
      assert.strictEqual(change.textDocument.uri, pathToFileURL(file).toString());
      assert.strictEqual(change.textDocument.version, 7);
      assert.deepStrictEqual(change.edits[0].snippet, {
        kind: "snippet",
        value: "  // privacy-review-disable-next-line anonymous-access -- ${1:<reason>}\n",
      });
    } finally {
      await client.shutdown();
    }
  });

  it("keeps the finding while the reason is the placeholder, with a note; a real reason suppresses it", async () => {
    const client = new LspClient();
    try {
      await client.initialize(dir);
      client.open(file, CODE, 1);
      const disable = await disableAction(client, file);
      const edits = disable.edit!.changes![pathToFileURL(file).toString()];
      const withPlaceholder = applyTextEdits(CODE, edits);
      assert.strictEqual(
        withPlaceholder.split("\n")[3],
        "  // privacy-review-disable-next-line anonymous-access -- <reason>",
      );
      client.change(file, withPlaceholder, 2);
      const d = await client.diagnostics(file, (p) => p.version === 2);
      assert.ok(
        d.diagnostics.some((x) => x.code === "anonymous-access" && x.range.start.line === 4),
        "the placeholder suppresses nothing",
      );
      const note = d.diagnostics.find((x) => !x.code && x.range.start.line === 3);
      assert.ok(note, JSON.stringify(d.diagnostics.map((x) => x.message)));
      assert.match(note.message, /"<reason>" is a placeholder, not a reason/);
      const reasoned = withPlaceholder.replace(
        "<reason>",
        "the partner's drop box is reached only through the lab VPN",
      );
      client.change(file, reasoned, 3);
      const after = await client.diagnostics(file, (p) => p.version === 3);
      assert.ok(!after.diagnostics.some((x) => x.code === "anonymous-access"), "suppressed with a reason");
    } finally {
      await client.shutdown();
    }
  });
});
