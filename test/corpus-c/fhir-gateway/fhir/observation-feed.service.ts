import { Pool } from "pg";
import type { Bundle } from "fhir/r4";
import { ResultRow, toTransactionBundle } from "./patient-mapper";

// ruleid: plaintext-transfer
const PARTNER_FHIR_BASE = process.env.PARTNER_FHIR_BASE ?? "http://fhir.chu-partenaire.example/r4";
// ok: plaintext-transfer
const LOCAL_HAPI = "http://localhost:8080/fhir";

const pool = new Pool({ connectionString: process.env.LIS_DATABASE_URL, max: 4 });

/**
 * Feeds validated results to the partner hospital's FHIR server every 5 minutes. In development the
 * local HAPI server is only pinged to check that the gateway's FHIR stack is up.
 */
export class ObservationFeedService {
  private lastRun = new Date(Date.now() - 5 * 60 * 1000);

  async fetchValidatedSince(since: Date): Promise<ResultRow[]> {
    const { rows } = await pool.query<ResultRow>(
      // ok: unfiltered-extraction
      `SELECT p.id AS patient_id, p.ins_nir, p.last_name, p.first_name, p.birth_date, p.gender,
              r.id AS result_id, r.loinc_code, r.value_numeric, r.value_text, r.unit, r.validated_at
         FROM lab_results r
         JOIN patients p ON p.id = r.patient_id
        WHERE r.status = 'validated' AND r.validated_at > $1 AND r.prescriber_network = 'CHU'
        ORDER BY r.validated_at
        LIMIT 2000`,
      [since],
    );
    return rows;
  }

  async tick(): Promise<void> {
    const started = new Date();
    const rows = await this.fetchValidatedSince(this.lastRun);
    if (rows.length === 0) return;
    const bundle: Bundle = toTransactionBundle(rows);

    // ruleid: unencrypted-patient-write
    const res = await fetch(PARTNER_FHIR_BASE, {
      method: "POST",
      headers: { "content-type": "application/fhir+json", authorization: `Bearer ${process.env.PARTNER_TOKEN}` },
      body: JSON.stringify(bundle),
    });
    if (!res.ok) throw new Error(`partner FHIR server answered ${res.status}`);

    console.log(`[fhir-feed] ${rows.length} observations sent`);
    this.lastRun = started;
  }
}

export async function localServerUp(): Promise<boolean> {
  const res = await fetch(`${LOCAL_HAPI}/metadata`, { headers: { accept: "application/fhir+json" } }).catch(() => null);
  return res !== null && res.ok;
}

export function startFeed(service = new ObservationFeedService()): NodeJS.Timeout {
  return setInterval(() => service.tick().catch((e) => console.error("[fhir-feed]", e)), 5 * 60 * 1000);
}
