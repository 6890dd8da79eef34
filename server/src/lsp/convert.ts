/** Findings → LSP diagnostics, hovers and edits. */
import * as path from "path";
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
import { Finding, Location, Notice, RelatedLocation } from "../engine/findings";
import { ruleDoc, ruleMeta, ruleSummary } from "../engine/rules/registry";
import { TextEditAt } from "../engine/fixes/edits";
import { readRegularText } from "../engine/load/regularFile";
import { DiagnosticData, explainRuleLink, SOURCE } from "../shared/protocol";

export { SOURCE };

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
  const codeDescription: CodeDescription = { href: meta.docUrl };
  const related = relatedInformation(f);
  const data: DiagnosticData = { fingerprint: f.fingerprint, ruleId: f.ruleId };
  return {
    range: range(f.location),
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription,
    source: SOURCE,
    message: `${f.message} (${meta.citation})`,
    relatedInformation: related.length ? related : undefined,
    data,
  };
}

/**
 * The places that explain a finding, each once: the related locations, then the flow's steps from
 * the source, minus any step at a place already listed (the source query is "personal data comes
 * from here" and "step 1: source") and minus the finding's own place.
 */
export function relatedInformation(f: Finding): DiagnosticRelatedInformation[] {
  const out: DiagnosticRelatedInformation[] = [];
  const seen = new Set<string>([placeKey(f.location)]);
  const add = (l: RelatedLocation, message: (n: number) => string): void => {
    const key = placeKey(l);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ location: { uri: uri(l.file), range: range(l) }, message: message(++steps) });
  };
  let steps = 0;
  for (const r of f.related) add(r, () => r.message);
  steps = 0;
  for (const step of f.flow.slice(0, -1)) add(step, (n) => `step ${n}: ${step.message}`);
  return out;
}

function placeKey(l: Location): string {
  return `${l.file}|${l.start.line}|${l.start.character}`;
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

/**
 * The hover. The editor already shows the diagnostic's message above it, so the hover does not
 * repeat it: what is at risk and where it came from (links to the source and each step), why this
 * matters (the rule's reasoning, the citation the engine gives), how to fix, and the rule's page.
 */
export function hoverFor(findings: Finding[]): Hover {
  const blocks = findings.map((f) => {
    const meta = ruleMeta(f.ruleId);
    const doc = ruleDoc(f.ruleId);
    const fix = meta.howToFix ?? firstProse(section(doc, "How to fix"));
    const why = reasoning(ruleSummary(f.ruleId));
    const lines = [`**${meta.name}** · \`${f.ruleId}\``, ""];
    const source = f.flow.length > 1 ? f.flow[0] : undefined;
    if (source) {
      const atRisk = source.message.replace(/^source:\s*/, "");
      lines.push(`**At risk:** ${atRisk}, read at ${locationLink(source, f.location.file)}.`, "");
      const steps = f.flow
        .slice(1, -1)
        .filter((s) => placeKey(s) !== placeKey(source))
        .map(
          (s) =>
            `\`${shorten(s.message.replace(/^flows (into|through) /, ""))}\` (${locationLink(s, f.location.file)})`,
        );
      if (steps.length) lines.push(`**Path:** ${steps.join(" → ")} → here.`, "");
    }
    const others = f.related.filter((r) => !source || placeKey(r) !== placeKey(source));
    if (others.length)
      lines.push(
        `**See:** ${others.map((r) => `${locationLink(r, f.location.file)} ${r.message}`).join("; ")}.`,
        "",
      );
    if (why) lines.push(`**Why:** ${why}`, "");
    lines.push(`**Citation:** ${meta.citation}`, "");
    if (fix) lines.push(`**How to fix:** ${fix[0].toUpperCase()}${fix.slice(1)}`, "");
    lines.push(
      `[Rule page](${meta.docUrl}) · [Explain rule](${explainRuleLink(f.ruleId)}) · suppress with \`// privacy-review-disable-next-line ${f.ruleId} -- <reason>\``,
    );
    return lines.join("\n");
  });
  return {
    contents: { kind: MarkupKind.Markdown, value: blocks.join("\n\n---\n\n") },
    range: range(findings[0].location),
  };
}

/** `[export.ts:20](file:///…/export.ts#L20)`: opens the place in the editor. */
function locationLink(l: Location, from: string): string {
  const name = l.file === from ? "line" : path.basename(l.file);
  const label = l.file === from ? `${name} ${l.start.line + 1}` : `${name}:${l.start.line + 1}`;
  return `[${label}](${uri(l.file)}#L${l.start.line + 1},${l.start.character + 1})`;
}

function shorten(code: string): string {
  const flat = code.replace(/\s+/g, " ").replace(/`/g, "'");
  return flat.length > 40 ? flat.slice(0, 39) + "…" : flat;
}

/**
 * The rule's reasoning from its summary: the summary without its opening "Flags …" sentence (what
 * the rule looks for, which the message already said), i.e. why it matters and what the decision
 * found. It cites no article of our reading (the citation line does that, apart).
 */
function reasoning(summary: string): string {
  // A sentence ends at . ! ? before a capital letter ("Art. 32" and "§64." inside do not end one).
  const sentences = summary.split(/(?<!\bArt)(?<=[.!?])\s+(?=[A-Z])/);
  const rest = /^Flags\b/.test(sentences[0]) && sentences.length > 1 ? sentences.slice(1) : sentences;
  return rest.join(" ").trim();
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
    return readRegularText(file);
  } catch {
    return undefined;
  }
}
