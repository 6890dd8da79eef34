// Direct database-to-database migration of active patients: no intermediate file.
import { Pool } from "pg";

const source = new Pool({ connectionString: process.env.OLD_SIL_URL });
const target = new Pool({
  host: process.env.NEW_SIL_HOST,
  user: process.env.NEW_SIL_USER,
  // ok: hardcoded-credentials
  password: process.env.NEW_SIL_PASSWORD,
  database: "sil",
  ssl: true,
});

const BATCH = 500;

export async function migrate(since: string): Promise<number> {
  let lastId = 0;
  let moved = 0;
  for (;;) {
    const { rows } = await source.query(
      // ok: unfiltered-extraction
      "SELECT id, nom, prenom, date_naissance, sexe FROM patients WHERE derniere_visite >= $1 AND id > $2 ORDER BY id LIMIT $3",
      [since, lastId, BATCH],
    );
    if (rows.length === 0) break;
    const values = rows.flatMap((r) => [r.id, r.nom, r.prenom, r.date_naissance, r.sexe]);
    const placeholders = rows.map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`).join(", ");
    // ok: unfiltered-extraction
    await target.query(`INSERT INTO patients (legacy_id, nom, prenom, date_naissance, sexe) VALUES ${placeholders}`, values);
    lastId = rows[rows.length - 1].id;
    moved += rows.length;
  }
  console.log(`${moved} patients migrated`);
  return moved;
}
