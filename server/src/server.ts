#!/usr/bin/env node
/**
 * The privacy-review language server: `node server/out/server.js --stdio` (or --node-ipc from the
 * VS Code client). Push diagnostics; incremental re-analysis of the edited files and their
 * neighbours; hovers; quick fixes from the shared fix engine; workspace scan with progress.
 * Messages and command ids are shared with the client through `shared/protocol`.
 */
import { fileURLToPath } from "url";
import * as path from "path";
import {
  CancellationToken,
  CodeActionKind,
  Diagnostic,
  ErrorCodes,
  InitializeParams,
  InitializeResult,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WorkDoneProgressServerReporter,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { Finding } from "./engine/findings";
import { FixEngine } from "./engine/fixes/fixes";
import { isSourcePath } from "./engine/load/workspace";
import { CONFIG_FILE } from "./engine/config/config";
import { buildRecord } from "./engine/report/record";
import { renderHtml } from "./engine/report/render";
import { AnalysisQueue, AnalysisRun } from "./lsp/analysisQueue";
import { codeActionsFor, EditorCapabilities, fixAllEdits, workspaceEdit } from "./lsp/codeActions";
import { hoverFor, noticeDiagnostic, readText, toDiagnostic, uri } from "./lsp/convert";
import { FileResults, Session } from "./lsp/session";
import { createTransport, logToStderr } from "./lsp/transport";
import {
  DEFAULT_SETTINGS,
  FIX_ALL_KIND,
  FixAllResult,
  MigrationRecordResult,
  ScanWorkspaceResult,
  ServerCommands,
  SETTINGS_SECTION,
  Settings,
  StatusNotification,
  StatusParams,
} from "./shared/protocol";

const SERVER_VERSION = "0.1.0";
const DEBOUNCE_MS = 15;

const transport = createTransport();
const connection = transport.connection;
const documents = new TextDocuments(TextDocument);
const sessions = new Map<string, Session>();
let roots: string[] = [];
let settings: Settings = { ...DEFAULT_SETTINGS };
let pullSettings = false;
let editor: EditorCapabilities = { snippetEdits: false, documentChanges: false, workDoneProgress: false };
let shuttingDown = false;
const queue = new AnalysisQueue(runAnalysis);

// A change read while an analysis runs makes that analysis stale before the change is dispatched.
const CHANGE_METHODS = new Set(["textDocument/didChange", "textDocument/didOpen", "textDocument/didClose"]);
transport.onIncoming((message) => {
  const m = message as { method?: string; params?: { textDocument?: { uri?: string } } };
  const u = m.method && CHANGE_METHODS.has(m.method) ? m.params?.textDocument?.uri : undefined;
  if (u && isFileUri(u)) queue.noteIncoming(fileOf(u));
});

/** Requests after `shutdown` are refused, as the protocol asks. */
function refuseAfterShutdown(): void {
  if (shuttingDown) throw new ResponseError(ErrorCodes.InvalidRequest, "the server is shutting down");
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  roots = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri));
  if (!roots.length && params.rootUri) roots = [fileURLToPath(params.rootUri)];
  const caps = params.capabilities;
  pullSettings = !!caps.workspace?.configuration;
  const workspaceEditCaps = caps.workspace?.workspaceEdit;
  editor = {
    snippetEdits: !!workspaceEditCaps?.snippetEditSupport && !!workspaceEditCaps.documentChanges,
    documentChanges: !!workspaceEditCaps?.documentChanges,
    workDoneProgress: !!caps.window?.workDoneProgress,
  };
  const init = params.initializationOptions as Partial<Settings> | undefined;
  if (init) settings = { ...settings, ...init };
  return {
    capabilities: {
      textDocumentSync: {
        openClose: true,
        change: TextDocumentSyncKind.Incremental,
        save: { includeText: false },
      },
      hoverProvider: true,
      codeActionProvider: {
        codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
        resolveProvider: false,
      },
      executeCommandProvider: { commands: Object.values(ServerCommands) },
      workspace: { workspaceFolders: { supported: true } },
    },
    serverInfo: { name: "privacy-review", version: SERVER_VERSION },
  };
});

