import { Client } from "basic-ftp";
import { Readable } from "node:stream";
import Papa from "papaparse";
import { pool } from "../lib/db";
import { archiveFtp, payrollFtp, REMOTE_DIR } from "./lib/ftp-settings";

interface Absence {
  matricule: string;
  nom: string;
  motif: string;
  date_debut: string;
  date_fin: string;
}

async function loadAbsences(month: string): Promise<Absence[]> {
  // ok: unfiltered-extraction
  const { rows } = await pool.query<Absence>("SELECT a.matricule, e.nom, a.motif, a.date_debut, a.date_fin FROM absences a JOIN employees e ON e.matricule = a.matricule WHERE to_char(a.date_debut, 'YYYY-MM') = $1", [month]);
  return rows;
}

/** Sends the month's absences (sick leave included) to the payroll provider. */
export async function pushAbsences(month: string): Promise<number> {
  const rows = await loadAbsences(month);
  const csv = Papa.unparse(rows, { delimiter: ";" });
  const client = new Client();
  try {
    await client.access(payrollFtp);
    await client.ensureDir(REMOTE_DIR);
    // ruleid: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await client.uploadFrom(Readable.from([csv]), `absences-${month}.csv`);
  } finally {
    client.close();
  }
  return rows.length;
}

/** Sends per-reason counts to the group archive. */
export async function pushCounts(month: string): Promise<void> {
  // ok: unfiltered-extraction
  const { rows } = await pool.query("SELECT motif, COUNT(*)::int AS n FROM absences WHERE to_char(date_debut, 'YYYY-MM') = $1 GROUP BY motif", [month]);
  const client = new Client();
  try {
    // ok: plaintext-transfer
    // ok: anonymous-access
    await client.access(archiveFtp);
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await client.uploadFrom(Readable.from([JSON.stringify(rows)]), `counts-${month}.json`);
  } finally {
    client.close();
  }
}
