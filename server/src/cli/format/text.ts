/**
 * Text output in the shape of ESLint's "stylish": one block per file (path relative to the current
 * folder, or absolute with --absolute-paths), findings sorted by position, the notices, then a
 * closing line with the counts per severity and how many `--fix` can fix. Every name and message
 * is escaped (format/escape.ts): nothing read from the scanned files can forge a line.
 */
import * as path from "path";
import { Finding, Notice } from "../../engine/findings";
import { ruleMeta } from "../../engine/rules/registry";
import { displayPath, escapeControls } from "./escape";
import { FormatOptions, Formatter, ScanReport } from "./formatter";

export const textFormatter: Formatter = { name: "text", format: formatText };

const SEVERITY_LABEL: Record<string, { text: string; color: string }> = {
  error: { text: "error  ", color: "31" },
  warning: { text: "warning", color: "33" },
  note: { text: "note   ", color: "36" },
};

/** How a file is named in text output: relative to the current folder unless asked otherwise. */
export function shownPath(file: string, options: Pick<FormatOptions, "cwd" | "absolutePaths">): string {
  if (options.absolutePaths) return displayPath(file);
  return displayPath(path.relative(options.cwd ?? process.cwd(), file) || ".");
}

export function formatText(report: ScanReport, options: FormatOptions): string {
  const paint = (code: string, s: string): string => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  const visible = report.findings.filter((f) => !f.suppression && (!options.quiet || f.severity === "error"));
  const suppressed = report.findings.filter((f) => f.suppression).length;
  const byFile = new Map<string, Finding[]>();
  for (const f of visible) {
    const list = byFile.get(f.location.file);
    if (list) list.push(f);
    else byFile.set(f.location.file, [f]);
  }
  for (const [file, list] of byFile) {
    lines.push("", paint("4", shownPath(file, options)));
    for (const f of list) {
      const label = SEVERITY_LABEL[f.severity];
      const position = `${f.location.start.line + 1}:${f.location.start.character + 1}`.padEnd(8);
      lines.push(
        `  ${paint("2", position)} ${paint(label.color, label.text)}  ${escapeControls(f.message)}  ${paint("2", f.ruleId)}`,
      );
      lines.push(
        `  ${" ".repeat(8)}          ${paint("2", "↳ " + escapeControls(ruleMeta(f.ruleId).citation))}`,
      );
    }
  }
  const shownNotices = report.notices.filter((n) => !options.quiet || n.level === "error");
  if (shownNotices.length) {
    lines.push("");
    for (const n of shownNotices) lines.push(noticeLine(n, options, paint));
  }
  lines.push("", ...closingLines(report, visible, suppressed, options, paint));
  return lines.join("\n") + "\n";
}

function noticeLine(n: Notice, options: FormatOptions, paint: (code: string, s: string) => string): string {
  const where = shownPath(n.file, options) + (n.line !== undefined ? `:${n.line + 1}` : "");
  const level = paint(SEVERITY_LABEL[n.level].color, n.level);
  return `${level}: ${where}: ${escapeControls(n.message)}`;
}

function closingLines(
  report: ScanReport,
  visible: Finding[],
  suppressed: number,
  options: FormatOptions,
  paint: (code: string, s: string) => string,
): string[] {
  const count = (severity: string): number => visible.filter((f) => f.severity === severity).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  const unreadable = [...new Set(report.notices.filter((n) => n.level === "error").map((n) => n.file))];
  const suppressedText = suppressed ? paint("2", `, ${suppressed} suppressed with a reason`) : "";
  const out: string[] = [];
  if (!visible.length && !unreadable.length) {
    out.push(paint("32", "✔ no problems found") + suppressedText);
    return out;
  }
  const counts = `${plural(count("error"), "error")}, ${plural(count("warning"), "warning")}, ${plural(count("note"), "note")}`;
  out.push(paint("31;1", `✖ ${plural(visible.length, "problem")} (${counts})`) + suppressedText);
  const fixable = visible.filter((f) => report.fixable?.has(f)).length;
  if (fixable) out.push(paint("31;1", `  ${fixable} fixable with \`--fix\``));
  if (unreadable.length) {
    const listed = unreadable.slice(0, 5).map((f) => shownPath(f, options));
    const more = unreadable.length > 5 ? `, and ${unreadable.length - 5} more` : "";
    out.push(
      paint(
        "31;1",
        `✖ ${plural(unreadable.length, "file")} could not be read or parsed: ${listed.join(", ")}${more} (see above)`,
      ),
    );
  }
  return out;
}
