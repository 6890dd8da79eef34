/**
 * One-shot extraction from a MEGABUS server for the switch to the new LIS.
 * Run from the support laptop: npx ts-node megabus-full-dump.ts <labCode>
 * The new software imports the CSV from the maintenance FTP.
 */
import { Pool } from "pg";
import { stringify } from "csv-stringify/sync";
import * as fs from "fs";
import * as path from "path";
import { Client } from "basic-ftp";

const pool = new Pool({
  host: process.env.MEGABUS_HOST,
  user: process.env.MEGABUS_USER,
  // ok: hardcoded-credentials
  password: process.env.MEGABUS_PASSWORD,
  database: "megabus",
});

async function main(labCode: string): Promise<void> {
  // ok: unfiltered-extraction
  const { rows: [stats] } = await pool.query("SELECT count(*) AS total FROM patients");
  console.log(`[${labCode}] ${stats.total} patients in source`);

  // The export module of MEGABUS has no filter, we take everything.
  // ruleid: unfiltered-extraction
  const { rows } = await pool.query("SELECT * FROM patients ORDER BY id");
  const csv = stringify(rows, { header: true, delimiter: ";" });

  fs.mkdirSync("/var/tmp/migration", { recursive: true });
  const outFile = path.join("/var/tmp/migration", `${labCode}_patients.csv`);
  // ruleid: unencrypted-patient-write
  fs.writeFileSync(outFile, csv, "latin1");

  const client = new Client(30_000);
  try {
    // ruleid: plaintext-transfer
    await client.access({
      host: "maint-ftp.support-labo.fr",
      // ruleid: anonymous-access
      user: "anonymous",
    });
    await client.ensureDir(`/public/migrations/${labCode}`);
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await client.uploadFrom(outFile, `${labCode}_patients.csv`);
  } finally {
    client.close();
  }
  await pool.end();
}

main(process.argv[2] ?? "LAB").catch((err) => {
  console.error(err);
  process.exit(1);
});
