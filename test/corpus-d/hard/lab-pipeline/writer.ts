import fs from "node:fs";
import path from "node:path";

export function toCsvLine(row: Record<string, unknown>): string {
  return Object.entries(row)
    .map(([, v]) => `"${String(v ?? "").replace(/"/g, '""')}"`)
    .join(";") + "\r\n";
}

const w = fs.appendFileSync;

export async function writeExtract(file: string, pages: AsyncIterable<Record<string, unknown>[]>): Promise<number> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let n = 0;
  for await (const page of pages) {
    const chunk = page.map((row) => toCsvLine({ ...row, exported_at: new Date().toISOString() })).join("");
    // ruleid: unencrypted-patient-write
    w(file, chunk, "utf8");
    n += page.length;
  }
  return n;
}
