/**
 * Extraction de la liste électorale d'une commune pour la préfecture.
 */
import ExcelJS from "exceljs";
import mongoose, { Schema } from "mongoose";
import { Client as FtpClient } from "basic-ftp";

const Electeur = mongoose.model(
  "Electeur",
  new Schema({
    nom: String,
    prenom: String,
    dateNaissance: Date,
    lieuNaissance: String,
    adresse: String,
    commune: { type: String, index: true },
    bureauVote: String,
  })
);

export async function exportListeElectorale(codeCommune: string): Promise<void> {
  const filename = `/var/exports/liste_${codeCommune}.xlsx`;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet("Liste");
  sheet.columns = [
    { header: "Nom", key: "nom" },
    { header: "Prénom", key: "prenom" },
    { header: "Né(e) le", key: "dateNaissance" },
    { header: "Adresse", key: "adresse" },
    { header: "Bureau", key: "bureauVote" },
  ];

  // ok: unfiltered-extraction
  const cursor = Electeur.find({ commune: codeCommune }).select("nom prenom dateNaissance adresse bureauVote").lean().cursor();
  for await (const e of cursor) {
    // ruleid: unencrypted-patient-write
    sheet.addRow(e).commit();
  }
  sheet.commit();
  await workbook.commit();

  const ftp = new FtpClient();
  try {
    await ftp.access({
      host: "ftp.prefecture.example.gouv.fr",
      // ok: anonymous-access
      user: process.env.PREF_FTP_USER,
      // ok: hardcoded-credentials
      password: process.env.PREF_FTP_PASSWORD,
      // ruleid: plaintext-transfer
      secure: false,
    });
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await ftp.uploadFrom(filename, `/depot/elections/${codeCommune}.xlsx`);
  } finally {
    ftp.close();
  }
}

(async () => {
  await mongoose.connect(process.env.ELECTIONS_MONGO_URI as string);
  try {
    await exportListeElectorale(process.argv[2]);
  } finally {
    await mongoose.disconnect();
  }
})();
