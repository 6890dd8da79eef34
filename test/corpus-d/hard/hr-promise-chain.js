// Staff list for the company health insurer, written as one promise chain.
const mysql = require("mysql2/promise");
const fs = require("fs");
const Sftp = require("ssh2-sftp-client");
const { tmpdir } = require("os");
const { join } = require("path");

// ruleid: unfiltered-extraction
const EXPORT_SQL = "SELECT id, nom, prenom, nir, adresse, salaire_brut FROM employes";

const pool = mysql.createPool({ host: process.env.DB_HOST, user: process.env.DB_USER, password: process.env.DB_PASSWORD, database: "rh" });
const sftp = new Sftp();
const out = join(tmpdir(), `employes-${Date.now()}.csv`);

pool
  .query(EXPORT_SQL)
  .then(([rows]) => rows.map((r) => [r.id, r.nom, r.prenom, r.nir, r.adresse, r.salaire_brut].join(";")))
  .then((lines) => lines.join("\n"))
  // ruleid: unencrypted-patient-write
  .then((csv) => fs.promises.writeFile(out, csv))
  .then(() => sftp.connect({ host: process.env.MUTUELLE_SFTP, username: process.env.MUTUELLE_USER, password: process.env.MUTUELLE_PASSWORD }))
  // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
  // ruleid: no-delete-after-transfer
  .then(() => sftp.put(out, "/depot/employes.csv"))
  .then(() => fs.promises.unlink(out))
  .then(() => sftp.end())
  .catch((err) => {
    console.error("export failed", err);
    return sftp.end();
  })
  .finally(() => pool.end());
