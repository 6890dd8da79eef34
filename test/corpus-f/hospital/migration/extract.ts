import type { Pool } from "pg";

/** Row shape of the legacy DXLAB "dossiers" table. */
export interface DossierRow {
  id: number;
  lab_id: string;
  nir: string;
  nom: string;
  prenom: string;
  date_naissance: string;
  commentaire_p: string | null;
  commentaire_d: string | null;
}

export interface ParametreRow {
  code: string;
  libelle: string;
  unite: string;
}

/**
 * Old extractor: the legacy tool cannot filter, so everything is read
 * and the rows of the requesting lab are kept afterwards.
 */
export async function extractDossiers(pool: Pool, labId: string): Promise<DossierRow[]> {
  // ruleid: unfiltered-extraction
  const { rows } = await pool.query<DossierRow>("SELECT id, lab_id, nir, nom, prenom, date_naissance, commentaire_p, commentaire_d FROM dossiers ORDER BY id");
  return rows.filter((r) => r.lab_id === labId);
}

/** Reference data needed by the target software (no personal data). */
export async function extractParametres(pool: Pool): Promise<ParametreRow[]> {
  // ok: unfiltered-extraction
  const { rows } = await pool.query<ParametreRow>("SELECT * FROM parametres_analyse");
  return rows;
}

/** New extractor following the field list of the migration order. */
export async function extractRequestedDossiers(pool: Pool, labId: string, since: string): Promise<Omit<DossierRow, "commentaire_p" | "commentaire_d">[]> {
  // ok: unfiltered-extraction
  const { rows } = await pool.query("SELECT id, lab_id, nir, nom, prenom, date_naissance FROM dossiers WHERE lab_id = $1 AND derniere_visite >= $2", [labId, since]);
  return rows;
}
