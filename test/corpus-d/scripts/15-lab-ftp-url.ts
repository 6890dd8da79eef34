// Lab Sud -> new vendor. The vendor gave us a single URL with everything in it.
import { Client } from "basic-ftp";
import { createConnection } from "mysql2/promise";
import { writeFile, unlink } from "fs/promises";

// ruleid: plaintext-transfer
// ruleid: hardcoded-credentials
const TARGET = "ftp://migr_labsud:Migr2022@ftp.labsud-exemple.fr:21/import";

async function main(): Promise<void> {
  const db = await createConnection(process.env.LIS_DB_URL as string);
  const [rows] = await db.query(
    // ruleid: unfiltered-extraction
    "SELECT nir, nom, prenom, date_naissance, commentaire_p, commentaire_d FROM dossiers"
  );
  const local = "/tmp/dossiers.csv";
  // ruleid: unencrypted-patient-write
  await writeFile(local, (rows as any[]).map((r) => Object.values(r).join(";")).join("\n"));

  const url = new URL(TARGET);
  const client = new Client();
  await client.access({
    host: url.hostname,
    port: Number(url.port || 21),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    // ruleid: plaintext-transfer
    secure: false,
  });
  try {
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await client.uploadFrom(local, `${url.pathname}/dossiers.csv`);
    await unlink(local);
  } finally {
    client.close();
    await db.end();
  }
}

main().catch(console.error);
