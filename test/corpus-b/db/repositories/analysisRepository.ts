// Knex repository for lab analyses; only the reference table is read in full.
import type { Knex } from "knex";

export interface AnalysisResult {
  patientId: number;
  nir: string;
  code: string;
  libelle: string;
  valeur: string;
  commentaire: string;
}

export function analysisRepository(db: Knex) {
  return {
    referenceCodes() {
      // ok: unfiltered-extraction
      return db("catalog").select("*");
    },
    forPatients(ids: number[]): Promise<AnalysisResult[]> {
      // ok: unfiltered-extraction
      return db("resultats as r")
        .join("patients as p", "p.id", "r.patient_id")
        .select("r.patient_id as patientId", "p.nir", "r.code", "r.libelle", "r.valeur")
        .whereIn("r.patient_id", ids);
    },
    everything(): Promise<AnalysisResult[]> {
      // ruleid: unfiltered-extraction
      return db("resultats").select("*");
    },
  };
}
