// Keeps the access-badge provider in sync with the HR directory.
import got from "got";
import pg from "pg";
import fs from "node:fs";

const { Pool } = pg;
const pool = new Pool({ connectionString: process.env.RH_DB });
const CACHE = "/var/cache/badges/employees.json";

async function refreshCache(): Promise<number> {
  const result = await pool.query(
    // ok: unfiltered-extraction
    "SELECT matricule, last_name, first_name, email, site_code FROM employees WHERE contract_end IS NULL OR contract_end > now()",
  );
  // ruleid: unencrypted-patient-write
  fs.writeFileSync(CACHE, JSON.stringify(result.rows, null, 2));
  return result.rowCount ?? 0;
}

async function pushCache(): Promise<void> {
  const body = fs.readFileSync(CACHE);
  // ok: unencrypted-patient-write (request body over verified TLS: encrypted in transit, not a stored copy)
  // ruleid: no-delete-after-transfer
  await got.post("https://api.badgeo-acces.fr/v1/people/import", {
    body,
    headers: { "content-type": "application/json" },
    // ruleid: plaintext-transfer
    https: { rejectUnauthorized: false },
    username: "acme",
    // ok: hardcoded-credentials
    password: process.env.BADGE_API_PASSWORD,
  });
}

export async function syncBadges(): Promise<void> {
  const n = await refreshCache();
  await pushCache();
  console.log(`badge directory refreshed (${n} people)`);
}
