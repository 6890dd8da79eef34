// Encryption helpers shared by the jobs: the only place that writes export files.
import { createCipheriv, randomBytes, scryptSync } from "crypto";
import { writeFile } from "fs/promises";

const SALT = Buffer.from("lis-migration-v2");

function key(): Buffer {
  const secret = process.env.MIGRATION_SECRET;
  if (!secret) throw new Error("MIGRATION_SECRET is not set");
  return scryptSync(secret, SALT, 32);
}

export function seal(data: string | Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([c.update(data), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

/** Writes `data` encrypted: callers may pass personal data. */
export async function writeSealed(file: string, data: unknown): Promise<string> {
  const text = typeof data === "string" ? data : JSON.stringify(data);
  // ok: unencrypted-patient-write
  await writeFile(file, seal(text), { mode: 0o600 });
  return file;
}
