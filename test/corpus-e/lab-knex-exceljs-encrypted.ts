/**
 * Fiche de suivi des patients diabétiques d'un laboratoire pour le médecin coordinateur :
 * classeur Excel construit en mémoire, chiffré avant d'être écrit sur disque.
 */
import knex from "knex";
import ExcelJS from "exceljs";
import { createCipheriv, randomBytes } from "crypto";
import { promises as fsp } from "fs";

const db = knex({ client: "pg", connection: process.env.SIL_DB_URL });

export async function ficheSuivi(laboId: number, depuis: string): Promise<string> {
  // ok: unfiltered-extraction
  const automates = await db("ref_automates");
  // ok: unfiltered-extraction
  const patients = await db("patients")
    .where("labo_id", laboId)
    .andWhere("date_derniere_hba1c", ">=", depuis)
    .select("id_patient", "nom", "prenom", "date_naissance", "derniere_hba1c");

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Suivi HbA1c");
  ws.columns = [
    { header: "Patient", key: "id_patient", width: 12 },
    { header: "Nom", key: "nom", width: 24 },
    { header: "Prénom", key: "prenom", width: 20 },
    { header: "Naissance", key: "date_naissance", width: 12 },
    { header: "HbA1c (%)", key: "derniere_hba1c", width: 10 },
  ];
  ws.addRows(patients);
  wb.addWorksheet("Automates").addRows(automates.map((a: { code: string; modele: string }) => [a.code, a.modele]));
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());

  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(process.env.SUIVI_KEY_HEX as string, "hex"), iv);
  const chiffre = Buffer.concat([cipher.update(xlsx), cipher.final()]);
  const out = `/srv/suivi/labo${laboId}_hba1c.xlsx.enc`;
  // ok: unencrypted-patient-write
  await fsp.writeFile(out, Buffer.concat([iv, cipher.getAuthTag(), chiffre]));
  return out;
}

ficheSuivi(Number(process.argv[2]), process.argv[3])
  .then((f) => console.log("fiche chiffrée :", f))
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => db.destroy());
