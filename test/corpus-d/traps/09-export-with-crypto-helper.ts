// Cardiology referrals -> regional platform. Encrypted through ./crypto/envelope, temp file auto-removed.
import { withFile } from "tmp-promise";
import { writeFile } from "node:fs/promises";
import { Client } from "basic-ftp";
import { DataSource } from "typeorm";
import { sealToBuffer } from "./crypto/envelope";

const ds = new DataSource({ type: "postgres", url: process.env.CARDIO_DB_URL, entities: [] });

export async function sendReferrals(since: string): Promise<number> {
  await ds.initialize();
  const rows = await ds.query(
    // ok: unfiltered-extraction
    "SELECT referral_id, patient_ipp, referred_on, reason_code FROM referrals WHERE referred_on >= $1 AND specialty = 'CARDIO'",
    [since],
  );
  await withFile(async ({ path }) => {
    // ok: unencrypted-patient-write
    await writeFile(path, sealToBuffer(JSON.stringify(rows)));
    const client = new Client();
    try {
      // ok: plaintext-transfer
      // ok: anonymous-access
      await client.access({ host: process.env.FTPS_HOST, user: process.env.FTPS_USER, password: process.env.FTPS_PASSWORD, secure: "implicit" });
      // ok: unencrypted-patient-write
      // ok: no-delete-after-transfer
      await client.uploadFrom(path, `/secure-in/referrals-${since}.bin`);
    } finally {
      client.close();
    }
  }, { postfix: ".bin" });
  await ds.destroy();
  return rows.length;
}