connection.onInitialized(async () => {
  await refreshSettings();
  for (const root of roots) {
    const s = sessionForRoot(root);
    if (s.configError) void connection.window.showErrorMessage(`privacy-review: ${s.configError}`);
  }
  // Read every folder in the background (cancellable from the progress bar); open documents are
  // analysed as soon as they arrive, and again once their folder is loaded.
  void loadFolders();
});

connection.onShutdown(() => {
  shuttingDown = true;
  transport.markShutdown();
  queue.stop();
  for (const s of sessions.values()) s.cancelLoad();
});

async function loadFolders(): Promise<void> {
  const progress = editor.workDoneProgress
    ? await connection.window.createWorkDoneProgress().catch(() => undefined)
    : undefined;
  progress?.begin("Privacy Review: reading the workspace", 0, undefined, true);
  progress?.token.onCancellationRequested(() => {
    for (const s of sessions.values()) s.cancelLoad();
  });
  try {
    for (const root of roots) {
      if (shuttingDown) break;
      const s = sessionForRoot(root);
      const outcome = await s
        .loadAll((done, total) =>
          progress?.report(Math.round((done / Math.max(1, total)) * 100), `${done}/${total} files`),
        )
        .catch((e) => {
          connection.console.error(`privacy-review: loading ${root} failed: ${String(e)}`);
          return "cancelled" as const;
        });
      if (outcome === "cancelled") {
        if (!shuttingDown)
          connection.console.info(
            `privacy-review: reading ${root} was stopped; open files are still analysed (run "Scan workspace" to read the rest)`,
          );
        continue;
      }
      for (const d of documents.all()) if (sessionFor(fileOf(d.uri)) === s) queue.touch(fileOf(d.uri), 0);
      sendStatus(s, 0);
    }
  } finally {
    progress?.done();
  }
}

async function refreshSettings(): Promise<void> {
  if (!pullSettings) return;
  try {
    const conf = (await connection.workspace.getConfiguration(SETTINGS_SECTION)) as Partial<Settings> | null;
    if (conf)
      settings = {
        enable: conf.enable !== false,
        run: conf.run === "onSave" ? "onSave" : "onType",
        rules: conf.rules ?? {},
      };
  } catch (e) {
    connection.console.warn(
      `privacy-review: could not read the settings (${String(e)}); keeping the defaults`,
    );
  }
}

connection.onDidChangeConfiguration(async () => {
  if (shuttingDown) return;
  await refreshSettings();
  for (const s of sessions.values()) s.reloadConfig({ rules: settings.rules });
  reanalyzeOpen();
});

connection.onDidChangeWatchedFiles((p) => {
  if (shuttingDown) return;
  let configChanged = false;
  for (const change of p.changes) {
    const file = fileOf(change.uri);
    if (path.basename(file) === CONFIG_FILE || path.basename(file) === "tsconfig.json") {
      configChanged = true;
      continue;
    }
    if (!isSourcePath(file) || documents.get(change.uri)) continue;
    const s = sessionFor(file);
    if (change.type === 3) s.remove(file);
    else {
      const text = readText(file);
      if (text !== undefined) s.setText(file, text);
    }
  }
  if (configChanged) {
    for (const s of sessions.values()) {
      s.reloadConfig({ rules: settings.rules });
      if (s.configError) void connection.window.showErrorMessage(`privacy-review: ${s.configError}`);
    }
    reanalyzeOpen();
  }
});

function reanalyzeOpen(): void {
  for (const d of documents.all()) if (isSourcePath(fileOf(d.uri))) queue.touch(fileOf(d.uri), 0);
}

function fileOf(u: string): string {
  return fileURLToPath(u);
}

function sessionForRoot(root: string): Session {
  let s = sessions.get(root);
  if (!s) {
    s = new Session(root, { rules: settings.rules });
    sessions.set(root, s);
  }
  return s;
}

function sessionFor(file: string): Session {
  const root =
    roots.filter((r) => file.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0] ??
    path.dirname(file);
  return sessionForRoot(root);
}

function isFileUri(u: string): boolean {
  return u.startsWith("file:");
}

documents.onDidOpen((e) => {
  if (shuttingDown || !isFileUri(e.document.uri)) return;
  const file = fileOf(e.document.uri);
  if (!isSourcePath(file)) return;
  const s = sessionFor(file);
  s.setEditorText(file, e.document.getText());
  s.loadNeighbours(file);
  queue.touch(file, 0);
});

