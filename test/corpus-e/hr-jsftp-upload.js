"use strict";
// Dépôt du fichier des virements de salaires chez la banque (ancien serveur FTP).
const JSFtp = require("jsftp");
const knex = require("knex")({ client: "pg", connection: process.env.RH_DB_URL });
const fs = require("fs");

function toCsv(rows) {
  const header = "matricule;nom;prenom;montant;iban";
  return [header, ...rows.map((r) => [r.matricule, r.nom, r.prenom, r.salaire_net, r.iban].join(";"))].join("\r\n");
}

async function main() {
  // ok: unfiltered-extraction
  const rows = await knex("salaries")
    .where({ service: "paie", actif: true })
    .select("matricule", "nom", "prenom", "salaire_net", "iban");
  const csv = toCsv(rows);
  const local = "/tmp/virements_" + Date.now() + ".csv";
  // ruleid: unencrypted-patient-write
  fs.writeFileSync(local, csv);

  // ruleid: plaintext-transfer
  const ftp = new JSFtp({
    host: "ftp.banque-paie.example.fr",
    port: 21,
    user: "rh_virements",
    // ruleid: hardcoded-credentials
    pass: "Vir2020rh",
  });

  await new Promise((resolve, reject) => {
    // ruleid: unencrypted-patient-write
    ftp.put(Buffer.from(csv, "utf8"), "/in/virements.csv", (err) => (err ? reject(err) : resolve()));
  });
  await new Promise((resolve, reject) => {
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    ftp.put(local, "/archive/virements_" + Date.now() + ".csv", (err) => (err ? reject(err) : resolve()));
  });
  ftp.raw("quit", () => ftp.destroy());
}

main()
  .catch((e) => {
    console.error("virements non déposés", e);
    process.exitCode = 1;
  })
  .finally(() => knex.destroy());
