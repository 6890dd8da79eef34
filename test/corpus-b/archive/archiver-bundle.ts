// Per-lab CSVs written to a temp dir (in clear), zipped with archiver straight into a cipher,
// uploaded over SFTP, and the whole temp dir removed in finally.
import archiver from "archiver";
import { createCipheriv, randomBytes } from "crypto";
import { createWriteStream, promises as fs } from "fs";
import os from "os";
import path from "path";
import { pipeline } from "stream/promises";
import SftpClient from "ssh2-sftp-client";
import mysql from "mysql2/promise";

const pool = mysql.createPool(process.env.MYSQL_URL!);

export async function bundle(labIds: number[]): Promise<void> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "bundle-"));
  const sftp = new SftpClient();
  try {
    const archive = archiver("zip", { zlib: { level: 9 } });
    for (const id of labIds) {
      const [rows] = await pool.query(
        // ok: unfiltered-extraction
        "SELECT ipp, nom, prenom, ddn FROM patients WHERE lab_id = ? AND a_migrer = 1",
        [id],
      );
      const csv = (rows as any[]).map((r) => `${r.ipp};${r.nom};${r.prenom};${r.ddn}`).join("\r\n");
      const f = path.join(tmp, `lab-${id}.csv`);
      // ruleid: unencrypted-patient-write
      await fs.writeFile(f, csv, "latin1");
      archive.file(f, { name: path.basename(f) });
    }
    const encPath = path.join(tmp, "bundle.zip.enc");
    const iv = randomBytes(16);
    const cipher = createCipheriv("aes-256-cbc", Buffer.from(process.env.BUNDLE_KEY!, "hex"), iv);
    const out = createWriteStream(encPath);
    // ok: unencrypted-patient-write
    out.write(iv);
    // ok: unencrypted-patient-write
    const done = pipeline(archive, cipher, out);
    await archive.finalize();
    await done;

    await sftp.connect({
      host: process.env.SFTP_HOST,
      username: process.env.SFTP_USER,
      // ok: hardcoded-credentials
      privateKey: await fs.readFile(process.env.SFTP_KEY!),
    });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await sftp.fastPut(encPath, "/depot/bundle.zip.enc");
  } finally {
    await sftp.end().catch(() => undefined);
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
