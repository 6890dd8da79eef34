import * as XLSX from "xlsx";
import { writeFileSync } from "node:fs";
import { knex } from "../../lib/db";
import { PatientRepository, PatientRecord } from "../repositories/patient.repository";

/**
 * Nightly spreadsheet for the reception desk: patients updated in the last 24 h.
 * (The repository has no date filter for this one, so we filter here.)
 */
export class NightlyDumpJob {
  private readonly repo: PatientRepository;

  constructor(db = knex, private readonly outDir = "/srv/accueil/exports") {
    this.repo = new PatientRepository(db);
  }

  private async recent(since: Date): Promise<PatientRecord[]> {
    const all = await this.repo.findAll();
    return all.filter((p) => p.updatedAt >= since);
  }

  private toWorkbook(rows: PatientRecord[]): XLSX.WorkBook {
    const sheet = XLSX.utils.json_to_sheet(
      rows.map((p) => ({ NIR: p.nir, Nom: p.nom, Prenom: p.prenom, Naissance: p.dateNaissance, Adresse: p.adresse })),
    );
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, sheet, "Patients");
    return wb;
  }

  async run(now = new Date()): Promise<string> {
    const since = new Date(now.getTime() - 24 * 3600 * 1000);
    const rows = await this.recent(since);
    const target = `${this.outDir}/patients-${now.toISOString().slice(0, 10)}.xlsx`;
    // ruleid: unencrypted-patient-write
    XLSX.writeFile(this.toWorkbook(rows), target, { bookType: "xlsx" });
    this.writeSummary(rows.length, now);
    return target;
  }

  private writeSummary(count: number, now: Date): void {
    const summary = { date: now.toISOString(), updatedPatients: count };
    // ok: unencrypted-patient-write
    writeFileSync(`${this.outDir}/summary.json`, JSON.stringify(summary));
  }
}

if (require.main === module) {
  new NightlyDumpJob().run().then((f) => console.log("written", f)).finally(() => knex.destroy());
}
