// Directory of prescribing doctors and fee schedule for the new LIS vendor.
import mysql from "mysql2/promise";
import { today, writeCsv, writeSummary } from "./csv-writer";

export async function exportReferentiels(outDir: string): Promise<void> {
  const conn = await mysql.createConnection({
    host: process.env.SIL_DB_HOST,
    user: process.env.SIL_DB_USER,
    // ok: hardcoded-credentials
    password: process.env.SIL_DB_PASSWORD,
    database: "sil",
  });
  const startedAt = new Date().toISOString();
  try {
    // ok: unfiltered-extraction
    const [prescripteurs] = await conn.query("SELECT id, nom, prenom, rpps, telephone FROM prescripteurs WHERE actif = 1");
    const n = writeCsv(`${outDir}/prescripteurs_${today()}.csv`, prescripteurs as object[]);

    // ok: unfiltered-extraction
    const [tarifs] = await conn.query("SELECT * FROM tarifs_nabm");
    writeCsv(`${outDir}/tarifs_${today()}.csv`, tarifs as object[]);

    writeSummary(`${outDir}/summary.json`, { job: "referentiels", startedAt, rows: n });
  } finally {
    await conn.end();
  }
}
