#!/usr/bin/env node
/**
 * The privacy-review language server: `node server/out/server.js --stdio` (or --node-ipc from the
 * VS Code client). Push diagnostics; incremental re-analysis of the edited file and its neighbours;
 * hovers; quick fixes from the shared fix engine; workspace scan with progress.
 */
import { fileURLToPath } from "url";
import * as path from "path";
import {
  CancellationToken,
  CodeAction,
  CodeActionKind,
  createConnection,
  Diagnostic,
  InitializeParams,
  InitializeResult,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  WorkspaceEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { Finding, Severity } from "./engine/findings";
import { FixEngine } from "./engine/fixes/fixes";
import { TextEditAt } from "./engine/fixes/edits";
import { isSourcePath } from "./engine/load/workspace";
import { CONFIG_FILE } from "./engine/config/config";
import { hoverFor, noticeDiagnostic, readText, SOURCE, toDiagnostic, toTextEdits, uri } from "./lsp/convert";
import { Session } from "./lsp/session";
import { buildRecord } from "./engine/report/record";
import { renderHtml } from "./engine/report/render";

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const sessions = new Map<string, Session>();
let roots: string[] = [];
let settings: { enable: boolean; run: "onType" | "onSave"; rules: Record<string, Severity | "off"> } = {
  enable: true,
  run: "onType",
  rules: {},
};
let pullSettings = false;
const DEBOUNCE_MS = 15;
const pending = new Map<string, NodeJS.Timeout>();
let generation = 0;

export const COMMANDS = {
  scanWorkspace: "privacy-review.server.scanWorkspace",
  fixAllInFile: "privacy-review.server.fixAllInFile",
  migrationRecord: "privacy-review.server.migrationRecord",
};
export const FIX_ALL_KIND = CodeActionKind.SourceFixAll + ".privacy-review";

connection.onInitialize((params: InitializeParams): InitializeResult => {
  roots = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri));
  if (!roots.length && params.rootUri) roots = [fileURLToPath(params.rootUri)];
  pullSettings = !!params.capabilities.workspace?.configuration;
  const init = params.initializationOptions as
    { enable?: boolean; run?: "onType" | "onSave"; rules?: Record<string, Severity | "off"> } | undefined;
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
      executeCommandProvider: {
        commands: [COMMANDS.scanWorkspace, COMMANDS.fixAllInFile, COMMANDS.migrationRecord],
      },
      workspace: { workspaceFolders: { supported: true } },
    },
    serverInfo: { name: "privacy-review", version: "0.1.0" },
  };
});

connection.onInitialized(async () => {
  await refreshSettings();
  // Load every folder in the background; open documents are analysed as soon as they arrive.
  for (const root of roots) {
    const s = sessionForRoot(root);
    if (s.configError) connection.window.showErrorMessage(`privacy-review: ${s.configError}`);
    void s
      .loadAll()
      .then(() => {
        for (const d of documents.all()) if (sessionFor(fileOf(d.uri)) === s) schedule(fileOf(d.uri), 0);
      })
      .catch((e) => connection.console.error(`privacy-review: loading ${root} failed: ${String(e)}`));
  }
});

async function refreshSettings(): Promise<void> {
  if (!pullSettings) return;
  try {
    const conf = await connection.workspace.getConfiguration("privacyReview");
    if (conf)
      settings = {
        enable: conf.enable !== false,
        run: conf.run === "onSave" ? "onSave" : "onType",
        rules: conf.rules ?? {},
      };
  } catch {
    /* client without configuration support: keep the defaults */
  }
}

connection.onDidChangeConfiguration(async () => {
  await refreshSettings();
  for (const s of sessions.values()) s.reloadConfig({ rules: settings.rules });
  reanalyzeOpen();
});

connection.onDidChangeWatchedFiles((p) => {
  let configChanged = false;
  for (const ch of p.changes) {
    const file = fileOf(ch.uri);
    if (path.basename(file) === CONFIG_FILE) {
      configChanged = true;
      continue;
    }
    if (!isSourcePath(file) || documents.get(ch.uri)) continue;
    const s = sessionFor(file);
    if (ch.type === 3) s.remove(file);
    else {
      const t = readText(file);
      if (t !== undefined) s.setText(file, t);
    }
  }
  if (configChanged) {
    for (const s of sessions.values()) {
      s.reloadConfig({ rules: settings.rules });
      if (s.configError) connection.window.showErrorMessage(`privacy-review: ${s.configError}`);
    }
    reanalyzeOpen();
  }
});

