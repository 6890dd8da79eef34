// Export of recent patients for the new LIS, sealed before it leaves the server.
import { Pool } from "pg";
import { createCipheriv, randomBytes } from "node:crypto";
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import SftpClient from "ssh2-sftp-client";

function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

const pool = new Pool({ connectionString: requireEnv("SIL_URL") });
const KEY = Buffer.from(requireEnv("EXPORT_KEY_B64"), "base64");

function encrypt(plain: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", KEY, iv);
  const enc = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), enc]);
}

export async function exportSince(since: string): Promise<void> {
  // ok: unfiltered-extraction
  const { rows } = await pool.query("SELECT id, nom, prenom, date_naissance, nir FROM patients WHERE derniere_visite >= $1", [since]);
  const local = `/var/tmp/patients_${since}.json.enc`;
  const sftp = new SftpClient();
  try {
    // ok: unencrypted-patient-write
    writeFileSync(local, encrypt(Buffer.from(JSON.stringify(rows))));
    await sftp.connect({
      host: requireEnv("SFTP_HOST"),
      username: requireEnv("SFTP_USER"),
      // ok: hardcoded-credentials
      privateKey: readFileSync(requireEnv("SFTP_KEY_PATH")),
    });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await sftp.put(local, `/import/patients_${since}.json.enc`);
  } finally {
    unlinkSync(local);
    await sftp.end();
  }
}
