"use strict";
// Callback-style migration script: mysql2 callbacks, the `ftp` package, nested callbacks.
const FtpClient = require("ftp");
const mysql = require("mysql2");
const fs = require("fs");
const path = require("path");

const conn = mysql.createConnection({
  host: process.env.DB_HOST,
  // ok: hardcoded-credentials
  user: "lis_export",
  // ruleid: hardcoded-credentials
  password: "dxlab2019",
  database: "megabus",
});

const OUT_DIR = "/var/exports";

function logVolume(cb) {
  // ok: unfiltered-extraction
  conn.query("SELECT COUNT(*) AS n FROM patient", (err, res) => {
    if (!err) console.log(`patients en base: ${res[0].n}`);
    cb();
  });
}

function upload(file, done) {
  const c = new FtpClient();
  c.on("ready", () => {
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    c.put(file, path.basename(file), (perr) => {
      c.end();
      if (perr) return done(perr);
      fs.unlink(file, done);
    });
  });
  c.on("error", done);
  // ruleid: plaintext-transfer
  // ruleid: anonymous-access
  c.connect({ host: "ftp.maintenance.example", port: 21 });
}

function exportAll(done) {
  // ruleid: unfiltered-extraction
  conn.query("SELECT * FROM patient", (err, results) => {
    if (err) return done(err);
    const file = path.join(OUT_DIR, "patient_full.csv");
    const lines = results.map(
      (r) => `${r.num_secu};${r.nom};${r.prenom};${r.commentaire_p};${r.commentaire_d}`
    );
    // ruleid: unencrypted-patient-write
    fs.writeFile(file, lines.join("\n"), (werr) => {
      if (werr) return done(werr);
      upload(file, done);
    });
  });
}

logVolume(() =>
  exportAll((err) => {
    conn.end();
    if (err) {
      console.error(err);
      process.exitCode = 1;
    }
  })
);
