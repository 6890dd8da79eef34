import type { Knex } from "knex";

export interface PatientRecord {
  id: number;
  nir: string;
  nom: string;
  prenom: string;
  dateNaissance: string;
  adresse: string;
  updatedAt: Date;
}

/** Data access for the "patients" table (knex). */
export class PatientRepository {
  constructor(private readonly db: Knex) {}

  /** Legacy helper kept for the nightly dump. */
  async findAll(): Promise<PatientRecord[]> {
    // ruleid: unfiltered-extraction
    return this.db<PatientRecord>("patients");
  }

  async findUpdatedSince(since: Date): Promise<Pick<PatientRecord, "id" | "nom" | "prenom">[]> {
    // ok: unfiltered-extraction
    return this.db("patients").select("id", "nom", "prenom").where("updated_at", ">", since);
  }

  async findByIds(ids: number[]): Promise<Pick<PatientRecord, "id" | "nir" | "nom">[]> {
    // ok: unfiltered-extraction
    return this.db("patients").select("id", "nir", "nom").whereIn("id", ids);
  }

  async countByYear(): Promise<{ annee: number; n: number }[]> {
    // ok: unfiltered-extraction
    return this.db("patients").select(this.db.raw("extract(year from created_at)::int as annee")).count({ n: "*" }).groupBy("annee");
  }

  async listNames(): Promise<string[]> {
    // ruleid: unfiltered-extraction
    const rows = await this.db.select("nom", "prenom").from("patients");
    return rows.map((r) => `${r.nom} ${r.prenom}`);
  }

  async anonymise(id: number): Promise<void> {
    await this.db("patients").where({ id }).update({ nir: null, telephone: null, adresse: null });
  }
}
