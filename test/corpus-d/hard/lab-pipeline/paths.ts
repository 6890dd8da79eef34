// Single place that decides where an extract lives, locally and on the drop server.
import path from "node:path";
import { mkdirSync } from "node:fs";

export const STAGING = process.env.MIGRATION_STAGING ?? "/var/lib/migration";

export function runIdFor(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, "-");
}

export function extractPath(labCode: string, runId: string): string {
  return path.join(STAGING, labCode, `${runId}.csv`);
}

export function remotePath(labCode: string, runId: string): string {
  return `/import/${labCode}/${path.basename(extractPath(labCode, runId))}`;
}

export function ensureStaging(labCode: string): void {
  mkdirSync(path.join(STAGING, labCode), { recursive: true, mode: 0o700 });
}
