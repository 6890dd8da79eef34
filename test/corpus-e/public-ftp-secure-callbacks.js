"use strict";
// Transmission chiffrée des demandes d'aide sociale à la caisse partenaire (package "ftp", FTPS explicite).
const FtpClient = require("ftp");
const mysql = require("mysql2");
const crypto = require("crypto");

const conn = mysql.createConnection({
  host: process.env.CCAS_DB_HOST,
  user: process.env.CCAS_DB_USER,
  // ok: hardcoded-credentials
  password: process.env.CCAS_DB_PASSWORD,
  database: "ccas",
});

function encrypt(obj) {
  const key = Buffer.from(process.env.CCAS_TRANSFER_KEY, "hex");
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(obj), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function send(payload, remote, done) {
  const c = new FtpClient();
  c.on("ready", () => {
    // ok: unencrypted-patient-write
    c.put(payload, remote, (err) => {
      c.end();
      done(err);
    });
  });
  c.on("error", done);
  // ok: plaintext-transfer
  // ok: anonymous-access
  c.connect({
    host: process.env.CAISSE_FTP_HOST,
    user: process.env.CAISSE_FTP_USER,
    // ok: hardcoded-credentials
    password: process.env.CAISSE_FTP_PASSWORD,
    secure: true,
    // ok: plaintext-transfer
    secureOptions: { rejectUnauthorized: true },
  });
}

conn.query(
  // ok: unfiltered-extraction
  "SELECT id_demande, nom, prenom, ressources_mensuelles, composition_foyer FROM demandes_aide WHERE statut = ? AND date_depot >= ?",
  ["A_TRANSMETTRE", new Date(Date.now() - 7 * 86400000)],
  (err, rows) => {
    if (err) throw err;
    send(encrypt(rows), `/depot/demandes_${Date.now()}.bin`, (e) => {
      conn.end();
      if (e) console.error("transmission échouée", e);
    });
  }
);
