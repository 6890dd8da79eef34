/**
 * Flux quotidien des prélèvements vers la plateforme régionale de biologie.
 */
import mongoose from "mongoose";
import SftpClient from "ssh2-sftp-client";
import { readFileSync } from "fs";
import { stringify } from "csv-stringify/sync";

const Prelevement = mongoose.model(
  "Prelevement",
  new mongoose.Schema({
    numeroDossier: String,
    patientNom: String,
    patientPrenom: String,
    nir: String,
    datePrelevement: Date,
    examen: String,
    resultat: String,
    commentaire: String,
  })
);

const Automate = mongoose.model("Automate", new mongoose.Schema({ code: String, modele: String, site: String }));

export async function appendDailyBatch(): Promise<void> {
  await mongoose.connect(process.env.MONGO_URI as string);
  // ruleid: unfiltered-extraction
  const prelevements = await Prelevement.find({}).lean();
  // ok: unfiltered-extraction
  const automates = await Automate.find({}).lean();
  console.log(`${automates.length} automates actifs`);

  const sftp = new SftpClient();
  await sftp.connect({
    host: "sftp.biologie-region.example.fr",
    username: process.env.SFTP_USER,
    // ok: hardcoded-credentials
    privateKey: readFileSync(process.env.SFTP_KEY_PATH ?? "/etc/migration/id_ed25519"),
    // ok: hardcoded-credentials
    passphrase: process.env.SFTP_KEY_PASSPHRASE,
  });
  try {
    const lignes = stringify(
      prelevements.map((p) => [p.numeroDossier, p.patientNom, p.patientPrenom, p.nir, p.examen, p.resultat, p.commentaire]),
      { header: false, delimiter: "|" }
    );
    // ruleid: unencrypted-patient-write
    await sftp.append(Buffer.from(lignes, "utf8"), "/flux/prelevements.csv");
  } finally {
    await sftp.end();
    await mongoose.disconnect();
  }
}

appendDailyBatch().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
