import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { config } from "./config";
import { encryptBuffer } from "./crypto";

export const EXPORT_DIR = config.exportDir;

export function exportPath(name: string): string {
  const safe = path.basename(name).replace(/[^\w.-]/g, "_");
  return path.join(EXPORT_DIR, safe);
}

/** Encrypts, then writes with owner-only permissions. Returns the path. */
export async function saveEncrypted(file: string, data: string | Buffer): Promise<string> {
  const plain = Buffer.isBuffer(data) ? data : Buffer.from(data, "utf8");
  const sealed = encryptBuffer(plain);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  // ok: unencrypted-patient-write
  await fsp.writeFile(file, sealed, { mode: 0o600 });
  return file;
}

/** Removes a file, ignoring "not found". */
export async function removeQuietly(file: string): Promise<void> {
  try {
    await fsp.unlink(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}

/** Runs fn with a path in the export dir and always removes the file afterwards. */
export async function withExportFile<T>(name: string, fn: (file: string) => Promise<T>): Promise<T> {
  const file = exportPath(name);
  try {
    return await fn(file);
  } finally {
    await removeQuietly(file);
  }
}

/** Deletes extracts older than the retention period. */
export async function purgeOld(now = Date.now()): Promise<number> {
  const limit = now - config.retentionDays * 24 * 3600 * 1000;
  let removed = 0;
  for (const name of await fsp.readdir(EXPORT_DIR)) {
    const file = path.join(EXPORT_DIR, name);
    const st = await fsp.stat(file);
    if (st.mtimeMs < limit) {
      await removeQuietly(file);
      removed++;
    }
  }
  return removed;
}
