// SQL shapes: a UNION whose archive branch has no row filter, SELECT * even with a WHERE,
// a CTE that filters, and helpers that take the SQL as a constant.
import { Pool } from "pg";
import { promises as fs } from "fs";

const pool = new Pool();

async function runQuery<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  const r = await pool.query(sql, params);
  return r.rows as T[];
}

// ruleid: unfiltered-extraction
const SQL_ALL_NAMES = `
  SELECT nom, prenom, date_naissance FROM patients WHERE lab_id = $1
  UNION ALL
  SELECT nom, prenom, date_naissance FROM patients_archive`;

// ok: unfiltered-extraction
const SQL_RECENT = `WITH dernieres AS (
    SELECT patient_id, max(date_visite) AS derniere FROM visites WHERE lab_id = $1 GROUP BY patient_id
  )
  SELECT p.nom, p.prenom, d.derniere
    FROM patients p JOIN dernieres d ON d.patient_id = p.id
   WHERE d.derniere >= $2`;

export async function namesForLab(labId: number) {
  return runQuery(SQL_ALL_NAMES, [labId]);
}

export async function recent(labId: number, since: string) {
  return runQuery(SQL_RECENT, [labId, since]);
}

export async function oneFile(id: number) {
  // A lookup by key whose row stays in the application (issue #10): not an extraction.
  // ok: unfiltered-extraction
  return runQuery("SELECT * FROM patients WHERE id = $1", [id]);
}

export async function lookupTables() {
  // ok: unfiltered-extraction
  const units = await runQuery("SELECT * FROM units");
  // ok: unfiltered-extraction
  const examens = await runQuery("SELECT code, libelle FROM catalog");
  return { units, examens };
}

export async function exportRecent(labId: number, since: string, out: string): Promise<void> {
  const rows = await recent(labId, since);
  const text = rows.map((r) => `${r.nom} ${r.prenom} ${r.derniere}`).join("\n");
  // ruleid: unencrypted-patient-write
  await fs.writeFile(out, text);
}

export async function exportUnits(out: string): Promise<void> {
  const { units } = await lookupTables();
  // ok: unencrypted-patient-write
  await fs.writeFile(out, JSON.stringify(units));
}
