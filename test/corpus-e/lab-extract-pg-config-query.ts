/**
 * Extraction des dossiers patients pour la migration vers le nouveau SIL.
 * Laboratoire 1 : seuls les patients vus depuis le 2017-05-07 sont demandés.
 */
import { Pool } from "pg";
import { stringify } from "csv-stringify";
import { pipeline } from "stream";
import * as fs from "fs";
import * as path from "path";

// ok: plaintext-transfer
const LOINC_SYSTEM = "http://loinc.org";
const SINCE = process.env.MIGRATION_SINCE || "2017-05-07";
// ok: hardcoded-credentials
const OUT_DIR = process.env.EXPORT_DIR ?? "/var/lib/sil-migration";

const pool = new Pool({
  host: process.env.PGHOST,
  database: "sil_megabus",
  user: process.env.PGUSER,
  // ok: hardcoded-credentials
  password: process.env.PGPASSWORD,
  max: 4,
});

async function loadCatalogue(): Promise<Map<string, string>> {
  const res = await pool.query({
    // ok: unfiltered-extraction
    text: "SELECT code_analyse, code_loinc FROM ref_analyses",
    values: [],
  });
  return new Map(res.rows.map((r: { code_analyse: string; code_loinc: string }) => [r.code_analyse, r.code_loinc]));
}

async function loadResultats(since: string) {
  const res = await pool.query({
    // ok: unfiltered-extraction
    text: "SELECT id_patient, code_analyse, valeur, unite FROM resultats WHERE date_validation >= $1",
    values: [since],
  });
  return res.rows;
}

export async function exportPatients(): Promise<string> {
  const catalogue = await loadCatalogue();
  const res = await pool.query({
    // ruleid: unfiltered-extraction
    text: "SELECT * FROM patients WHERE date_derniere_visite >= $1",
    values: [SINCE],
  });
  const resultats = await loadResultats(SINCE);
  const rows = res.rows.map((p) => ({
    ...p,
    analyses: resultats
      .filter((r) => r.id_patient === p.id_patient)
      .map((r) => `${LOINC_SYSTEM}|${catalogue.get(r.code_analyse)}=${r.valeur}${r.unite}`)
      .join(","),
  }));

  const outPath = path.join(OUT_DIR, `patients_${Date.now()}.csv`);
  await new Promise<void>((resolve, reject) => {
    // ruleid: unencrypted-patient-write
    pipeline(stringify(rows, { header: true, delimiter: ";" }), fs.createWriteStream(outPath), (err) => {
      if (err) reject(err);
      else resolve();
    });
  });
  return outPath;
}

exportPatients()
  .then((p) => console.log(`extraction écrite dans ${p}`))
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => pool.end());
