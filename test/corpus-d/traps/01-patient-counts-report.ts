// Monthly activity report for the medical board: counts only, no row-level data.
import { Pool } from "pg";
import { writeFileSync, mkdirSync } from "fs";

const pool = new Pool({ connectionString: process.env.DWH_URL });

async function main(): Promise<void> {
  // ok: unfiltered-extraction
  const { rows: [{ n: patients }] } = await pool.query("SELECT COUNT(*)::int AS n FROM patients");
  const { rows: byService } = await pool.query(
    // ok: unfiltered-extraction
    "SELECT service_code, COUNT(*)::int AS n, AVG(length_of_stay)::float AS avg_los FROM patients GROUP BY service_code",
  );
  const { rows: byMonth } = await pool.query(
    // ok: unfiltered-extraction
    `SELECT date_trunc('month', admitted_at) AS month, COUNT(DISTINCT patient_id) AS n
       FROM admissions
      GROUP BY 1
      ORDER BY 1`,
  );
  const report = { generatedAt: new Date().toISOString(), patients, byService, byMonth };
  mkdirSync("./reports", { recursive: true });
  // ok: unencrypted-patient-write
  writeFileSync("./reports/activity.json", JSON.stringify(report, null, 2));
  // push the total to the Prometheus push-gateway sidecar
  // ok: plaintext-transfer
  // ok: unencrypted-patient-write
  await fetch("http://127.0.0.1:9091/metrics/job/activity_report", { method: "POST", body: `patients_total ${patients}\n` });
  console.log(`report written: ${patients} patients, ${byService.length} services`);
}

main().finally(() => pool.end());
