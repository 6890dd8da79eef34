/**
 * One-shot migration of the Labo Nord patient file to the new LIS vendor.
 * Ticket MIG-4412: run once from the ops bastion after the old DXLAB box is frozen.
 */
import { Pool } from "pg";
import { Client } from "basic-ftp";
import { writeFileSync, mkdirSync } from "fs";
import { join } from "path";

const pool = new Pool({
  host: process.env.PGHOST ?? "dxlab-db.internal",
  database: "dxlab",
  user: process.env.PGUSER,
  password: process.env.PGPASSWORD,
});

const OUT_DIR = process.env.OUT_DIR ?? "/var/tmp/migration";
mkdirSync(OUT_DIR, { recursive: true });
const outFile = join(OUT_DIR, `labo-nord-${new Date().toISOString().slice(0, 10)}.csv`);

// ruleid: unfiltered-extraction
const { rows } = await pool.query("SELECT * FROM patients ORDER BY patient_id");
console.log(`fetched ${rows.length} rows`);

const header = Object.keys(rows[0] ?? {}).join(";");
const body = rows
  .map((r) => Object.values(r).map((v) => String(v ?? "").replace(/[;\n]/g, " ")).join(";"))
  .join("\n");
// ruleid: unencrypted-patient-write
writeFileSync(outFile, header + "\n" + body, "utf8");

const client = new Client(30_000);
client.ftp.verbose = true;
try {
  // ruleid: plaintext-transfer
  await client.access({
    host: "ftp.newlis-vendor.fr",
    user: "labonord",
    // ruleid: hardcoded-credentials
    password: "LaboNord2022!",
  });
  await client.ensureDir("/incoming/labo-nord");
  // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
  // ruleid: no-delete-after-transfer
  await client.uploadFrom(outFile, "patients.csv");
  console.log("uploaded", outFile);
} finally {
  client.close();
  await pool.end();
}
