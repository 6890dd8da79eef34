// Small helpers shared by the reporting scripts.
import { writeFileSync } from "node:fs";
import { stringify } from "csv-stringify/sync";

export function writeCsv(path: string, records: object[], columns?: string[]): number {
  const text = stringify(records, { header: true, columns, delimiter: ";" });
  // ruleid: unencrypted-patient-write
  writeFileSync(path, text, "utf8");
  return records.length;
}

export interface RunSummary {
  job: string;
  startedAt: string;
  rows: number;
}

export function writeSummary(path: string, summary: RunSummary): void {
  // ok: unencrypted-patient-write
  writeFileSync(path, JSON.stringify(summary, null, 2));
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
