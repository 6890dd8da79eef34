// Data access for the medical records of the GHT archive job.
import type { Pool } from "pg";

export interface DossierMedical {
  id: number;
  nom: string;
  prenom: string;
  date_naissance: string;
  diagnostic: string;
  traitement: string;
  commentaire: string | null;
}

export async function fetchDossiers(pool: Pool): Promise<DossierMedical[]> {
  // ruleid: unfiltered-extraction
  const res = await pool.query<DossierMedical>("SELECT * FROM dossiers_medicaux");
  return res.rows;
}

export async function fetchDossiersSince(pool: Pool, since: string): Promise<DossierMedical[]> {
  const res = await pool.query<DossierMedical>(
    // ok: unfiltered-extraction
    "SELECT id, nom, prenom, date_naissance, diagnostic, traitement, commentaire FROM dossiers_medicaux WHERE date_maj >= $1",
    [since],
  );
  return res.rows;
}

export async function countDossiers(pool: Pool): Promise<number> {
  // ok: unfiltered-extraction
  const res = await pool.query<{ n: string }>("SELECT count(*) AS n FROM dossiers_medicaux");
  return Number(res.rows[0].n);
}