documents.onDidChangeContent((e) => {
  if (shuttingDown || !isFileUri(e.document.uri)) return;
  const file = fileOf(e.document.uri);
  if (!isSourcePath(file)) return;
  sessionFor(file).setEditorText(file, e.document.getText());
  if (settings.run === "onType") queue.touch(file, DEBOUNCE_MS);
});

documents.onDidSave((e) => {
  if (shuttingDown || !isFileUri(e.document.uri)) return;
  const file = fileOf(e.document.uri);
  if (isSourcePath(file) && settings.run === "onSave") queue.touch(file, 0);
});

documents.onDidClose((e) => {
  if (shuttingDown || !isFileUri(e.document.uri)) return;
  const file = fileOf(e.document.uri);
  const s = sessionFor(file);
  s.releaseEditor(file);
  // Back to the disk version; keep its diagnostics only if a workspace scan produced them.
  const text = readText(file);
  if (text !== undefined) s.setText(file, text);
  else s.remove(file);
});

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Lets the messages that arrived during a synchronous analysis reach their handlers before its
 * result is judged stale or not. One `setImmediate` is not enough: when the analysis ran in the
 * poll phase, the next check phase comes before stdin is read again, and vscode-jsonrpc then
 * dispatches what it read in an immediate of its own. Three turns cover read, then dispatch.
 */
async function settlePendingMessages(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await yieldToEventLoop();
}

/**
 * One run of the queue: every changed file with what imports it and what it imports, per folder.
 * Results are published only if none of the files read changed meanwhile.
 */
async function runAnalysis(run: AnalysisRun): Promise<boolean> {
  if (!settings.enable) {
    for (const f of run.changed) void connection.sendDiagnostics({ uri: uri(f), diagnostics: [] });
    return true;
  }
  const bySession = new Map<Session, string[]>();
  for (const f of run.changed) {
    const s = sessionFor(f);
    bySession.set(s, [...(bySession.get(s) ?? []), f]);
  }
  for (const [s, changed] of bySession) {
    const t0 = Date.now();
    const targets = new Set(changed.flatMap((f) => s.affectedBy(f)));
    // The versions analysed, read before the run: the publication names what it was computed on.
    const versions = new Map([...targets].map((f) => [f, documents.get(uri(f))?.version]));
    let results: FileResults;
    try {
      results = s.analyze([...targets], () => run.isStale(targets));
    } catch (e) {
      // Never crash, never drop other files' diagnostics: report and keep going.
      connection.console.error(
        `privacy-review: analysis of ${changed.join(", ")} failed: ${(e as Error).stack ?? String(e)}`,
      );
      continue;
    }
    // Changes that arrived while the analysis ran are read now; stale results are not published.
    await settlePendingMessages();
    if (run.isStale(targets) || shuttingDown) return false;
    const shown = new Map([...results].filter(([f]) => changed.includes(f) || isShown(s, f)));
    s.remember(shown);
    publish(shown, versions);
    sendStatus(s, Date.now() - t0);
  }
  return true;
}

/** Is the file open, or does the editor show findings for it from a workspace scan? */
function isShown(s: Session, file: string): boolean {
  return !!documents.get(uri(file)) || !!s.findings.get(file)?.length;
}

function publish(results: FileResults, versions?: Map<string, number | undefined>): number {
  let count = 0;
  for (const [file, r] of results) {
    const open = r.findings.filter((x) => !x.suppression);
    const diagnostics: Diagnostic[] = [...open.map(toDiagnostic), ...r.notices.map(noticeDiagnostic)];
    count += open.length;
    const version = versions ? versions.get(file) : documents.get(uri(file))?.version;
    void connection.sendDiagnostics({ uri: uri(file), version, diagnostics });
  }
  return count;
}

function sendStatus(s: Session, ms: number): void {
  let problems = 0;
  for (const list of s.findings.values()) problems += list.filter((f) => !f.suppression).length;
  const status: StatusParams = { problems, lastAnalysisMs: ms, files: s.findings.size, loaded: s.loaded };
  void connection.sendNotification(StatusNotification.method, status);
}

connection.onHover((p) => {
  refuseAfterShutdown();
  const file = fileOf(p.textDocument.uri);
  const s = sessionFor(file);
  const list = s.findings.get(file) ?? [];
  const hits = list.filter((f) => !f.suppression && contains(f, p.position.line, p.position.character));
  return hits.length ? hoverFor(hits) : null;
});

