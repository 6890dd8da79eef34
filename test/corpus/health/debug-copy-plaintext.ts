// Daily sealed export of validated results for the regional platform.
import { createCipheriv, randomBytes, scryptSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { Pool } from "pg";

const pool = new Pool();
const key = scryptSync(process.env.EXPORT_PASSPHRASE as string, "sil-export-v1", 32);

function seal(plain: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

export async function exportResults(day: string): Promise<void> {
  const { rows } = await pool.query(
    // ok: unfiltered-extraction
    "SELECT patient_id, code_examen, resultat, unite, commentaire FROM analyses WHERE date_validation = $1",
    [day],
  );
  const plain = Buffer.from(JSON.stringify(rows));
  const sealed = seal(plain);
  // ok: unencrypted-patient-write
  writeFileSync(`/exports/${day}.json.enc`, sealed);

  // TODO remove once the platform confirms decryption works
  // ruleid: unencrypted-patient-write
  writeFileSync(`/exports/${day}.json`, plain);
}

exportResults(new Date().toISOString().slice(0, 10))
  .catch((e) => console.error(e))
  .finally(() => pool.end());
