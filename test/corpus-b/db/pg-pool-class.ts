// Clean: repository class holding a pg Pool in a field; every personal query has explicit
// columns and a row filter, including through a join or a CTE; full reads only of config.
import { Pool } from "pg";

export class LabRepository {
  private readonly pool: Pool;

  constructor(connectionString = process.env.DATABASE_URL) {
    this.pool = new Pool({ connectionString, max: 5 });
  }

  async settings(): Promise<Record<string, string>> {
    // ok: unfiltered-extraction
    const { rows } = await this.pool.query("SELECT * FROM lab_config");
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  async patientsSeenSince(since: string) {
    const { rows } = await this.pool.query(
      // ok: unfiltered-extraction
      `SELECT DISTINCT p.ipp, p.nom, p.prenom
         FROM patients p
         JOIN visits v ON v.patient_id = p.id
        WHERE v.visit_date >= $1`,
      [since],
    );
    return rows;
  }

  async recentWithResults(labId: number) {
    // ok: unfiltered-extraction
    const sql = `WITH recent AS (
        SELECT patient_id FROM visits WHERE lab_id = $1 AND visit_date > now() - interval '90 days'
      )
      SELECT p.ipp, p.nom, r.code, r.valeur
        FROM recent
        JOIN patients p ON p.id = recent.patient_id
        JOIN results r ON r.patient_id = p.id AND r.validated = true`;
    const { rows } = await this.pool.query(sql, [labId]);
    return rows;
  }

  async volumeByMonth() {
    // ok: unfiltered-extraction
    const { rows } = await this.pool.query("SELECT date_trunc('month', created_at) AS m, count(*) FROM patients GROUP BY 1");
    return rows;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
