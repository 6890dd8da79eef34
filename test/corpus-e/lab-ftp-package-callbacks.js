"use strict";
// Envoi nocturne des comptes rendus vers le serveur FTP du laboratoire partenaire (package "ftp").
const Client = require("ftp");
const mysql = require("mysql2");
const fs = require("fs");
const path = require("path");

const conn = mysql.createConnection({
  host: process.env.LIS_DB_HOST,
  user: process.env.LIS_DB_USER,
  // ok: hardcoded-credentials
  password: process.env.LIS_DB_PASSWORD,
  database: "lis",
});

const EXPORT_DIR = "/srv/exports/comptes-rendus";

function upload(rows, done) {
  const c = new Client();
  const json = Buffer.from(JSON.stringify(rows), "utf8");
  const csvPath = path.join(EXPORT_DIR, "cr_" + new Date().toISOString().slice(0, 10) + ".csv");
  const csv = rows
    .map((r) => [r.nir, r.nom, r.prenom, r.commentaire_p, r.commentaire_d].join(";"))
    .join("\n");

  c.on("ready", () => {
    // ruleid: unencrypted-patient-write
    c.put(json, "/incoming/cr.json", (err) => {
      if (err) return done(err);
      // ruleid: unencrypted-patient-write
      fs.writeFile(csvPath, csv, (err2) => {
        if (err2) return done(err2);
        // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
        // ruleid: no-delete-after-transfer
        c.put(csvPath, "/incoming/cr.csv", (err3) => {
          c.end();
          done(err3);
        });
      });
    });
  });
  c.on("error", done);
  // ruleid: plaintext-transfer
  c.connect({
    host: "ftp.partenaire-labo.example.fr",
    port: 21,
    // ruleid: anonymous-access
    user: "ftp",
  });
}

// ok: unfiltered-extraction
conn.query("SELECT COUNT(*) AS total FROM dossiers_patients", (err, res) => {
  if (!err) console.log("dossiers en base :", res[0].total);
});

conn.query(
  // ruleid: unfiltered-extraction
  "SELECT nir, nom, prenom, commentaire_p, commentaire_d FROM dossiers_patients",
  (err, rows) => {
    if (err) throw err;
    upload(rows, (e) => {
      conn.end();
      if (e) console.error("envoi échoué", e);
    });
  }
);
