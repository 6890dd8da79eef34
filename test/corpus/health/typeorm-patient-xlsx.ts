// Monthly spreadsheet for the medical records office (DIM).
import "reflect-metadata";
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from "typeorm";
import ExcelJS from "exceljs";

@Entity({ name: "patients" })
export class PatientEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column() nom!: string;
  @Column() prenom!: string;
  @Column({ name: "date_naissance", type: "date" }) dateNaissance!: string;
  @Column() nir!: string;
  @Column({ nullable: true }) telephone?: string;
}

@Entity({ name: "sites" })
export class SiteEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column() code!: string;
  @Column() libelle!: string;
}

const ds = new DataSource({
  type: "postgres",
  url: process.env.DATABASE_URL,
  entities: [PatientEntity, SiteEntity],
});

export async function exportWorkbooks(file: string, sitesFile: string): Promise<void> {
  await ds.initialize();
  try {
    // ok: unfiltered-extraction
    const sites = await ds.getRepository(SiteEntity).find();
    // ruleid: unfiltered-extraction
    const items = await ds.getRepository(PatientEntity).find();

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Patients");
    ws.columns = [
      { header: "Nom", key: "nom" },
      { header: "Prénom", key: "prenom" },
      { header: "Naissance", key: "dateNaissance" },
      { header: "NIR", key: "nir" },
      { header: "Téléphone", key: "telephone" },
    ];
    items.forEach((it) => ws.addRow(it));
    // ruleid: unencrypted-patient-write
    await wb.xlsx.writeFile(file);

    const ref = new ExcelJS.Workbook();
    const refSheet = ref.addWorksheet("Sites");
    refSheet.addRow(["Code", "Libellé"]);
    for (const s of sites) refSheet.addRow([s.code, s.libelle]);
    // ok: unencrypted-patient-write
    await ref.xlsx.writeFile(sitesFile);
  } finally {
    await ds.destroy();
  }
}
