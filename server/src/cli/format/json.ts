/** Machine-readable output: findings and notices with paths relative to the scanned root. */
import * as path from "path";
import { ruleMeta } from "../../engine/rules/registry";
import { Formatter, ScanReport } from "./formatter";

export const jsonFormatter: Formatter = { name: "json", format: formatJson };

export function formatJson(report: ScanReport): string {
  const { findings, notices, root, durationMs, fileCount, fixes } = report;
  const rel = (f: string): string => path.relative(root, f).split(path.sep).join("/");
  return (
    JSON.stringify(
      {
        version: 1,
        files: fileCount,
        durationMs,
        findings: findings.map((f) => ({
          ruleId: f.ruleId,
          messageId: f.messageId,
          severity: f.severity,
          message: f.message,
          file: rel(f.location.file),
          line: f.location.start.line + 1,
          column: f.location.start.character + 1,
          endLine: f.location.end.line + 1,
          endColumn: f.location.end.character + 1,
          citation: ruleMeta(f.ruleId).citation,
          docUrl: ruleMeta(f.ruleId).docUrl,
          related: f.related.map((r) => ({
            file: rel(r.file),
            line: r.start.line + 1,
            column: r.start.character + 1,
            message: r.message,
          })),
          flow: f.flow.map((r) => ({
            file: rel(r.file),
            line: r.start.line + 1,
            column: r.start.character + 1,
            message: r.message,
          })),
          fingerprint: f.fingerprint,
          fixable: report.fixable?.has(f) ?? false,
          suppressed: f.suppression ? { justification: f.suppression.justification } : undefined,
        })),
        notices: notices.map((n) => ({
          file: rel(n.file),
          line: n.line !== undefined ? n.line + 1 : undefined,
          level: n.level,
          message: n.message,
        })),
        ...(fixes
          ? { fixes: fixes.map((x) => ({ file: rel(x.file), fixes: x.fixes, output: x.output })) }
          : {}),
      },
      null,
      2,
    ) + "\n"
  );
}
