// Weekly referrals to a partner clinic over implicit FTPS. Everything is right except the login.
import * as openpgp from "openpgp";
import { writeFile, rm } from "node:fs/promises";
import { Client } from "basic-ftp";
import mysql from "mysql2/promise";

function ftpsOptions(host: string) {
  return { host, port: 990, secure: "implicit" as const };
}

async function connect(host: string): Promise<Client> {
  const client = new Client();
  // ruleid: anonymous-access
  // ok: plaintext-transfer
  await client.access(ftpsOptions(host));
  return client;
}

export async function publishReferrals(week: string): Promise<void> {
  const db = await mysql.createConnection(process.env.REF_DB as string);
  const [rows] = await db.execute(
    // ok: unfiltered-extraction
    "SELECT referral_id, patient_ipp, specialty, referred_on FROM referrals WHERE iso_week = ?",
    [week],
  );
  const armored = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: JSON.stringify(rows) }),
    encryptionKeys: await openpgp.readKey({ armoredKey: process.env.PARTNER_PGP_KEY as string }),
  });
  const file = `/tmp/referrals-${week}.asc`;
  // ok: unencrypted-patient-write
  await writeFile(file, armored as string);
  const client = await connect(process.env.PARTNER_FTPS_HOST as string);
  try {
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await client.uploadFrom(file, `/referrals/${week}.asc`);
  } finally {
    client.close();
    await rm(file, { force: true });
  }
  await db.end();
}
