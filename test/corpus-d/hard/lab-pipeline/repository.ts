import type { Pool } from "pg";
import { PATIENT_COUNT_SQL, PATIENT_PAGE_SQL, PAGE_SIZE } from "./sql";

export interface PatientRow {
  patient_id: number;
  nir: string;
  nom: string;
  prenom: string;
  date_naissance: string;
  commentaire_p: string | null;
  commentaire_d: string | null;
}

export class PatientRepository {
  constructor(private readonly pool: Pool) {}

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(PATIENT_COUNT_SQL);
    return rows[0].n;
  }

  /** Yields the patient file page by page so the whole table never sits in memory. */
  async *pages(): AsyncGenerator<PatientRow[]> {
    let last = 0;
    for (;;) {
      const { rows } = await this.pool.query<PatientRow>(PATIENT_PAGE_SQL, [last, PAGE_SIZE]);
      if (rows.length === 0) return;
      yield rows;
      last = rows[rows.length - 1].patient_id;
    }
  }
}
