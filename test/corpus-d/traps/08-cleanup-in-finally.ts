// Daily validated results -> partner lab. Encrypted, SFTP, local files removed whatever happens.
import SftpClient from "ssh2-sftp-client";
import { createCipheriv, randomBytes } from "node:crypto";
import { createWriteStream, promises as fsp } from "node:fs";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { Pool } from "pg";
import os from "node:os";
import path from "node:path";

const pool = new Pool();
const KEY = Buffer.from(process.env.TRANSFER_KEY_B64 as string, "base64");

async function openSftp(): Promise<SftpClient> {
  const sftp = new SftpClient();
  await sftp.connect({
    host: process.env.PARTNER_HOST,
    username: process.env.PARTNER_USER,
    privateKey: await fsp.readFile(process.env.PARTNER_KEY_PATH as string),
  });
  return sftp;
}

export async function transferDailyResults(day: string): Promise<void> {
  const { rows } = await pool.query(
    // ok: unfiltered-extraction
    "SELECT sample_id, patient_ipp, test_code, result_value FROM results WHERE validated_on = $1",
    [day],
  );
  const file = path.join(os.tmpdir(), `results-${day}.bin`);
  const iv = randomBytes(16);
  try {
    // ok: unencrypted-patient-write
    await pipeline(Readable.from(rows.map((r) => JSON.stringify(r) + "\n")), createCipheriv("aes-256-cbc", KEY, iv), createWriteStream(file));
    const sftp = await openSftp();
    try {
      // ok: unencrypted-patient-write
      // ok: no-delete-after-transfer
      await sftp.fastPut(file, `/in/${day}-${iv.toString("hex")}.bin`);
    } finally {
      await sftp.end();
    }
  } finally {
    await fsp.rm(file, { force: true });
  }
}

export function transferManifest(day: string, count: number): Promise<void> {
  const file = path.join(os.tmpdir(), `manifest-${day}.json`);
  // ok: unencrypted-patient-write
  return fsp.writeFile(file, JSON.stringify({ day, count, format: "aes-256-cbc/ndjson" }))
    .then(async () => {
      const sftp = await openSftp();
      // ok: unencrypted-patient-write
      // ok: no-delete-after-transfer
      await sftp.put(file, `/in/manifest-${day}.json`);
      await sftp.end();
    })
    .finally(() => fsp.unlink(file).catch(() => undefined));
}
