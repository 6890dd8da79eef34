// Clean: TLS options merged over a shared base object, payload encrypted in memory and
// streamed to the server without ever touching the local disk.
import { AccessOptions, Client } from "basic-ftp";
import { createCipheriv, randomBytes } from "crypto";
import knexFactory from "knex";
import { Readable } from "stream";

const db = knexFactory({ client: "pg", connection: process.env.DATABASE_URL });

const base: AccessOptions = {
  host: process.env.FTPS_HOST ?? "ftps.partner.example",
  port: 21,
  user: process.env.FTP_USER,
  // ok: hardcoded-credentials
  password: process.env.FTP_PASSWORD,
};

function sealed(plain: Buffer): Buffer {
  const key = Buffer.from(process.env.EXPORT_KEY_HEX ?? "", "hex");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const enc = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), enc]);
}

export async function sendPrescriptions(labId: number, from: string): Promise<void> {
  // ok: unfiltered-extraction
  const rows = await db("prescriptions")
    .select("patient_ref", "code_acte", "date_prescription")
    .where({ lab_id: labId })
    .andWhere("date_prescription", ">=", from);

  const payload = sealed(Buffer.from(JSON.stringify(rows)));
  const client = new Client();
  try {
    // ok: plaintext-transfer
    // ok: anonymous-access
    await client.access({ ...base, secure: true });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await client.uploadFrom(Readable.from(payload), `/depot/prescriptions-${labId}.bin`);
  } finally {
    client.close();
  }
}
