/**
 * The language server under faults and load, over stdio as an editor drives it: documents opened
 * in one tick, analyses superseded while they run, malformed frames, requests after shutdown,
 * end of input, oversized buffers, and a workspace load that must not block requests.
 */
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { REPO } from "../util/paths";
import { LspClient } from "./client";

const SERVER = path.join(REPO, "server", "out", "server.js");

const UPLOAD = (n: number): string => `import * as ftp from "basic-ftp";

export async function send${n}(client: ftp.Client): Promise<void> {
  await client.access({ host: "ftp.partner${n}.example", user: "anonymous" });
}
`;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "pr-lsp-life-"));
}

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** Starts the server with raw pipes: what a client writes is exactly what the test writes. */
function rawServer(): {
  write: (s: string) => void;
  end: () => void;
  /** Resolves once the server has written something matching `re` to stdout. */
  answered: (re: RegExp) => Promise<void>;
  exited: Promise<{ code: number | null; stderr: string; stdout: string; ms: number }>;
} {
  const started = Date.now();
  const proc = spawn(process.execPath, [SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  proc.stderr.on("data", (d) => (stderr += String(d)));
  proc.stdout.on("data", (d) => (stdout += String(d)));
  const exited = new Promise<{ code: number | null; stderr: string; stdout: string; ms: number }>(
    (resolve) => {
      const timer = setTimeout(() => proc.kill("SIGKILL"), 90_000);
      proc.on("exit", (code) => {
        clearTimeout(timer);
        resolve({ code, stderr, stdout, ms: Date.now() - started });
      });
    },
  );
  const answered = async (re: RegExp): Promise<void> => {
    const t0 = Date.now();
    while (!re.test(stdout)) {
      if (Date.now() - t0 > 60_000) throw new Error(`no ${re} from the server; stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { write: (s) => proc.stdin.write(s), end: () => proc.stdin.end(), answered, exited };
}

const INITIALIZE = (root: string): string =>
  frame(
    JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { processId: null, rootUri: pathToFileURL(root).toString(), capabilities: {} },
    }),
  );

describe("language server lifecycle and faults", function () {
  this.timeout(180_000);

  it("analyses every document opened in the same tick (tabs restored at start-up)", async () => {
    const dir = tempDir();
    const client = new LspClient();
    try {
      const files = [1, 2, 3, 4].map((n) => path.join(dir, `upload${n}.ts`));
      files.forEach((f, i) => fs.writeFileSync(f, UPLOAD(i + 1)));
      await client.initialize(dir);
      files.forEach((f, i) => client.open(f, UPLOAD(i + 1)));
      for (const f of files) {
        const d = await client.diagnostics(f, (p) =>
          p.diagnostics.some((x) => x.code === "anonymous-access"),
        );
        assert.ok(
          d.diagnostics.some((x) => x.code === "anonymous-access"),
          path.basename(f),
        );
      }
      // No file was ever given an empty list on the way (a dropped analysis publishing nothing found).
      const empties = client.published.filter(
        (p) => files.some((f) => pathToFileURL(f).toString() === p.uri) && !p.diagnostics.length,
      );
      assert.deepStrictEqual(
        empties.map((p) => path.basename(p.uri)),
        [],
      );
    } finally {
      await client.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never publishes an analysis superseded while it ran", async () => {
    const dir = tempDir();
    const client = new LspClient();
    try {
      const file = path.join(dir, "big.ts");
      // Enough code that one analysis takes a while, with a finding in it.
      const bulk = Array.from(
        { length: 800 },
        (_, i) =>
          `export async function step${i}(c: ftp.Client, rows: unknown[]): Promise<void> {\n  const text${i} = JSON.stringify(rows.map((r) => ({ r, i: ${i} })));\n  await c.uploadFrom(text${i}, "out${i}.json");\n}\n`,
      ).join("");
      const withFinding = UPLOAD(1) + bulk;
      const clean = `export const x = 1;\n`;
      fs.writeFileSync(file, clean);
      await client.initialize(dir);
      client.open(file, clean, 1);
      await client.diagnostics(file, (p) => p.version === 1);
      const t0 = Date.now();
      client.change(file, withFinding, 2);
      const first = await client.diagnostics(file, (p) => p.version === 2);
      const analysisMs = Date.now() - t0;
      assert.ok(first.diagnostics.some((x) => x.code === "anonymous-access"));
      // Now the same slow text again, and a clean text while it is being analysed.
      client.change(file, withFinding + "\n", 3);
      await new Promise((r) => setTimeout(r, Math.min(150, analysisMs / 3)));
      client.change(file, clean, 4);
      const last = await client.diagnostics(file, (p) => p.version === 4);
      assert.deepStrictEqual(last.diagnostics, []);
      const stale = client.published.filter(
        (p) => p.uri === pathToFileURL(file).toString() && p.version === 3,
      );
      assert.deepStrictEqual(
        stale.map((p) => p.diagnostics.length),
        [],
        `the version-3 analysis (about ${analysisMs} ms) was superseded by version 4 and published nothing`,
      );
    } finally {
      await client.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [what, bytes] of [
    ["a header without Content-Length", "Garbage: yes\r\n\r\n{}"],
    ["a negative Content-Length", "Content-Length: -5\r\n\r\n{}"],
    ["a Content-Length that is not a number", "Content-Length: many\r\n\r\n{}"],
    ["a body that is not JSON", frame("{not json")],
  ] as const) {
    it(`closes the connection with a log line on ${what}`, async () => {
      const dir = tempDir();
      try {
        const server = rawServer();
        server.write(INITIALIZE(dir));
        await server.answered(/"id":1,"result"/);
        server.write(bytes);
        const out = await server.exited;
        assert.strictEqual(out.code, 1, out.stderr);
        assert.match(
          out.stderr,
          /privacy-review: malformed message from the client .*closing the connection/,
        );
        assert.match(out.stdout, /"id":1,"result"/, "it had answered initialize before");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("exits with a log line at the end of its input", async () => {
    const dir = tempDir();
    try {
      const server = rawServer();
      server.write(INITIALIZE(dir));
      await server.answered(/"id":1,"result"/);
      server.end();
      const out = await server.exited;
      assert.strictEqual(out.code, 1, "no shutdown was asked: exit code 1, as for exit without shutdown");
      assert.match(out.stderr, /privacy-review: the client closed the connection \(end of input\)/);

      const polite = rawServer();
      polite.write(INITIALIZE(dir));
      polite.write(frame(JSON.stringify({ jsonrpc: "2.0", method: "initialized", params: {} })));
      polite.write(frame(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "shutdown" })));
      await polite.answered(/"id":2,"result"/);
      polite.end();
      const after = await polite.exited;
      assert.strictEqual(after.code, 0, after.stderr);
      assert.match(after.stderr, /closed the connection after shutdown/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses requests after shutdown with InvalidRequest", async () => {
    const dir = tempDir();
    const client = new LspClient();
    try {
      const file = path.join(dir, "upload1.ts");
      fs.writeFileSync(file, UPLOAD(1));
      await client.initialize(dir);
      client.open(file, UPLOAD(1));
      const d = await client.diagnostics(file, (p) => p.diagnostics.length > 0);
      await client.conn.sendRequest("shutdown");
      const position = d.diagnostics[0].range.start;
      for (const [method, params] of [
        ["textDocument/hover", { textDocument: { uri: pathToFileURL(file).toString() }, position }],
        [
          "textDocument/codeAction",
          {
            textDocument: { uri: pathToFileURL(file).toString() },
            range: d.diagnostics[0].range,
            context: { diagnostics: d.diagnostics },
          },
        ],
        ["workspace/executeCommand", { command: "privacy-review.server.scanWorkspace", arguments: [] }],
        ["textDocument/definition", { textDocument: { uri: pathToFileURL(file).toString() }, position }],
      ] as const) {
        await assert.rejects(
          client.conn.sendRequest(method, params),
          (e: { code?: number }) => e.code === -32600,
          `${method} after shutdown`,
        );
      }
    } finally {
      await client.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("does not parse an open buffer over the size limit, and says so in the editor", async () => {
    const dir = tempDir();
    const client = new LspClient();
    try {
      fs.writeFileSync(path.join(dir, "privacy-review.json"), `{ "maxFileBytes": 4096 }\n`);
      const file = path.join(dir, "huge.ts");
      const small = UPLOAD(1);
      fs.writeFileSync(file, small);
      await client.initialize(dir);
      client.open(file, small, 1);
      await client.diagnostics(file, (p) => p.diagnostics.some((x) => x.code === "anonymous-access"));
      const huge = small + `export const padding = [${"1, ".repeat(3000)}];\n`;
      client.change(file, huge, 2);
      const d = await client.diagnostics(file, (p) => p.version === 2);
      assert.ok(!d.diagnostics.some((x) => x.code), "no rule ran on the oversized buffer");
      const notice = d.diagnostics.find((x) =>
        /not analysed: this file is \d+ KiB, over the 4 KiB limit/.test(x.message),
      );
      assert.ok(notice, JSON.stringify(d.diagnostics));
      assert.match(notice.message, /maxFileBytes/);
      // Back under the limit: analysed again.
      client.change(file, small, 3);
      await client.diagnostics(
        file,
        (p) => p.version === 3 && p.diagnostics.some((x) => x.code === "anonymous-access"),
      );
    } finally {
      await client.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("a workspace that takes a while to read", () => {
    let dir: string;
    before(() => {
      dir = tempDir();
      for (let i = 0; i < 1500; i++) {
        const sub = path.join(dir, "src", `m${i % 30}`);
        fs.mkdirSync(sub, { recursive: true });
        fs.writeFileSync(
          path.join(sub, `f${i}.ts`),
          `export const URL_${i} = "https://partner.example/${i}";\nexport function f${i}(x: number): number {\n  return x * ${i};\n}\n`,
        );
      }
      fs.writeFileSync(
        path.join(dir, "src", "late.ts"),
        `export const DROP = "ftp://ftp.partner.example/in";\n`,
      );
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("answers requests and analyses open files while it loads, and the load can be cancelled", async () => {
      const client = new LspClient();
      try {
        const file = path.join(dir, "open.ts");
        fs.writeFileSync(file, UPLOAD(1));
        await client.initialize(dir);
        client.open(file, UPLOAD(1));
        const d = await client.diagnostics(file, (p) =>
          p.diagnostics.some((x) => x.code === "anonymous-access"),
        );
        const firstStatus = await waitFor(() => client.status[0] as { loaded: boolean } | undefined);
        assert.strictEqual(firstStatus.loaded, false, "the open file was analysed before the load ended");
        const hover = await client.conn.sendRequest<{ contents: { value: string } } | null>(
          "textDocument/hover",
          {
            textDocument: { uri: pathToFileURL(file).toString() },
            position: d.diagnostics.find((x) => x.code === "anonymous-access")!.range.start,
          },
        );
        assert.ok(hover && /anonymous/i.test(hover.contents.value));
        // The load reports progress and can be cancelled from it.
        const token = client.progressTokens[0];
        assert.ok(token !== undefined, "the load shows a progress");
        const begin = client.progress.find((p) => p.token === token && p.value.kind === "begin");
        assert.ok(begin?.value.cancellable, "the progress is cancellable");
        await client.conn.sendNotification("window/workDoneProgress/cancel", { token });
        await waitFor(() => client.progress.some((p) => p.token === token && p.value.kind === "end"));
        const ended = await waitFor(
          () =>
            client.logs.find((l) => /reading .* was stopped/.test(l.message)) ??
            (client.status as Array<{ loaded: boolean }>).find((s) => s.loaded),
        );
        assert.ok(ended, "the load ended (stopped, or finished before the cancel arrived)");
        // A workspace scan reads everything, including what the cancelled load had not reached.
        const scan = await client.conn.sendRequest<{ problems: number }>("workspace/executeCommand", {
          command: "privacy-review.server.scanWorkspace",
          arguments: [],
        });
        assert.ok(scan.problems >= 2, `scan found ${scan.problems}`);
        const late = await client.diagnostics(path.join(dir, "src", "late.ts"), (p) =>
          p.diagnostics.some((x) => x.code === "plaintext-transfer"),
        );
        assert.ok(late);
      } finally {
        await client.shutdown();
      }
    });
  });
});

async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}
