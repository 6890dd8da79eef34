/** ESLint "stylish"-like text output: one block per file, findings sorted by position. */
import * as path from "path";
import { Finding } from "../../engine/findings";
import { ruleMeta } from "../../engine/rules/registry";
import { FormatOptions, Formatter, ScanReport } from "./formatter";

export const textFormatter: Formatter = { name: "text", format: formatText };

export function formatText(report: ScanReport, options: FormatOptions): string {
  const { findings, notices } = report;
  const o = { ...options, root: report.root };
  const c = (code: string, s: string): string => (o.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  const visible = findings.filter((f) => !f.suppression && (!o.quiet || f.severity === "error"));
  const suppressed = findings.filter((f) => f.suppression).length;
  const byFile = new Map<string, Finding[]>();
  for (const f of visible) {
    const l = byFile.get(f.location.file);
    if (l) l.push(f);
    else byFile.set(f.location.file, [f]);
  }
  for (const [file, list] of byFile) {
    lines.push("", c("4", rel(o.root, file)));
    for (const f of list) {
      const sev =
        f.severity === "error"
          ? c("31", "error  ")
          : f.severity === "warning"
            ? c("33", "warning")
            : c("36", "note   ");
      const pos = `${f.location.start.line + 1}:${f.location.start.character + 1}`.padEnd(8);
      lines.push(`  ${c("2", pos)} ${sev}  ${f.message}  ${c("2", f.ruleId)}`);
      lines.push(`  ${" ".repeat(8)}          ${c("2", "↳ " + ruleMeta(f.ruleId).citation)}`);
    }
  }
  const shownNotices = notices.filter((n) => !o.quiet || n.level === "error");
  if (shownNotices.length) {
    lines.push("");
    for (const n of shownNotices) {
      const where = rel(o.root, n.file) + (n.line !== undefined ? `:${n.line + 1}` : "");
      lines.push(
        `${n.level === "error" ? c("31", "error") : n.level === "warning" ? c("33", "warning") : c("36", "note")}: ${where}: ${n.message}`,
      );
    }
  }
  const errors = visible.filter((f) => f.severity === "error").length;
  const warnings = visible.filter((f) => f.severity === "warning").length;
  const notes = visible.filter((f) => f.severity === "note").length;
  const total = visible.length;
  lines.push("");
  const summary = total
    ? `✖ ${total} problem${total === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}${notes ? `, ${notes} note${notes === 1 ? "" : "s"}` : ""})`
    : "✔ no problems found";
  lines.push(
    (total ? c("31;1", summary) : c("32", summary)) +
      (suppressed ? c("2", `, ${suppressed} suppressed with a reason`) : ""),
  );
  return lines.join("\n") + "\n";
}

function rel(root: string, file: string): string {
  const r = path.relative(root, file);
  return r && !r.startsWith("..") ? r.split(path.sep).join("/") : file;
}
