/** A real JSON-RPC client (vscode-jsonrpc) driving the built server over stdio. */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { pathToFileURL } from "url";
import {
  createMessageConnection,
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-jsonrpc/node";
import { REPO } from "../util/paths";

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Array<{
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    code?: string;
    source?: string;
    message: string;
    severity?: number;
    codeDescription?: { href: string };
    relatedInformation?: unknown[];
    data?: unknown;
  }>;
}

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  private diags = new Map<string, PublishedDiagnostics>();
  private waiters: Array<{
    uri: string;
    pred: (d: PublishedDiagnostics) => boolean;
    resolve: (d: PublishedDiagnostics) => void;
  }> = [];
  stderr = "";
  status: unknown[] = [];
  exited = false;
  exitCode: number | null = null;
  /** Every publication, in order (for tests that look at what was published, not only the last). */
  published: PublishedDiagnostics[] = [];
  logs: Array<{ type: number; message: string }> = [];
  progressTokens: Array<string | number> = [];
  progress: Array<{
    token: string | number;
    value: { kind: string; title?: string; cancellable?: boolean };
  }> = [];

  /** `serverPath`: another build of the server (the bundled `dist/server.js` of a packaged `.vsix`). */
  constructor(serverPath = path.join(REPO, "server", "out", "server.js")) {
    this.proc = spawn(process.execPath, [serverPath, "--stdio"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.proc.stderr!.on("data", (d) => (this.stderr += String(d)));
    this.proc.on("exit", (code) => {
      this.exited = true;
      this.exitCode = code;
    });
    this.conn = createMessageConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification("textDocument/publishDiagnostics", (p: PublishedDiagnostics) => {
      this.diags.set(p.uri, p);
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri === p.uri && w.pred(p)) {
          w.resolve(p);
          return false;
        }
        return true;
      });
    });
    this.conn.onNotification("privacyReview/status", (s: unknown) => {
      this.status.push(s);
    });
    this.conn.onNotification("window/logMessage", (m: { type: number; message: string }) => {
      this.logs.push(m);
    });
    this.conn.onRequest("window/workDoneProgress/create", (p: { token: string | number }) => {
      this.progressTokens.push(p.token);
      return null;
    });
    this.conn.onNotification("$/progress", (p: LspClient["progress"][number]) => {
      this.progress.push(p);
    });
    this.conn.onNotification("window/showMessage", (m: { type: number; message: string }) => {
      this.logs.push(m);
    });
    this.conn.onRequest("workspace/configuration", () => [{ enable: true, run: "onType", rules: {} }]);
    this.conn.onRequest("client/registerCapability", () => null);
    this.conn.listen();
  }

  async initialize(root: string, workspaceEdit?: Record<string, unknown>): Promise<unknown> {
    const res = await this.conn.sendRequest("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(root).toString(),
      workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: "ws" }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, workspaceEdit },
        window: { workDoneProgress: true },
        textDocument: {
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source.fixAll"] } },
          },
        },
      },
    });
    await this.conn.sendNotification("initialized", {});
    return res;
  }

  open(file: string, text: string, version = 1): void {
    void this.conn.sendNotification("textDocument/didOpen", {
      textDocument: { uri: pathToFileURL(file).toString(), languageId: "typescript", version, text },
    });
  }

  change(file: string, text: string, version: number): void {
    void this.conn.sendNotification("textDocument/didChange", {
      textDocument: { uri: pathToFileURL(file).toString(), version },
      contentChanges: [{ text }],
    });
  }

  /** Next diagnostics for a file that satisfy `pred` (the last published ones if they already do). */
  diagnostics(
    file: string,
    pred: (d: PublishedDiagnostics) => boolean = () => true,
    timeoutMs = 15000,
  ): Promise<PublishedDiagnostics> {
    const uri = pathToFileURL(file).toString();
    const have = this.diags.get(uri);
    if (have && pred(have)) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () =>
          reject(
            new Error(
              `no matching diagnostics for ${path.basename(file)} within ${timeoutMs} ms; last: ${JSON.stringify(this.diags.get(uri)?.diagnostics.map((d) => d.code))}; stderr: ${this.stderr.slice(-500)}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        uri,
        pred,
        resolve: (d) => {
          clearTimeout(t);
          resolve(d);
        },
      });
    });
  }

  /** Wait for the next publication for a file, whatever it says. */
  nextDiagnostics(file: string, timeoutMs = 15000): Promise<PublishedDiagnostics> {
    const uri = pathToFileURL(file).toString();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no diagnostics for ${path.basename(file)}`)), timeoutMs);
      this.waiters.push({
        uri,
        pred: () => true,
        resolve: (d) => {
          clearTimeout(t);
          resolve(d);
        },
      });
    });
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest("shutdown"), new Promise((r) => setTimeout(r, 2000))]);
      void this.conn.sendNotification("exit");
    } catch {
      /* already gone */
    }
    setTimeout(() => {
      if (!this.exited) this.proc.kill("SIGKILL");
    }, 1000).unref();
    this.conn.dispose();
  }
}
