// ExcelJS workbook filled row by row from a Sequelize query; written to disk as-is in one
// function and encrypted via writeBuffer() in the other.
import ExcelJS from "exceljs";
import { createCipheriv, randomBytes } from "crypto";
import { writeFile } from "fs/promises";
import { DataTypes, Sequelize } from "sequelize";

const sequelize = new Sequelize(process.env.DATABASE_URL!);
const Patient = sequelize.define("patient", {
  ipp: DataTypes.STRING,
  nom: DataTypes.STRING,
  prenom: DataTypes.STRING,
  ddn: DataTypes.DATEONLY,
  labId: DataTypes.INTEGER,
  commentaire: DataTypes.TEXT,
});

async function rowsFor(labId: number) {
  // ok: unfiltered-extraction
  return Patient.findAll({ attributes: ["ipp", "nom", "prenom", "ddn"], where: { labId }, raw: true });
}

function build(rows: any[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Patients");
  ws.columns = [
    { header: "IPP", key: "ipp" },
    { header: "Nom", key: "nom" },
    { header: "Prénom", key: "prenom" },
    { header: "Naissance", key: "ddn" },
  ];
  for (const r of rows) ws.addRow(r);
  return wb;
}

export async function toXlsx(labId: number, out: string): Promise<void> {
  const wb = build(await rowsFor(labId));
  // ruleid: unencrypted-patient-write
  await wb.xlsx.writeFile(out);
}

export async function toXlsxSealed(labId: number, out: string): Promise<void> {
  const wb = build(await rowsFor(labId));
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", Buffer.from(process.env.XLSX_KEY!, "hex"), iv);
  const enc = Buffer.concat([iv, c.update(buf), c.final(), c.getAuthTag()]);
  // ok: unencrypted-patient-write
  await writeFile(`${out}.enc`, enc);
}

export async function fullSheet(out: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("Tous");
  // ruleid: unfiltered-extraction
  const all = await Patient.findAll({ raw: true });
  all.forEach((p: any) => {
    sheet.addRow([p.ipp, p.nom, p.prenom, p.ddn, p.commentaire]);
  });
  // ruleid: unencrypted-patient-write
  await wb.csv.writeFile(out);
}
