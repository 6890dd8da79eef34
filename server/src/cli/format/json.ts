/** Machine-readable output: findings and notices with paths relative to the scanned root. */
import * as path from "path";
import { ruleMeta } from "../../engine/rules/registry";
import { Severity } from "../../engine/findings";
import { Formatter, ScanReport } from "./formatter";

/** A place in a file, 1-based, with what happens there. */
export interface JsonLocation {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** `scan --format json` (a stable contract: fields are added, never renamed or removed). */
export interface JsonScanOutput {
  version: 1;
  files: number;
  durationMs: number;
  findings: Array<{
    ruleId: string;
    messageId: string;
    severity: Severity;
    message: string;
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    citation: string;
    docUrl: string;
    related: JsonLocation[];
    flow: JsonLocation[];
    fingerprint: string;
    fixable: boolean;
    suppressed?: { justification: string };
  }>;
  notices: Array<{ file: string; line?: number; level: Severity; message: string }>;
  fixes?: Array<{ file: string; fixes: number; output: string }>;
}

export const jsonFormatter: Formatter = { name: "json", format: formatJson };

export function formatJson(report: ScanReport): string {
  const { findings, notices, root, durationMs, fileCount, fixes } = report;
  const rel = (f: string): string => path.relative(root, f).split(path.sep).join("/");
  const output: JsonScanOutput = {
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
    ...(fixes ? { fixes: fixes.map((x) => ({ file: rel(x.file), fixes: x.fixes, output: x.output })) } : {}),
  };
  return JSON.stringify(output, null, 2) + "\n";
}
