// Clean: local files created through tmp-promise, whose helpers delete them (withFile removes
// the file when the callback settles; file() returns a cleanup called in finally).
import { createCipheriv, randomBytes } from "crypto";
import { writeFile } from "fs/promises";
import knex from "knex";
import SftpClient from "ssh2-sftp-client";
import { file, withFile } from "tmp-promise";

const db = knex({ client: "pg", connection: process.env.DATABASE_URL });

function seal(s: string): Buffer {
  const iv = randomBytes(16);
  const c = createCipheriv("aes-256-cbc", Buffer.from(process.env.SFTP_EXPORT_KEY!, "hex"), iv);
  return Buffer.concat([iv, c.update(s, "utf8"), c.final()]);
}

async function connect(): Promise<SftpClient> {
  const sftp = new SftpClient();
  await sftp.connect({
    host: process.env.SFTP_HOST,
    username: process.env.SFTP_USER,
    // ok: hardcoded-credentials
    password: process.env.SFTP_PASSWORD,
  });
  return sftp;
}

export async function sendPatients(labId: number): Promise<void> {
  // ok: unfiltered-extraction
  const rows = await db("patients").select("ipp", "nom", "prenom").where({ lab_id: labId, a_migrer: true });
  const sftp = await connect();
  try {
    await withFile(
      async ({ path }) => {
        // ok: unencrypted-patient-write
        await writeFile(path, seal(JSON.stringify(rows)));
        // ok: unencrypted-patient-write
        // ok: no-delete-after-transfer
        await sftp.fastPut(path, `/in/patients-${labId}.enc`);
      },
      { postfix: ".enc" },
    );
  } finally {
    await sftp.end();
  }
}

export async function sendResults(labId: number): Promise<void> {
  // ok: unfiltered-extraction
  const rows = await db("resultats").select("ipp", "code", "valeur").where({ lab_id: labId, valide: true });
  const { path, cleanup } = await file({ postfix: ".enc" });
  const sftp = await connect();
  try {
    // ok: unencrypted-patient-write
    await writeFile(path, seal(JSON.stringify(rows)));
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await sftp.fastPut(path, `/in/resultats-${labId}.enc`);
  } finally {
    await sftp.end();
    await cleanup();
  }
}
