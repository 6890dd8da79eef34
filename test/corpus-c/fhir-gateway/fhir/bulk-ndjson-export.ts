import type { Patient } from "fhir/r4";
import { createWriteStream } from "fs";
import { mkdir } from "fs/promises";
import * as path from "path";
import { Pool } from "pg";
import { Readable } from "stream";
import { ResultRow, toFhirPatient } from "./patient-mapper";

const pool = new Pool({ connectionString: process.env.LIS_DATABASE_URL });
const BULK_DIR = process.env.FHIR_BULK_DIR ?? "/srv/fhir-bulk";

// ruleid: unfiltered-extraction
const ALL_PATIENTS_SQL = "SELECT id AS patient_id, ins_nir, last_name, first_name, birth_date, gender FROM patients";

/**
 * Minimal implementation of the FHIR Bulk Data `$export` operation (system level): writes one
 * NDJSON file of Patient resources to the bulk output folder and returns the manifest.
 */
export async function systemExport(requestId: string): Promise<{ transactionTime: string; output: Array<{ type: string; url: string }> }> {
  const transactionTime = new Date().toISOString();
  const { rows } = await pool.query<ResultRow>(ALL_PATIENTS_SQL);
  const patients: Patient[] = rows.map(toFhirPatient);

  const dir = path.join(BULK_DIR, requestId);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "Patient.ndjson");
  const lines = Readable.from(patients.map((p) => JSON.stringify(p) + "\n"));
  // ruleid: unencrypted-patient-write
  lines.pipe(createWriteStream(file));
  await new Promise((resolve) => lines.on("end", resolve));

  return {
    transactionTime,
    output: [{ type: "Patient", url: `${process.env.PUBLIC_BASE_URL}/bulk/${requestId}/Patient.ndjson` }],
  };
}

/** Status endpoint helper: counts only. */
export async function exportableCount(): Promise<number> {
  // ok: unfiltered-extraction
  const { rows } = await pool.query<{ n: string }>("SELECT COUNT(*) AS n FROM patients");
  return Number(rows[0].n);
}
