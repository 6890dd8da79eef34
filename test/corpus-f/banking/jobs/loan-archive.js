"use strict";
/* Yearly archive of borrower files for the credit committee (node-style callbacks). */
const fs = require("fs");
const path = require("path");
const Client = require("ftp");
const { Pool } = require("pg");

// ok: hardcoded-credentials
const pool = new Pool({ connectionString: process.env.LOANS_DB_URL });
const OUT_DIR = process.env.LOAN_ARCHIVE_DIR || "/var/archives/prets";

function loadBorrowers(cb) {
  // ruleid: unfiltered-extraction
  pool.query("SELECT emprunteur_id, nom, prenom, revenu_annuel, taux_endettement, iban FROM emprunteurs", (err, res) => {
    if (err) return cb(err);
    cb(null, res.rows);
  });
}

function writeArchive(rows, year, cb) {
  const file = path.join(OUT_DIR, `emprunteurs-${year}.json`);
  const body = rows.reduce((acc, r) => {
    acc[r.emprunteur_id] = { nom: `${r.nom} ${r.prenom}`, revenu: r.revenu_annuel, endettement: r.taux_endettement, iban: r.iban };
    return acc;
  }, {});
  // ruleid: unencrypted-patient-write
  fs.writeFile(file, JSON.stringify(body), (err) => cb(err, file));
}

function sendArchive(file, cb) {
  const c = new Client();
  c.on("ready", () => {
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    c.put(file, path.basename(file), (err) => {
      c.end();
      if (err) return cb(err);
      fs.unlink(file, cb);
    });
  });
  c.on("error", cb);
  // ruleid: plaintext-transfer
  c.connect({
    host: "archives.example-bank.com",
    // ok: anonymous-access
    user: "archive",
    // ruleid: hardcoded-credentials
    password: "Arch1ve!",
  });
}

function main(year) {
  loadBorrowers((err, rows) => {
    if (err) throw err;
    writeArchive(rows, year, (werr, file) => {
      if (werr) throw werr;
      sendArchive(file, (serr) => {
        pool.end();
        if (serr) console.error("archive not sent", serr);
      });
    });
  });
}

module.exports = { loadBorrowers, writeArchive, sendArchive };

if (require.main === module) main(Number(process.argv[2]) || new Date().getFullYear() - 1);
