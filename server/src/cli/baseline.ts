/**
 * `scan --baseline <file>`: the findings an earlier run reported (its JSON or SARIF output) are
 * known debt; only findings whose fingerprints are not in it are reported and fail the run.
 * Fingerprints hash the rule, the file, the line's text and its occurrence on that text, never
 * the line number, so inserting lines above a known finding keeps it known.
 */
import { Finding } from "../engine/findings";
import { UsageError } from "./errors";
import { displayPath } from "./format/escape";
import { readRegularText } from "../engine/load/regularFile";

/** The SARIF keys a fingerprint may be stored under, newest first (the /v1 key before 0.2). */
const SARIF_FINGERPRINT_KEYS = ["primaryLocationLineHash", "primaryLocationLineHash/v1"];

export interface Baseline {
  file: string;
  fingerprints: ReadonlySet<string>;
}

export function readBaseline(file: string): Baseline {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readRegularText(file);
  } catch (e) {
    throw new UsageError(`cannot read baseline ${shown}: ${reasonOf(e)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(
      `baseline ${shown} is not JSON: give a file written by \`privacy-review scan --format json\` or \`--format sarif\``,
    );
  }
  const fingerprints = fingerprintsOfJsonReport(parsed) ?? fingerprintsOfSarif(parsed);
  if (!fingerprints)
    throw new UsageError(
      `baseline ${shown} is neither a privacy-review JSON report nor a SARIF log: write it with \`privacy-review scan --format json -o ${shown}\``,
    );
  return { file, fingerprints };
}

/** Splits findings into those the baseline already holds and the new ones. */
export function applyBaseline(findings: Finding[], baseline: Baseline): { fresh: Finding[]; known: number } {
  const fresh = findings.filter((f) => !baseline.fingerprints.has(f.fingerprint));
  return { fresh, known: findings.length - fresh.length };
}

function fingerprintsOfJsonReport(report: unknown): Set<string> | undefined {
  if (!isRecord(report) || !Array.isArray(report.findings)) return undefined;
  const found = new Set<string>();
  for (const finding of report.findings)
    if (isRecord(finding) && typeof finding.fingerprint === "string") found.add(finding.fingerprint);
  return found;
}

function fingerprintsOfSarif(log: unknown): Set<string> | undefined {
  if (!isRecord(log) || !Array.isArray(log.runs)) return undefined;
  const found = new Set<string>();
  for (const run of log.runs) {
    if (!isRecord(run) || !Array.isArray(run.results)) continue;
    for (const result of run.results) {
      if (!isRecord(result) || !isRecord(result.partialFingerprints)) continue;
      for (const key of SARIF_FINGERPRINT_KEYS) {
        const value = result.partialFingerprints[key];
        if (typeof value === "string") found.add(value);
      }
    }
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  return (error as Error).message.split("\n")[0];
}
