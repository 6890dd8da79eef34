"use strict";
// Clean look-alike of legacy-callback.js: explicit columns and row filter, payload encrypted
// in memory, FTPS with certificate checks, credentials from the environment.
const Ftp = require("ftp");
const mysql = require("mysql2");
const crypto = require("crypto");

const pool = mysql.createPool({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  // ok: hardcoded-credentials
  password: process.env.DB_PASSWORD,
  database: "lis",
});

function encryptBuffer(buf) {
  const key = Buffer.from(process.env.MIGRATION_KEY, "base64");
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([c.update(buf), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

function run(labCode, since, cb) {
  pool.query(
    // ok: unfiltered-extraction
    "SELECT dossier_id, nom, prenom, date_naissance FROM patient WHERE code_labo = ? AND date_creation >= ?",
    [labCode, since],
    (err, rows) => {
      if (err) return cb(err);
      const sealed = encryptBuffer(Buffer.from(JSON.stringify(rows)));
      const c = new Ftp();
      c.on("ready", () => {
        // ok: unencrypted-patient-write
        // ok: no-delete-after-transfer
        c.put(sealed, `depot/${labCode}.json.enc`, (e) => {
          c.end();
          cb(e);
        });
      });
      c.on("error", cb);
      // ok: plaintext-transfer
      // ok: anonymous-access
      c.connect({
        host: process.env.FTPS_HOST,
        user: process.env.FTPS_USER,
        // ok: hardcoded-credentials
        password: process.env.FTPS_PASSWORD,
        secure: true,
        // ok: plaintext-transfer
        secureOptions: { rejectUnauthorized: true },
      });
    }
  );
}

module.exports = { run };
