/**
 * Inline suppressions, ESLint-style but with a mandatory reason (DevSkim-style):
 *   // privacy-review-disable-next-line <id>[, <id>] -- <reason>
 *   // privacy-review-disable-line <id> -- <reason>
 * A directive without a reason, with a placeholder for one (`<reason>`, `TODO`, `FIXME`, `reason`,
 * `...`), or naming an unknown rule, suppresses nothing and is reported. Several `next-line`
 * directives may stand on consecutive lines above the same line.
 */
import { ts } from "ts-morph";
import { Notice } from "../findings";

export interface Directive {
  /** 0-based line the directive applies to. */
  targetLine: number;
  /** 0-based line of the comment itself. */
  line: number;
  ids: string[];
  reason: string;
  start: number;
  end: number;
}

const DIRECTIVE = /privacy-review-disable-(next-line|line)\b([^\n]*)/;

export interface ParsedDirectives {
  directives: Directive[];
  notices: Notice[];
}

export function parseDirectives(sf: ts.SourceFile, knownRules: Set<string>): ParsedDirectives {
  const text = sf.text;
  const directives: Directive[] = [];
  const notices: Notice[] = [];
  if (!text.includes("privacy-review-disable")) return { directives, notices };
  /** Lines holding only a `next-line` directive comment (valid or not). */
  const directiveOnly = new Set<number>();
  for (const c of comments(sf)) {
    const body = text.slice(c.pos, c.end);
    const m = DIRECTIVE.exec(body);
    if (!m) continue;
    const start = c.pos + m.index;
    const line = sf.getLineAndCharacterOfPosition(start).line;
    if (m[1] === "next-line" && /^\s*$/.test(lineText(text, sf, line, start))) directiveOnly.add(line);
    let rest = m[2].replace(/\*\/\s*$/, "");
    let reason = "";
    const dash = rest.indexOf("--");
    if (dash >= 0) {
      reason = rest.slice(dash + 2).trim();
      rest = rest.slice(0, dash);
    }
    const ids = rest
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = ids.filter((id) => !knownRules.has(id));
    if (!ids.length) {
      notices.push({
        file: sf.fileName,
        line,
        level: "warning",
        message: `privacy-review-disable-${m[1]} names no rule: write the rule id(s) and a reason after --`,
      });
      continue;
    }
    if (unknown.length) {
      notices.push({
        file: sf.fileName,
        line,
        level: "warning",
        message: `unknown rule id ${unknown.map((u) => `"${u}"`).join(", ")} in a suppression; run \`privacy-review rules\` for the list`,
      });
    }
    if (!reason) {
      notices.push({
        file: sf.fileName,
        line,
        level: "warning",
        message: `suppression of ${ids.join(", ")} ignored: a reason is required after "--" (e.g. "-- synthetic test data")`,
      });
      continue;
    }
    if (isPlaceholderReason(reason)) {
      notices.push({
        file: sf.fileName,
        line,
        level: "warning",
        message: `suppression of ${ids.join(", ")} ignored: "${reason.slice(0, 40)}" is a placeholder, not a reason; write why the finding does not apply here after "--"`,
      });
      continue;
    }
    directives.push({
      targetLine: m[1] === "next-line" ? line + 1 : line,
      line,
      ids: ids.filter((id) => knownRules.has(id)),
      reason,
      start,
      end: c.end,
    });
  }
  // Stacked `next-line` directives (one per rule, each with its reason) all apply to the first
  // line below them that is not itself a directive line.
  for (const d of directives) {
    if (d.targetLine !== d.line + 1) continue;
    while (directiveOnly.has(d.targetLine)) d.targetLine++;
  }
  return { directives, notices };
}

/** The text of a line before `upTo` (to tell a comment on its own line from one after code). */
function lineText(text: string, sf: ts.SourceFile, line: number, upTo: number): string {
  return text.slice(sf.getPositionOfLineAndCharacter(line, 0), upTo).replace(/\/\*|\/\/\s*$/, "");
}

/**
 * Words that stand for a reason someone has still to write. A reason must say why the finding
 * does not apply; these never do.
 */
const PLACEHOLDER_REASONS = /^(<[^>]*>|\.+|…|todo|fixme|xxx|tbd|reason|your reason|a reason|why|n\/a|-+)$/i;

export function isPlaceholderReason(reason: string): boolean {
  const bare = reason
    .trim()
    .replace(/[.:;!,\s]+$/, "")
    .replace(/^["'`]|["'`]$/g, "")
    .trim();
  if (!bare) return true;
  if (PLACEHOLDER_REASONS.test(bare)) return true;
  // "TODO: explain", "FIXME later": a note to come back, not a reason.
  return /^(todo|fixme|xxx|tbd)\b/i.test(bare);
}

/** Comment ranges in a file, read from the syntax tree's trivia so strings that look like comments are ignored. */
function comments(sf: ts.SourceFile): Array<{ pos: number; end: number }> {
  const text = sf.text;
  const seen = new Set<number>();
  const out: Array<{ pos: number; end: number }> = [];
  const add = (ranges: ts.CommentRange[] | undefined): void => {
    for (const r of ranges ?? [])
      if (!seen.has(r.pos)) {
        seen.add(r.pos);
        out.push({ pos: r.pos, end: r.end });
      }
  };
  const visit = (n: ts.Node): void => {
    add(ts.getLeadingCommentRanges(text, n.pos));
    add(ts.getTrailingCommentRanges(text, n.end));
    ts.forEachChild(n, visit);
  };
  visit(sf);
  add(ts.getLeadingCommentRanges(text, sf.endOfFileToken.pos));
  return out.sort((a, b) => a.pos - b.pos);
}
