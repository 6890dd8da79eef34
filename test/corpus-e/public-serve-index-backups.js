"use strict";
// Sauvegarde nocturne de la base des usagers de la mairie et consultation des sauvegardes.
const express = require("express");
const serveStatic = require("serve-static");
const serveIndex = require("serve-index");
const mysql = require("mysql2");
const fs = require("fs");
const path = require("path");
const cron = require("node-cron");
const sodium = require("libsodium-wrappers");

const BACKUP_DIR = "/var/backups/mairie";
const conn = mysql.createConnection({
  host: "db.mairie.local",
  user: "backup",
  // ok: hardcoded-credentials
  password: process.env.MAIRIE_DB_PASSWORD,
  database: "etat_civil",
});

function nightlyBackup() {
  conn.execute(
    // ruleid: unfiltered-extraction
    "SELECT * FROM usagers",
    [],
    (err, rows) => {
      if (err) return console.error(err);
      const file = path.join(BACKUP_DIR, `usagers_${new Date().toISOString().slice(0, 10)}.json`);
      // ruleid: unencrypted-patient-write
      fs.writeFile(file, JSON.stringify(rows), (e) => {
        if (e) console.error("sauvegarde échouée", e);
      });
      // copie hors site : scellée avec la clé publique du coffre
      sodium.ready.then(() => {
        const sealed = sodium.crypto_box_seal(sodium.from_string(JSON.stringify(rows)), sodium.from_base64(process.env.COFFRE_PUBLIC_KEY));
        // ok: unencrypted-patient-write
        fs.writeFile(file + ".sealed", Buffer.from(sealed), (e) => {
          if (e) console.error("copie scellée échouée", e);
        });
      });
    }
  );
  // ok: unfiltered-extraction
  conn.execute("SELECT code_acte, libelle FROM ref_actes_etat_civil", [], (err, refs) => {
    if (!err) console.log(`${refs.length} types d'actes`);
  });
}

const app = express();
// ok: anonymous-access
app.use("/", serveStatic(path.join(__dirname, "www")));
// ruleid: anonymous-access
app.use("/backups", serveStatic(BACKUP_DIR), serveIndex(BACKUP_DIR, { icons: true }));

cron.schedule("0 2 * * *", nightlyBackup);
app.listen(8080, () => console.log("serveur de sauvegardes sur :8080"));