function reanalyzeOpen(): void {
  for (const d of documents.all()) schedule(fileOf(d.uri), 0);
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

documents.onDidOpen((e) => {
  const file = fileOf(e.document.uri);
  if (!isSourcePath(file)) return;
  const s = sessionFor(file);
  s.setText(file, e.document.getText());
  s.loadNeighbours(file);
  schedule(file, 0);
});

documents.onDidChangeContent((e) => {
  const file = fileOf(e.document.uri);
  if (!isSourcePath(file)) return;
  sessionFor(file).setText(file, e.document.getText());
  if (settings.run === "onType") schedule(file, DEBOUNCE_MS);
});

documents.onDidSave((e) => {
  const file = fileOf(e.document.uri);
  if (isSourcePath(file) && settings.run === "onSave") schedule(file, 0);
});

documents.onDidClose((e) => {
  const file = fileOf(e.document.uri);
  const s = sessionFor(file);
  // Back to the disk version; keep its diagnostics only if a workspace scan produced them.
  const t = readText(file);
  if (t !== undefined) s.setText(file, t);
  else s.remove(file);
});

/** Debounced analysis of a file and what depends on it; a newer edit makes an older run moot. */
function schedule(file: string, delay: number): void {
  const prev = pending.get(file);
  if (prev) clearTimeout(prev);
  const gen = ++generation;
  pending.set(
    file,
    setTimeout(() => {
      pending.delete(file);
      analyzeNow(file, gen);
    }, delay),
  );
}

function analyzeNow(file: string, gen: number): void {
  if (!settings.enable) {
    connection.sendDiagnostics({ uri: uri(file), diagnostics: [] });
    return;
  }
  const s = sessionFor(file);
  const t0 = Date.now();
  try {
    const targets = s.affectedBy(file);
    const results = s.analyze(targets, () => gen !== generation && pending.size > 0);
    if (gen !== generation && pending.has(file)) return; // superseded while running
    let count = 0;
    for (const [f, r] of results) {
      if (f !== file && !documents.get(uri(f)) && !s.findings.has(f)) continue;
      const diagnostics: Diagnostic[] = [
        ...r.findings.filter((x) => !x.suppression).map(toDiagnostic),
        ...r.notices.map(noticeDiagnostic),
      ];
      count += r.findings.filter((x) => !x.suppression).length;
      connection.sendDiagnostics({ uri: uri(f), diagnostics });
    }
    sendStatus(s, Date.now() - t0);
  } catch (e) {
    // Never crash, never drop other files' diagnostics: report and keep going.
    connection.console.error(
      `privacy-review: analysis of ${file} failed: ${(e as Error).stack ?? String(e)}`,
    );
  }
}

function sendStatus(s: Session, ms: number): void {
  let problems = 0;
  for (const list of s.findings.values()) problems += list.filter((f) => !f.suppression).length;
  void connection.sendNotification("privacyReview/status", {
    problems,
    lastAnalysisMs: ms,
    files: s.findings.size,
    loaded: s.loaded,
  });
}

connection.onHover((p) => {
  const file = fileOf(p.textDocument.uri);
  const list = sessionFor(file).findings.get(file) ?? [];
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

function findingFor(file: string, d: Diagnostic): Finding | undefined {
  const fp = (d.data as { fingerprint?: string } | undefined)?.fingerprint;
  const list = sessionFor(file).findings.get(file) ?? [];
  return (
    list.find((f) => f.fingerprint === fp) ??
    list.find(
      (f) =>
        f.ruleId === d.code &&
        f.location.start.line === d.range.start.line &&
        f.location.start.character === d.range.start.character,
    )
  );
}

function workspaceEdit(s: Session, edits: TextEditAt[]): WorkspaceEdit {
  const byFile = new Map<string, TextEditAt[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const changes: WorkspaceEdit["changes"] = {};
  for (const [file, list] of byFile) {
    const text = s.ws.get(file)?.text ?? readText(file) ?? "";
    changes[uri(file)] = toTextEdits(text, list);
  }
  return { changes };
}

connection.onCodeAction((p, token: CancellationToken) => {
  const file = fileOf(p.textDocument.uri);
  const s = sessionFor(file);
  const only = p.context.only;
  const actions: CodeAction[] = [];
  try {
    const engine = new FixEngine(s.analyzer);
    if (!only || only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k))) {
      for (const d of p.context.diagnostics) {
        if (d.source !== SOURCE || token.isCancellationRequested) continue;
        const f = findingFor(file, d);
        if (!f) continue;
        engine
          .fixesFor(f)
          .forEach((fix, i) =>
            actions.push({
              title: fix.title,
              kind: CodeActionKind.QuickFix,
              diagnostics: [d],
              isPreferred: i === 0,
              edit: workspaceEdit(s, fix.edits),
            }),
          );
        const disable = engine.disableFix(f);
        if (disable)
          actions.push({
            title: disable.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            edit: workspaceEdit(s, disable.edits),
          });
        actions.push({
          title: `Explain rule ${f.ruleId}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: "Explain rule", command: "privacyReview.explainRule", arguments: [f.ruleId] },
        });
      }
    }
    if (only && only.some((k) => FIX_ALL_KIND.startsWith(k))) {
      const all = fixAllEdits(s, engine, file);
      if (all.length)
        actions.push({
          title: "Fix all safe privacy-review problems",
          kind: FIX_ALL_KIND,
          edit: workspaceEdit(s, all),
        });
    }
  } catch (e) {
    connection.console.error(`privacy-review: code actions for ${file} failed: ${String(e)}`);
  }
  return actions;
});

/** Non-overlapping safe fixes for every finding in a file. */
function fixAllEdits(s: Session, engine: FixEngine, file: string): TextEditAt[] {
  const out: TextEditAt[] = [];
  for (const f of s.findings.get(file) ?? []) {
    if (f.suppression) continue;
    const fix = engine.fixesFor(f).find((x) => x.safe);
    if (!fix) continue;
    if (
      fix.edits.some((e) =>
        out.some((o) => o.file === e.file && ((o.start < e.end && e.start < o.end) || o.start === e.start)),
      )
    )
      continue;
    out.push(...fix.edits);
  }
  return out;
}

connection.onExecuteCommand(async (p) => {
  if (p.command === COMMANDS.scanWorkspace) {
    const progress = await connection.window.createWorkDoneProgress();
    progress.begin("Privacy Review: scanning the workspace", 0, "reading files", true);
    let total = 0;
    for (const s of sessions.size ? sessions.values() : roots.map(sessionForRoot)) {
      await s.loadAll((done, all) =>
        progress.report(Math.round((done / Math.max(1, all)) * 50), `reading ${done}/${all} files`),
      );
      if (progress.token.isCancellationRequested) break;
      progress.report(60, "analysing");
      const files = s.ws.files().map((f) => f.fileName);
      const results = s.analyze(files, () => progress.token.isCancellationRequested);
      for (const [f, r] of results) {
        const diagnostics = [
          ...r.findings.filter((x) => !x.suppression).map(toDiagnostic),
          ...r.notices.map(noticeDiagnostic),
        ];
        total += r.findings.filter((x) => !x.suppression).length;
        if (diagnostics.length || documents.get(uri(f)))
          connection.sendDiagnostics({ uri: uri(f), diagnostics });
      }
      sendStatus(s, 0);
    }
    progress.done();
    return { problems: total };
  }
  if (p.command === COMMANDS.migrationRecord) {
    // The record for the first folder (or the one holding the given file), as one HTML page.
    const arg = p.arguments?.[0] ? fileOf(String(p.arguments[0])) : undefined;
    const s = arg ? sessionFor(arg) : sessionForRoot(roots[0] ?? process.cwd());
    await s.loadAll();
    const res = s.analyzer.run();
    return { html: renderHtml(buildRecord(s.analyzer, res.findings, "0.1.0")) };
  }
  if (p.command === COMMANDS.fixAllInFile) {
    const u = String(p.arguments?.[0] ?? "");
    const file = fileOf(u);
    const s = sessionFor(file);
    const edits = fixAllEdits(s, new FixEngine(s.analyzer), file);
    if (edits.length)
      await connection.workspace.applyEdit({
        label: "Fix all privacy-review problems",
        edit: workspaceEdit(s, edits),
      });
    return { applied: edits.length };
  }
  return undefined;
});

process.on("uncaughtException", (e) =>
  connection.console.error(`privacy-review: unexpected error: ${e.stack ?? String(e)}`),
);
process.on("unhandledRejection", (e) =>
  connection.console.error(`privacy-review: unhandled rejection: ${String(e)}`),
);

documents.listen(connection);
connection.listen();
