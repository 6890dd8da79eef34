"use strict";
// Archivage mensuel des relevés de compte au format XML (camt.053) vers la GED.
const http = require("http");
const mysql = require("mysql2");

const pool = mysql
  .createPool({ uri: process.env.CORE_BANKING_DB_URL, connectionLimit: 4 })
  .promise();

// ok: plaintext-transfer
const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
const CAMT_NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";
// ruleid: plaintext-transfer
const ARCHIVE_URL = "http://archivage.banque-exemple.fr/depot/releves";

function esc(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function toXml(rows) {
  const stmts = rows
    .map(
      (r) =>
        `<Stmt><Acct><Id><IBAN>${esc(r.iban)}</IBAN></Id><Ownr><Nm>${esc(r.titulaire)}</Nm></Ownr></Acct>` +
        `<Bal><Amt Ccy="EUR">${r.solde}</Amt></Bal></Stmt>`
    )
    .join("");
  return `<?xml version="1.0"?><Document xmlns="${CAMT_NS}" xmlns:xsi="${XSI_NS}"><BkToCstmrStmt>${stmts}</BkToCstmrStmt></Document>`;
}

async function archiveMonth(mois) {
  const [[{ n }]] = await pool.query(
    // ok: unfiltered-extraction
    "SELECT COUNT(*) AS n FROM releves_comptes WHERE mois = ?",
    [mois]
  );
  const [rows] = await pool.query(
    // ruleid: unfiltered-extraction
    "SELECT * FROM releves_comptes WHERE mois = ?",
    [mois]
  );
  const body = toXml(rows);
  await new Promise((resolve, reject) => {
    const req = http.request(
      ARCHIVE_URL,
      { method: "POST", headers: { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", resolve);
      }
    );
    req.on("error", reject);
    // ruleid: unencrypted-patient-write
    req.write(body);
    req.end();
  });
  console.log(`${n} relevés archivés pour ${mois}`);
}

archiveMonth(process.argv[2])
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => pool.end());
