import axios from "axios";
import { writeFile } from "node:fs/promises";
import { pool } from "../lib/db";

interface ServiceStat {
  service: string;
  sejours: number;
  duree_moyenne: number;
}

/** Yearly activity per hospital department: counts and averages only. */
export async function buildStats(year: number): Promise<ServiceStat[]> {
  // ok: unfiltered-extraction
  const { rows } = await pool.query<ServiceStat>(`SELECT service, COUNT(*)::int AS sejours, AVG(duree_jours)::float AS duree_moyenne
       FROM sejours
      WHERE EXTRACT(YEAR FROM admission) = $1
      GROUP BY service
      ORDER BY service`, [year]);
  return rows;
}

export async function buildAgePyramid(): Promise<Record<string, number>> {
  // ok: unfiltered-extraction
  const { rows } = await pool.query("SELECT width_bucket(EXTRACT(YEAR FROM age(date_naissance)), 0, 100, 10) AS tranche, COUNT(*)::int AS n FROM patients GROUP BY tranche");
  return rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [`${(r.tranche - 1) * 10}+`]: r.n }), {});
}

export async function publishStats(year: number): Promise<void> {
  const [stats, pyramid] = await Promise.all([buildStats(year), buildAgePyramid()]);
  const report = { year, generatedAt: new Date().toISOString(), stats, pyramid };

  // ok: unencrypted-patient-write
  await writeFile(`/var/reports/activite-${year}.json`, JSON.stringify(report, null, 2));

  // ok: plaintext-transfer
  // ok: unencrypted-patient-write
  await axios.post("https://dashboard.example-hospital.fr/api/activite", report, {
    headers: { Authorization: `Bearer ${process.env.DASHBOARD_TOKEN}` },
  });

  // local cache warm-up (sidecar on the same host)
  // ok: plaintext-transfer
  // ok: unencrypted-patient-write
  await axios.put("http://localhost:8080/internal/cache/activite", report);

  // ok: plaintext-transfer
  await fetch("http://127.0.0.1:9091/metrics/job/activite", { method: "POST", body: `sejours_total ${stats.reduce((s, x) => s + x.sejours, 0)}\n` });
}
