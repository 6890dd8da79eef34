"use strict";
/*
 * MEGABUS -> new LIS export (2019 script, still run for the last sites).
 * Dumps the patient and request tables and drops them on the maintenance FTP.
 */
const fs = require("fs");
const path = require("path");
const mysql = require("mysql");
const JSFtp = require("jsftp");

// ruleid: plaintext-transfer
// ruleid: hardcoded-credentials
const MAINT_URL = "ftp://maint:maint2019@maint.example-lab.fr/pub/migrations/";
const OUT = path.join(__dirname, "out", "PATIENT.txt");

const connection = mysql.createConnection({
  host: "megabus-db.example-lab.fr",
  // ok: hardcoded-credentials
  user: "root",
  // ruleid: hardcoded-credentials
  password: "megabus",
  database: "MEGABUS",
});

function dumpPatients(cb) {
  // ruleid: unfiltered-extraction
  connection.query("SELECT * FROM PATIENT", (err, rows) => {
    if (err) return cb(err);
    let pending = rows.length;
    if (pending === 0) return cb(null, 0);
    rows.forEach((r) => {
      const line = [r.NUM_SECU, r.NOM, r.PRENOM, r.DDN, r.ADRESSE, r.COMMENTAIRE_P, r.COMMENTAIRE_D].join("|") + "\n";
      // ruleid: unencrypted-patient-write
      fs.appendFile(OUT, line, (werr) => {
        if (werr) return cb(werr);
        if (--pending === 0) cb(null, rows.length);
      });
    });
  });
}

function dumpDemandes(cb) {
  const out = fs.createWriteStream(path.join(__dirname, "out", "DEMANDE.txt"));
  // ruleid: unfiltered-extraction
  connection.query("SELECT NUM_DEMANDE, NUM_SECU, PRESCRIPTEUR, ANALYSES, RENSEIGNEMENTS_CLINIQUES FROM DEMANDE", (err, rows) => {
    if (err) return cb(err);
    for (const r of rows) {
      // ruleid: unencrypted-patient-write
      out.write(`${r.NUM_DEMANDE}|${r.NUM_SECU}|${r.PRESCRIPTEUR}|${r.ANALYSES}|${r.RENSEIGNEMENTS_CLINIQUES}\n`);
    }
    out.end(() => cb(null, rows.length));
  });
}

function upload(cb) {
  // ruleid: plaintext-transfer
  const ftp = new JSFtp({
    host: "maint.example-lab.fr",
    port: 21,
    // ok: anonymous-access
    user: "maint",
    // ok: hardcoded-credentials
    pass: process.env.MAINT_PASS,
  });
  // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
  // ruleid: no-delete-after-transfer
  ftp.put(OUT, "/pub/migrations/PATIENT.txt", (err) => {
    ftp.raw("quit", () => cb(err));
  });
}

dumpPatients((err, n) => {
  if (err) throw err;
  dumpDemandes((derr) => {
    if (derr) throw derr;
    connection.end();
  });
  upload((uerr) => {
    if (uerr) throw uerr;
    console.log(`${n} patients available under ${MAINT_URL}`);
  });
});
