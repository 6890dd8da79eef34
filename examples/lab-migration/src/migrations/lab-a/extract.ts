// Queries for laboratory A, written against instruction LAB-A-2020-09
// (listed columns only, patients seen on or after 2017-05-07).
import type { Pool } from "pg";

export interface PatientA {
  id: number;
  nom: string;
  prenom: string;
  nom_naissance: string | null;
  date_naissance: string;
  sexe: "F" | "M" | "I";
  nir: string | null;
  adresse: string | null;
  telephone: string | null;
  email: string | null;
  derniere_visite: string;
}

export interface AnalyseA {
  id: number;
  patient_id: number;
  code_examen: string;
  date_prelevement: string;
  resultat: string | null;
  unite: string | null;
}

export async function extractPatients(pool: Pool): Promise<PatientA[]> {
  const { rows } = await pool.query<PatientA>(
    "SELECT id, nom, prenom, nom_naissance, date_naissance, sexe, nir, adresse, telephone, email, derniere_visite FROM patients WHERE derniere_visite >= '2017-05-07'",
  );
  return rows;
}

export async function extractAnalyses(pool: Pool): Promise<AnalyseA[]> {
  const { rows } = await pool.query<AnalyseA>(
    "SELECT id, patient_id, code_examen, date_prelevement, resultat, unite FROM analyses WHERE date_prelevement >= '2017-05-07'",
  );
  return rows;
}
