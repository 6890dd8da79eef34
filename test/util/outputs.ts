/**
 * The CLI's machine-readable outputs, parsed and given their types once their top level has the
 * expected shape (a test asserts the details; this only stops a test from reading an error text or
 * another format as if it were the report).
 */
import * as assert from "assert";
import type * as Sarif from "sarif";
import type { JsonScanOutput } from "privacy-review/internal/cli/format/json";

export type ScanJson = JsonScanOutput;
export type ScanJsonFinding = JsonScanOutput["findings"][number];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScanJson(value: unknown): value is JsonScanOutput {
  return (
    isRecord(value) && value.version === 1 && Array.isArray(value.findings) && Array.isArray(value.notices)
  );
}

function isSarifLog(value: unknown): value is Sarif.Log {
  return isRecord(value) && value.version === "2.1.0" && Array.isArray(value.runs);
}

/** `scan --format json` output. */
export function parseScanJson(text: string): JsonScanOutput {
  const value: unknown = JSON.parse(text);
  assert.ok(isScanJson(value), `not a scan report (version 1, findings, notices): ${text.slice(0, 300)}`);
  return value;
}

/** `scan --format sarif` output (SARIF 2.1.0 with runs). */
export function parseSarif(text: string): Sarif.Log {
  const value: unknown = JSON.parse(text);
  assert.ok(isSarifLog(value), `not a SARIF 2.1.0 log: ${text.slice(0, 300)}`);
  return value;
}

/** The one run of our SARIF logs. */
export function sarifRun(text: string): Sarif.Run {
  const log = parseSarif(text);
  assert.strictEqual(log.runs.length, 1, "one run");
  return log.runs[0];
}

/** A JSON array of objects of no known shape (`rules --json`). */
export function parseObjects(text: string, what: string): Array<Record<string, unknown>> {
  const value: unknown = JSON.parse(text);
  assert.ok(Array.isArray(value) && value.every(isRecord), `${what} is not a JSON array of objects`);
  return value;
}

/** A JSON object of no known shape (a manifest, a meta.json): read it with `typeof` checks. */
export function parseObject(text: string, what: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  assert.ok(isRecord(value), `${what} is not a JSON object`);
  return value;
}
