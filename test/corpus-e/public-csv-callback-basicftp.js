"use strict";
// Liste des bénéficiaires du RSA transmise à l'organisme payeur.
const { Client } = require("pg");
const { stringify } = require("csv-stringify");
const ftp = require("basic-ftp");
const fs = require("fs");

const pg = new Client({ connectionString: process.env.DEPARTEMENT_DB_URL });
const FILE = "/data/rsa/beneficiaires.csv";

function exportBeneficiaires(done) {
  pg.query(
    // ok: unfiltered-extraction
    "SELECT nom, prenom, adresse, date_naissance, montant_rsa FROM beneficiaires_rsa ORDER BY nom LIMIT 5000",
    (err, res) => {
      if (err) return done(err);
      stringify(res.rows, { header: true, delimiter: ";" }, (err2, output) => {
        if (err2) return done(err2);
        // ruleid: unencrypted-patient-write
        fs.writeFile(FILE, output, (err3) => done(err3, FILE));
      });
    }
  );
}

async function upload(file) {
  const client = new ftp.Client();
  try {
    await client.access({
      host: "ftp.organisme-payeur.example.fr",
      // ruleid: anonymous-access
      user: "anonymous",
      // ok: plaintext-transfer
      secure: true,
    });
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await client.uploadFrom(file, "/pub/rsa/beneficiaires.csv");
  } finally {
    client.close();
  }
}

pg.connect((e) => {
  if (e) throw e;
  exportBeneficiaires((err, file) => {
    if (err) {
      console.error(err);
      return pg.end();
    }
    upload(file)
      .catch((e2) => console.error("dépôt impossible", e2))
      .finally(() => pg.end());
  });
});
