/** Findings → LSP diagnostics, hovers and edits. */
import * as fs from "fs";
import { pathToFileURL } from "url";
import {
  CodeDescription,
  Diagnostic,
  DiagnosticRelatedInformation,
  DiagnosticSeverity,
  Hover,
  MarkupKind,
  Range,
  TextEdit,
} from "vscode-languageserver/node";
import { Finding, Location, Notice } from "../engine/findings";
import { ruleDoc, ruleMeta, ruleSummary } from "../engine/rules/registry";
import { TextEditAt } from "../engine/fixes/edits";

export const SOURCE = "privacy-review";

export function uri(file: string): string {
  return pathToFileURL(file).toString();
}

export function range(l: Location): Range {
  return {
    start: { line: l.start.line, character: l.start.character },
    end: { line: l.end.line, character: l.end.character },
  };
}

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
} as const;

export function toDiagnostic(f: Finding): Diagnostic {
  const meta = ruleMeta(f.ruleId);
  const related: DiagnosticRelatedInformation[] = [
    ...f.related.map((r) => ({ location: { uri: uri(r.file), range: range(r) }, message: r.message })),
    ...f.flow.slice(0, -1).map((s, i) => ({
      location: { uri: uri(s.file), range: range(s) },
      message: `step ${i + 1}: ${s.message}`,
    })),
  ];
  const codeDescription: CodeDescription = { href: meta.docUrl };
  return {
    range: range(f.location),
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription,
    source: SOURCE,
    message: `${f.message} (${meta.citation})`,
    relatedInformation: related.length ? related : undefined,
    data: { fingerprint: f.fingerprint, ruleId: f.ruleId },
  };
}

export function noticeDiagnostic(n: Notice): Diagnostic {
  const line = n.line ?? 0;
  return {
    range: { start: { line, character: 0 }, end: { line, character: 1000 } },
    severity:
      n.level === "error"
        ? DiagnosticSeverity.Error
        : n.level === "warning"
          ? DiagnosticSeverity.Warning
          : DiagnosticSeverity.Information,
    source: SOURCE,
    message: n.message,
  };
}

/** The hover: what is at risk, why, the citation (the decision's finding, then ours), how to fix, more. */
export function hoverFor(findings: Finding[]): Hover {
  const blocks = findings.map((f) => {
    const meta = ruleMeta(f.ruleId);
    const fix = meta.howToFix ?? firstProse(section(ruleDoc(f.ruleId), "How to fix"));
    return [
      `**${meta.name}** — \`${f.ruleId}\``,
      "",
      `**At risk:** ${f.message}.`,
      "",
      `**Why:** ${ruleSummary(f.ruleId)}`,
      "",
      `**Citation:** ${meta.citation}`,
      ...(fix ? ["", `**How to fix:** ${fix[0].toUpperCase()}${fix.slice(1)}`] : []),
      "",
      `[Read the rule](${meta.docUrl}) · suppress with \`// privacy-review-disable-next-line ${f.ruleId} -- <reason>\``,
    ].join("\n");
  });
  return {
    contents: { kind: MarkupKind.Markdown, value: blocks.join("\n\n---\n\n") },
    range: range(findings[0].location),
  };
}

function section(doc: string, title: string): string | undefined {
  const i = doc.indexOf(`## ${title}`);
  if (i < 0) return undefined;
  const rest = doc.slice(i + title.length + 3);
  const j = rest.indexOf("\n## ");
  return (j < 0 ? rest : rest.slice(0, j)).trim();
}

/** The first prose paragraph or bullet of a section, code blocks and tables left out. */
function firstProse(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const noCode = s.replace(/```[\s\S]*?```/g, "\n\n");
  for (const para of noCode.split(/\r?\n\s*\r?\n/)) {
    const t = para.trim();
    if (!t || t.startsWith("|")) continue;
    const first = t.startsWith("- ") ? t.split(/\r?\n- /)[0].slice(2) : t;
    return first.replace(/\s*\n\s*/g, " ").trim();
  }
  return undefined;
}

/** Offset edits → LSP text edits against the text they were computed on. */
export function toTextEdits(text: string, edits: TextEditAt[]): TextEdit[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const pos = (off: number): { line: number; character: number } => {
    let lo = 0,
      hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: off - lineStarts[lo] };
  };
  return edits.map((e) => ({ range: { start: pos(e.start), end: pos(e.end) }, newText: e.newText }));
}

export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
