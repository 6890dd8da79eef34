// Clean: filtered extract, serialised with csv-stringify, encrypted by a local helper that
// wraps createCipheriv, uploaded from memory over SFTP with a key read from disk.
import { createCipheriv, randomBytes } from "crypto";
import { stringify } from "csv-stringify/sync";
import { readFile } from "fs/promises";
import { Pool } from "pg";
import Client from "ssh2-sftp-client";

const pool = new Pool({
  host: process.env.PGHOST,
  user: process.env.PGUSER,
  // ok: hardcoded-credentials
  password: process.env.PGPASSWORD,
});

function encrypt(plain: string | Buffer): Buffer {
  const key = Buffer.from(process.env.TRANSFER_KEY ?? "", "base64");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]);
}

async function extract(labId: number, since: string) {
  const res = await pool.query(
    // ok: unfiltered-extraction
    `SELECT p.ipp, p.nom_naissance, p.prenom, p.date_naissance, p.sexe
       FROM patients p
      WHERE p.lab_id = $1 AND p.date_derniere_visite >= $2`,
    [labId, since],
  );
  return res.rows;
}

export async function migrate(labId: number, since: string): Promise<number> {
  const rows = await extract(labId, since);
  const csv = stringify(rows, { header: true, delimiter: ";" });
  const blob = encrypt(csv);

  const sftp = new Client();
  await sftp.connect({
    host: process.env.SFTP_HOST,
    port: 22,
    username: process.env.SFTP_USER,
    // ok: hardcoded-credentials
    privateKey: await readFile(process.env.SFTP_KEY_FILE!),
    // ok: hardcoded-credentials
    passphrase: process.env.SFTP_KEY_PASSPHRASE,
  });
  try {
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await sftp.put(blob, `/incoming/lab-${labId}.csv.enc`);
  } finally {
    await sftp.end();
  }
  return rows.length;
}
