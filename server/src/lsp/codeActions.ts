/**
 * Code actions: the quick fixes of the shared fix engine, "Disable … with reason" as a snippet
 * whose reason is selected for typing, "Explain rule", and "Fix all" (the same safe fixes, in the
 * same passes, as `privacy-review scan --fix`).
 */
import {
  CancellationToken,
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  Diagnostic,
  TextDocumentEdit,
  TextDocuments,
  TextEdit,
  WorkspaceEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { Finding } from "../engine/findings";
import { applySafeFixes } from "../engine/fixes/applyFixes";
import { applyEdits } from "../engine/fixes/edits";
import { Fix, FixEngine, TextEditAt } from "../engine/fixes/fixes";
import { ClientCommands, DiagnosticData, FIX_ALL_KIND, SOURCE } from "../shared/protocol";
import { readText, toTextEdits, uri } from "./convert";
import { Session } from "./session";

export interface EditorCapabilities {
  /** `workspace.workspaceEdit.snippetEditSupport` (LSP 3.18) with `documentChanges`. */
  snippetEdits: boolean;
  documentChanges: boolean;
  workDoneProgress: boolean;
}

const SEVERITY_RANK: Record<string, number> = { error: 0, warning: 1, note: 2 };

export function codeActionsFor(
  s: Session,
  file: string,
  p: CodeActionParams,
  editor: EditorCapabilities,
  documents: TextDocuments<TextDocument>,
  token: CancellationToken,
): CodeAction[] {
  const only = p.context.only;
  const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(k + "."));
  const actions: CodeAction[] = [];
  const engine = new FixEngine(s.analyzer);
  if (wants(CodeActionKind.QuickFix)) {
    const ours = p.context.diagnostics
      .map((d) => ({ diagnostic: d, finding: d.source === SOURCE ? findingFor(s, file, d) : undefined }))
      .filter((x): x is { diagnostic: Diagnostic; finding: Finding } => !!x.finding)
      .sort((a, b) => SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity]);
    const fixActions: Array<{ action: CodeAction; edits: TextEditAt[] }> = [];
    const disables: CodeAction[] = [];
    const explained = new Set<string>();
    const explains: CodeAction[] = [];
    for (const { diagnostic, finding } of ours) {
      if (token.isCancellationRequested) break;
      // At most one preferred fix per diagnostic (the one "Auto Fix" applies without asking).
      let hasPreferred = false;
      engine.fixesFor(finding).forEach((fix, i) => {
        // The same change offered for two findings (the instructed columns fix both the
        // whole-table read and the instruction) is one action that resolves both, unless that
        // would give this diagnostic a second preferred fix.
        const same = fixActions.find(
          (a) => sameResult(s, a.edits, fix.edits) && !(hasPreferred && a.action.isPreferred),
        );
        if (same) {
          same.action.diagnostics = [...(same.action.diagnostics ?? []), diagnostic];
          hasPreferred ||= !!same.action.isPreferred;
          return;
        }
        // The first fix, unless it collides with the preferred fix of a more severe finding
        // already offered here.
        const preferred =
          i === 0 &&
          !hasPreferred &&
          !fixActions.some(
            (a) => a.action.isPreferred && a.edits.some((e) => fix.edits.some((g) => overlaps(e, g))),
          );
        hasPreferred ||= preferred;
        fixActions.push({
          action: {
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: preferred || undefined,
            edit: workspaceEdit(s, fix.edits, editor, documents, fix),
          },
          edits: fix.edits,
        });
      });
      const disable = engine.disableFix(finding);
      if (disable)
        disables.push({
          title: disable.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: workspaceEdit(s, disable.edits, editor, documents, disable),
        });
      if (!explained.has(finding.ruleId)) {
        explained.add(finding.ruleId);
        explains.push({
          title: `Explain rule ${finding.ruleId}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: {
            title: "Explain rule",
            command: ClientCommands.explainRule,
            arguments: [finding.ruleId],
          },
        });
      }
    }
    actions.push(...fixActions.map((a) => a.action), ...disables, ...explains);
  }
  if (only && only.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(k + "."))) {
    const all = fixAllEdits(s, engine, file);
    if (all.length)
      actions.push({
        title: "Fix all safe privacy-review problems",
        kind: FIX_ALL_KIND,
        edit: workspaceEdit(s, all, editor, documents),
      });
  }
  return actions;
}

function findingFor(s: Session, file: string, d: Diagnostic): Finding | undefined {
  const fingerprint = (d.data as Partial<DiagnosticData> | undefined)?.fingerprint;
  const list = s.findings.get(file) ?? [];
  return (
    list.find((f) => f.fingerprint === fingerprint) ??
    list.find(
      (f) =>
        f.ruleId === d.code &&
        f.location.start.line === d.range.start.line &&
        f.location.start.character === d.range.start.character,
    )
  );
}

/**
 * Every safe fix for the file's findings, applied in passes exactly as `scan --fix` does (fixes
 * that overlap in one pass land in the next), as edits from the current text to the result. The
 * session's own text is put back: the editor applies the edits and sends the change.
 */
export function fixAllEdits(s: Session, _engine: FixEngine, file: string): TextEditAt[] {
  const findings = (s.findings.get(file) ?? []).filter((f) => !f.suppression);
  if (!findings.length) return [];
  const originals = new Map<string, string>();
  for (const sf of s.ws.files()) originals.set(sf.fileName, sf.text);
  let run: ReturnType<typeof applySafeFixes>;
  try {
    run = applySafeFixes(s.analyzer, findings, undefined, 5, { onlyFiles: [file] });
  } finally {
    for (const changedFile of [...s.ws.files().map((sf) => sf.fileName)]) {
      const before = originals.get(changedFile);
      if (before !== undefined && s.ws.get(changedFile)?.text !== before) s.setText(changedFile, before);
    }
  }
  const edits: TextEditAt[] = [];
  for (const [changedFile, { before, after }] of run.changed) {
    const edit = minimalEdit(before, after);
    if (edit) edits.push({ file: changedFile, ...edit });
  }
  return edits;
}

/** The smallest single replacement that turns `before` into `after`. */
function minimalEdit(
  before: string,
  after: string,
): { start: number; end: number; newText: string } | undefined {
  if (before === after) return undefined;
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  return { start: prefix, end: before.length - suffix, newText: after.slice(prefix, after.length - suffix) };
}

/** Do two fixes make the same change (the same edits, or different edits with the same result)? */
function sameResult(s: Session, a: TextEditAt[], b: TextEditAt[]): boolean {
  const files = new Set([...a, ...b].map((e) => e.file));
  for (const file of files) {
    const inFile = (edits: TextEditAt[]): TextEditAt[] => edits.filter((e) => e.file === file);
    // Changes to parts of the file that do not meet are different changes: no text to compare.
    const span = (edits: TextEditAt[]): [number, number] => [
      Math.min(...edits.map((e) => e.start)),
      Math.max(...edits.map((e) => e.end)),
    ];
    const [aStart, aEnd] = span(inFile(a));
    const [bStart, bEnd] = span(inFile(b));
    if (aStart > bEnd || bStart > aEnd) return false;
    const text = s.ws.get(file)?.text ?? readText(file);
    if (text === undefined) return false;
    try {
      if (applyEdits(text, inFile(a)) !== applyEdits(text, inFile(b))) return false;
    } catch {
      // expected: edits that cannot be combined are not the same change
      return false;
    }
  }
  return true;
}

function overlaps(a: TextEditAt, b: TextEditAt): boolean {
  return a.file === b.file && a.start <= b.end && b.start <= a.end;
}

/**
 * Offset edits → a WorkspaceEdit. A fix with a placeholder (the reason of a suppression) becomes
 * a snippet edit with the placeholder selected, for editors that take snippet edits.
 */
export function workspaceEdit(
  s: Session,
  edits: TextEditAt[],
  editor: EditorCapabilities,
  documents: TextDocuments<TextDocument>,
  fix?: Pick<Fix, "placeholder">,
): WorkspaceEdit {
  const byFile = new Map<string, TextEditAt[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const texts = new Map<string, { text: string; edits: TextEdit[] }>();
  for (const [file, list] of byFile) {
    const text = s.ws.get(file)?.text ?? readText(file) ?? "";
    texts.set(file, { text, edits: toTextEdits(text, list) });
  }
  if (fix?.placeholder && editor.snippetEdits) {
    const placeholder = fix.placeholder;
    const documentChanges: TextDocumentEdit[] = [];
    for (const [file, { edits: list }] of texts) {
      const u = uri(file);
      documentChanges.push({
        textDocument: { uri: u, version: documents.get(u)?.version ?? null },
        edits: list.map((e) => {
          const at = e.newText.indexOf(placeholder);
          if (at < 0) return e;
          const snippet =
            escapeSnippet(e.newText.slice(0, at)) +
            "${1:" +
            escapeSnippet(placeholder).replace(/}/g, "\\}") +
            "}" +
            escapeSnippet(e.newText.slice(at + placeholder.length));
          return { range: e.range, snippet: { kind: "snippet", value: snippet } } as unknown as TextEdit;
        }),
      });
    }
    return { documentChanges };
  }
  const changes: WorkspaceEdit["changes"] = {};
  for (const [file, { edits: list }] of texts) changes[uri(file)] = list;
  return { changes };
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => "\\" + c);
}
