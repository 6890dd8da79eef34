// Clean: runQuery(sql) and saveJson(path, obj) helpers like the ones in db/legacy, except that
// saveJson encrypts; the local file is removed in .finally() whatever the upload does.
import { createCipheriv, randomBytes } from "crypto";
import { promises as fsp, readFileSync } from "fs";
import mysql from "mysql2/promise";
import SftpClient from "ssh2-sftp-client";

const pool = mysql.createPool({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  // ok: hardcoded-credentials
  password: process.env.DB_PASSWORD,
  database: "lis",
});

async function runQuery<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const [rows] = await pool.execute(sql, params);
  return rows as T[];
}

function encrypt(buf: Buffer): Buffer {
  const iv = randomBytes(16);
  const c = createCipheriv("aes-256-cbc", Buffer.from(process.env.SAVE_KEY!, "hex"), iv);
  return Buffer.concat([iv, c.update(buf), c.final()]);
}

async function saveJson(path: string, obj: unknown): Promise<string> {
  // ok: unencrypted-patient-write
  await fsp.writeFile(path, encrypt(Buffer.from(JSON.stringify(obj))));
  return path;
}

export function exportLab(labId: number, since: string): Promise<void> {
  const p = `/tmp/lab-${labId}.json.enc`;
  const sftp = new SftpClient();
  // ok: unfiltered-extraction
  return runQuery("SELECT ipp, nom, prenom FROM patients WHERE lab_id = ? AND maj >= ?", [labId, since])
    .then((rows) => saveJson(p, rows))
    .then(() =>
      sftp.connect({
        host: process.env.SFTP_HOST,
        username: process.env.SFTP_USER,
        // ok: hardcoded-credentials
        privateKey: readFileSync(process.env.SFTP_KEY!),
      }),
    )
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    .then(() => sftp.put(p, `/in/lab-${labId}.json.enc`))
    .then(() => sftp.end())
    .finally(() => fsp.unlink(p));
}

export async function volumes(): Promise<void> {
  // ok: unfiltered-extraction
  const rows = await runQuery<{ lab_id: number; n: number }>("SELECT lab_id, COUNT(*) AS n FROM patients GROUP BY lab_id");
  for (const r of rows) console.log(`labo ${r.lab_id}: ${r.n} patients`);
}
