/**
 * Migration d'un laboratoire : extraction limitée au périmètre demandé,
 * chiffrement AES-256-GCM avant écriture, dépôt en FTPS puis suppression locale.
 */
import { Pool } from "pg";
import { stringify } from "csv-stringify";
import { createCipheriv, randomBytes } from "crypto";
import { createWriteStream, promises as fsp } from "fs";
import { pipeline } from "stream/promises";
import { Readable } from "stream";
import { Client } from "basic-ftp";

const pool = new Pool({
  host: process.env.PGHOST,
  user: process.env.PGUSER,
  // ok: hardcoded-credentials
  password: process.env.PGPASSWORD,
  database: "sil",
});
const KEY = Buffer.from(process.env.MIGRATION_KEY_HEX as string, "hex");

export async function migrate(labId: number, since: string): Promise<void> {
  const { rows } = await pool.query({
    // ok: unfiltered-extraction
    text: "SELECT id_patient, nom, prenom, date_naissance, date_prelevement FROM patients WHERE labo_id = $1 AND date_prelevement >= $2",
    values: [labId, since],
  });

  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", KEY, iv);
  const local = `/var/tmp/labo${labId}_patients.csv.enc`;
  const meta = `${local}.meta`;
  // ok: unencrypted-patient-write
  await pipeline(Readable.from(rows), stringify({ header: true }), cipher, createWriteStream(local));
  // ok: unencrypted-patient-write
  await fsp.writeFile(meta, Buffer.concat([iv, cipher.getAuthTag()]));

  const ftp = new Client();
  try {
    // ok: plaintext-transfer
    // ok: anonymous-access
    await ftp.access({ host: process.env.FTPS_HOST, user: process.env.FTPS_USER, password: process.env.FTPS_PASSWORD, secure: true });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await ftp.uploadFrom(local, `/prive/labo${labId}/patients.csv.enc`);
    // ok: no-delete-after-transfer
    await ftp.uploadFrom(meta, `/prive/labo${labId}/patients.csv.enc.meta`);
  } finally {
    ftp.close();
    await fsp.rm(local, { force: true });
    await fsp.rm(meta, { force: true });
  }
}

migrate(Number(process.argv[2]), process.argv[3])
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => pool.end());
