"use strict";
// Remontée hebdomadaire des vaccinations d'un centre vers l'agence régionale de santé
// et copie vers le serveur d'archives du centre.
const { MongoClient } = require("mongodb");
const Papa = require("papaparse");
const JSFtp = require("jsftp");
const FtpClient = require("ftp");

const mongo = new MongoClient(process.env.CENTRE_MONGO_URL);

async function vaccinationsDeLaSemaine(debut, fin) {
  await mongo.connect();
  // ok: unfiltered-extraction
  return mongo
    .db("centre_vaccination")
    .collection("vaccinations")
    .find({ date: { $gte: debut, $lt: fin } }, { projection: { nir: 1, nom: 1, prenom: 1, dateNaissance: 1, vaccin: 1, lot: 1, dose: 1 } })
    .toArray();
}

function deposerArs(csv, nomFichier) {
  // ruleid: plaintext-transfer
  // ruleid: anonymous-access
  const ars = new JSFtp({ host: "depot.ars-region.example.fr", port: 21 });
  return new Promise((resolve, reject) => {
    // ruleid: unencrypted-patient-write
    ars.put(Buffer.from(csv, "utf8"), `/incoming/${nomFichier}`, (err) => {
      ars.raw("quit", () => ars.destroy());
      err ? reject(err) : resolve();
    });
  });
}

function archiver(csv, nomFichier) {
  return new Promise((resolve, reject) => {
    const c = new FtpClient();
    c.on("ready", () => {
      // ruleid: unencrypted-patient-write
      c.put(Buffer.from(csv, "utf8"), `/archives/vaccinations/${nomFichier}`, (err) => {
        c.end();
        err ? reject(err) : resolve();
      });
    });
    c.on("error", reject);
    c.connect({
      host: process.env.ARCHIVE_FTP_HOST,
      user: process.env.ARCHIVE_FTP_USER,
      // ruleid: anonymous-access
      password: "",
      // ok: plaintext-transfer
      secure: true,
    });
  });
}

async function main() {
  const fin = new Date();
  const debut = new Date(fin.getTime() - 7 * 86400000);
  const rows = await vaccinationsDeLaSemaine(debut, fin);
  const csv = Papa.unparse(rows, { columns: ["nir", "nom", "prenom", "dateNaissance", "vaccin", "lot", "dose"] });
  const nom = `vaccinations_${fin.toISOString().slice(0, 10)}.csv`;
  await deposerArs(csv, nom);
  await archiver(csv, nom);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => mongo.close());
