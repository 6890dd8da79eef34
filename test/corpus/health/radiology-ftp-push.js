// Pushes the radiology reports list to the private practice that took over the patients.
const Client = require("ftp");
const { Pool } = require("pg");
const { stringify } = require("csv-stringify");
const fs = require("fs");
const os = require("os");
const path = require("path");

const pool = new Pool({ connectionString: process.env.RIS_DATABASE_URL });
const localFile = path.join(os.tmpdir(), "comptes-rendus.csv");

function upload() {
  const c = new Client();
  c.on("ready", () => {
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    c.put(localFile, "/depot/comptes-rendus.csv", (err) => {
      if (err) console.error("upload failed", err);
      c.end();
      pool.end();
    });
  });
  c.on("error", (err) => console.error(err));
  // ruleid: plaintext-transfer
  // ruleid: anonymous-access
  c.connect({ host: "ftp.cabinet-radiologie-ouest.fr", port: 21 });
}

// ok: unfiltered-extraction
pool.query("SELECT count(*) AS n FROM comptes_rendus_radio", (err, countRes) => {
  if (err) return console.error(err);
  console.log(`${countRes.rows[0].n} comptes rendus`);
  // ruleid: unfiltered-extraction
  pool.query("SELECT patient_nom, patient_prenom, date_naissance, examen, conclusion FROM comptes_rendus_radio", (err2, res) => {
    if (err2) return console.error(err2);
    // ruleid: unencrypted-patient-write
    stringify(res.rows, { header: true, delimiter: ";" }).pipe(fs.createWriteStream(localFile)).on("finish", upload);
  });
});
