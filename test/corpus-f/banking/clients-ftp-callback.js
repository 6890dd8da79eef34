"use strict";
const Client = require("ftp");
const mysql = require("mysql2");
const { stringify } = require("csv-stringify");

// ok: hardcoded-credentials
const db = mysql.createPool({ uri: process.env.CRM_DB_URL, connectionLimit: 2 });

/** Sends the client list of one branch to the branch's file server. */
function exportClients(agence, callback) {
  // ruleid: unfiltered-extraction
  db.query("SELECT * FROM clients WHERE agence = ?", [agence], (err, rows) => {
    if (err) return callback(err);
    const shaped = rows.map((r) => ({ ...r, naissance: r.date_naissance && r.date_naissance.toISOString().slice(0, 10) }));
    stringify(shaped, { header: true, delimiter: ";" }, (serr, csv) => {
      if (serr) return callback(serr);
      const c = new Client();
      c.on("ready", () => {
        // ruleid: unencrypted-patient-write
        // ok: no-delete-after-transfer
        c.put(Buffer.from(csv, "utf8"), `clients-${agence}.csv`, (perr) => {
          c.end();
          callback(perr, rows.length);
        });
      });
      c.on("error", callback);
      // ruleid: plaintext-transfer
      c.connect({
        host: `ftp-${agence}.example-bank.com`,
        // ruleid: anonymous-access
        user: "ftp",
      });
    });
  });
}

function countClients(callback) {
  // ok: unfiltered-extraction
  db.query("SELECT agence, COUNT(*) AS n FROM clients GROUP BY agence", (err, rows) => callback(err, rows));
}

module.exports = { exportClients, countClients };

if (require.main === module) {
  exportClients(process.argv[2] || "075", (err, n) => {
    if (err) console.error(err);
    else console.log(`${n} clients sent`);
    db.end();
  });
}
