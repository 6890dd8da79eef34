// Weekly encrypted transfer of microbiology results to the infection-control team.
import { withFile } from "tmp-promise";
import { writeFile } from "node:fs/promises";
import { createCipheriv, randomBytes } from "node:crypto";
import knex from "knex";
import SftpClient from "ssh2-sftp-client";

const db = knex({ client: "pg", connection: process.env.SIL_DB_URL });

function seal(data: string, key: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv);
  const enc = Buffer.concat([c.update(data, "utf8"), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), enc]);
}

export async function sendWeekly(since: string): Promise<void> {
  const key = Buffer.from(process.env.EOH_KEY_B64 as string, "base64");
  // ok: unfiltered-extraction
  const rows = await db("resultats_microbio").select("patient_id", "germe", "antibiogramme", "date_prelevement").where("date_prelevement", ">=", since);
  const sftp = new SftpClient();
  await sftp.connect({
    host: process.env.EOH_SFTP_HOST,
    username: process.env.EOH_SFTP_USER,
    // ok: hardcoded-credentials
    privateKey: process.env.EOH_SFTP_PRIVATE_KEY,
  });
  try {
    await withFile(async ({ path }) => {
      // ok: unencrypted-patient-write
      await writeFile(path, seal(JSON.stringify(rows), key));
      // ok: no-delete-after-transfer
      await sftp.fastPut(path, `/eoh/microbio_${since}.bin`);
    }, { postfix: ".bin" });
  } finally {
    await sftp.end();
    await db.destroy();
  }
}
