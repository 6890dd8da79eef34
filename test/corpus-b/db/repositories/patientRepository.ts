// Knex repository: queries live here, the export jobs that write files live in ../jobs.
import type { Knex } from "knex";

export interface Patient {
  id: number;
  nir: string;
  nom: string;
  prenom: string;
  dateNaissance: string;
  adresse: string;
  commentaire?: string;
}

export class PatientRepository {
  constructor(private readonly db: Knex) {}

  /** every row and every column: used by the "full migration" mode */
  all(): Promise<Patient[]> {
    // ruleid: unfiltered-extraction
    return this.db<Patient>("patients");
  }

  seenSince(labId: number, since: string): Promise<Patient[]> {
    // ok: unfiltered-extraction
    return this.db<Patient>("patients")
      .select("id", "nir", "nom", "prenom", "dateNaissance")
      .where("lab_id", labId)
      .andWhere("derniere_visite", ">=", since);
  }

  countByLab(): Promise<Array<{ lab_id: number; n: number }>> {
    // ok: unfiltered-extraction
    return this.db("patients").select("lab_id").count({ n: "*" }).groupBy("lab_id") as any;
  }
}

export default function makePatientRepository(db: Knex): PatientRepository {
  return new PatientRepository(db);
}
