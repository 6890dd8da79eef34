// Promise chain: knex select without row filter -> map/join -> fs.promises.writeFile -> SFTP put,
// with the local file removed in .finally().
const fs = require("fs");
const Client = require("ssh2-sftp-client");
const db = require("knex")({ client: "mysql2", connection: process.env.DB_URL });

function exportColumns(file) {
  const sftp = new Client();
  // ruleid: unfiltered-extraction
  return db("patients")
    .select("ipp", "nom", "prenom", "adresse", "telephone")
    .then((rows) => rows.map((r) => [r.ipp, r.nom, r.prenom, r.adresse, r.telephone].join("\t")).join("\n"))
    // ruleid: unencrypted-patient-write
    .then((tsv) => fs.promises.writeFile(file, tsv))
    .then(() =>
      sftp.connect({
        host: process.env.SFTP_HOST,
        username: process.env.SFTP_USER,
        // ruleid: hardcoded-credentials
        password: "sftp-migration",
      })
    )
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ok: no-delete-after-transfer
    .then(() => sftp.put(file, "/in/patients.tsv"))
    .then(() => sftp.end())
    .finally(() => fs.promises.unlink(file));
}

function exportLab(labId, file) {
  const sftp = new Client();
  // ok: unfiltered-extraction
  return db("patients")
    .select("ipp", "nom", "prenom")
    .where({ lab_id: labId })
    .then((rows) => JSON.stringify(rows))
    // ruleid: unencrypted-patient-write
    .then((json) => fs.promises.writeFile(file, json))
    .then(() => sftp.connect({ host: process.env.SFTP_HOST, username: process.env.SFTP_USER, password: process.env.SFTP_PASSWORD }))
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    .then(() => sftp.put(file, `/in/lab-${labId}.json`))
    .then(() => fs.promises.unlink(file))
    .finally(() => sftp.end());
}

module.exports = { exportColumns, exportLab };