function contains(f: Finding, line: number, ch: number): boolean {
  const s = f.location.start,
    e = f.location.end;
  if (line < s.line || line > e.line) return false;
  if (line === s.line && ch < s.character) return false;
  if (line === e.line && ch > e.character) return false;
  return true;
}

connection.onCodeAction((p, token: CancellationToken) => {
  refuseAfterShutdown();
  const file = fileOf(p.textDocument.uri);
  const s = sessionFor(file);
  try {
    return codeActionsFor(s, file, p, editor, documents, token);
  } catch (e) {
    connection.console.error(`privacy-review: code actions for ${file} failed: ${String(e)}`);
    return [];
  }
});

connection.onExecuteCommand(async (p) => {
  refuseAfterShutdown();
  if (p.command === ServerCommands.scanWorkspace) return scanWorkspace();
  if (p.command === ServerCommands.migrationRecord) {
    // The record for the first folder (or the one holding the given file), as one HTML page.
    const arg = p.arguments?.[0] ? fileOf(String(p.arguments[0])) : undefined;
    const s = arg ? sessionFor(arg) : sessionForRoot(roots[0] ?? process.cwd());
    await s.loadAll();
    const res = s.analyzer.run();
    const result: MigrationRecordResult = {
      html: renderHtml(buildRecord(s.analyzer, res.findings, SERVER_VERSION)),
    };
    return result;
  }
  if (p.command === ServerCommands.fixAllInFile) {
    const file = fileOf(String(p.arguments?.[0] ?? ""));
    const s = sessionFor(file);
    const edits = fixAllEdits(s, new FixEngine(s.analyzer), file);
    if (edits.length)
      await connection.workspace.applyEdit({
        label: "Fix all privacy-review problems",
        edit: workspaceEdit(s, edits, editor, documents),
      });
    const result: FixAllResult = { applied: edits.length };
    return result;
  }
  throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${p.command}`);
});

const SCAN_SLICE = 50;

/** Reads and analyses every folder in slices, with progress; the user can cancel it. */
async function scanWorkspace(): Promise<ScanWorkspaceResult> {
  const progress: WorkDoneProgressServerReporter = await connection.window.createWorkDoneProgress();
  progress.begin("Privacy Review: scanning the workspace", 0, "reading files", true);
  const cancelled = (): boolean => progress.token.isCancellationRequested || shuttingDown;
  let total = 0;
  try {
    for (const s of sessions.size ? sessions.values() : roots.map(sessionForRoot)) {
      const stop = progress.token.onCancellationRequested(() => s.cancelLoad());
      const outcome = await s.loadAll((done, all) =>
        progress.report(Math.round((done / Math.max(1, all)) * 50), `reading ${done}/${all} files`),
      );
      stop.dispose();
      if (outcome === "cancelled" || cancelled()) break;
      const files = s.ws.files().map((f) => f.fileName);
      for (let i = 0; i < files.length && !cancelled(); i += SCAN_SLICE) {
        progress.report(50 + Math.round((i / files.length) * 50), `analysing ${i}/${files.length} files`);
        const slice = files.slice(i, i + SCAN_SLICE);
        const results = s.analyze(slice, cancelled);
        await yieldToEventLoop();
        // A slice stopped half-way is dropped, never shown as "no problems".
        if (cancelled()) break;
        const shown = new Map(
          [...results].filter(([f, r]) => r.findings.length || r.notices.length || isShown(s, f)),
        );
        s.remember(results);
        total += publish(shown);
      }
      sendStatus(s, 0);
      if (cancelled()) break;
    }
  } finally {
    progress.done();
  }
  return { problems: total };
}

// Requests the server has no handler for: after shutdown they are refused like the others.
connection.onRequest((method) => {
  refuseAfterShutdown();
  throw new ResponseError(ErrorCodes.MethodNotFound, `unhandled method ${method}`);
});

process.on("uncaughtException", (e) => logToStderr(`unexpected error: ${e.stack ?? String(e)}`));
process.on("unhandledRejection", (e) => logToStderr(`unhandled rejection: ${String(e)}`));

documents.listen(connection);
connection.listen();
