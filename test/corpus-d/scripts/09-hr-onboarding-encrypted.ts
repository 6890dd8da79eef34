// New hires of the week -> badge provider. Encrypted, sent over SFTP, local file removed.
import { Pool } from "pg";
import { createCipheriv, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import SftpClient from "ssh2-sftp-client";

const pool = new Pool({ connectionString: process.env.HR_DATABASE_URL });
const key = Buffer.from(process.env.EXPORT_KEY_HEX as string, "hex");

async function main(since: string): Promise<void> {
  const { rows } = await pool.query(
    // ok: unfiltered-extraction
    "SELECT employee_id, last_name, first_name, start_date, department FROM employees WHERE start_date >= $1",
    [since],
  );
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const file = `/tmp/onboarding-${since}.csv.enc`;
  const lines = rows.map((r) => `${r.employee_id},${r.last_name},${r.first_name},${r.start_date},${r.department}\n`);
  const sftp = new SftpClient();
  try {
    // ok: unencrypted-patient-write
    await pipeline(Readable.from(lines), cipher, createWriteStream(file));
    await sftp.connect({
      host: process.env.BADGE_SFTP_HOST,
      username: process.env.BADGE_SFTP_USER,
      privateKey: process.env.BADGE_SFTP_KEY,
    });
    const remote = `/inbox/${iv.toString("hex")}-${cipher.getAuthTag().toString("hex")}.enc`;
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await sftp.put(file, remote);
  } finally {
    await sftp.end().catch(() => undefined);
    await rm(file, { force: true });
  }
}

main(process.argv[2] ?? new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10))
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => pool.end());
