"use strict";
// Nightly dump of validated results for the regional warehouse.
// Scheduled by cron on srv-sil-02 at 02:30 (see /etc/cron.d/sil-export).
const mysql = require("mysql2");
const fs = require("fs");
const path = require("path");

const OUT_DIR = process.env.EXPORT_DIR || "/data/exports/resultats";

const connection = mysql.createConnection({
  host: "sil-db.chg.local",
  user: "export_batch",
  // ruleid: hardcoded-credentials
  password: "Sil2019*batch",
  database: "sil",
});

function stamp() {
  return new Date().toISOString().slice(0, 10);
}

// ok: unfiltered-extraction
connection.query("SELECT code, libelle, unite FROM catalogue_examens", (err, catalogue) => {
  if (err) throw err;
  const units = new Map(catalogue.map((c) => [c.code, c.unite]));

  // ruleid: unfiltered-extraction
  connection.query("SELECT * FROM lab_results", (err2, results) => {
    if (err2) throw err2;
    const enriched = results.map((r) => ({ ...r, unite: units.get(r.code_examen) }));
    const target = path.join(OUT_DIR, `resultats_${stamp()}.json`);
    // ruleid: unencrypted-patient-write
    fs.writeFile(target, JSON.stringify(enriched), (err3) => {
      if (err3) {
        console.error("write failed", err3);
        return connection.end();
      }
      const line = `${stamp()} ${results.length} lignes\n`;
      // ok: unencrypted-patient-write
      fs.appendFile(path.join(OUT_DIR, "journal.log"), line, () => connection.end());
    });
  });
});
