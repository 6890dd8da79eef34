"use strict";
/**
 * ADT feed to the old radiology system (RIS), which only accepts files pushed on its FTP server.
 * Called by the reception module after each admission: `sendAdmission(patientId)`.
 */
const JSFtp = require("jsftp");
const mysql = require("mysql2/promise");

const pool = mysql.createPool({
  host: process.env.LIS_DB_HOST,
  user: process.env.LIS_DB_USER,
  password: process.env.LIS_DB_PASSWORD,
  database: "lis",
});

function hl7Date(d) {
  return new Date(d).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

function adtA04(p) {
  return [
    `MSH|^~\\&|LIS|LABO|RIS|RADIO|${hl7Date(Date.now())}||ADT^A04|A04-${p.id}-${Date.now()}|P|2.3`,
    `PID|1||${p.mrn}||${p.last_name}^${p.first_name}||${hl7Date(p.birth_date).slice(0, 8)}|${p.sex}|||${p.address || ""}||${p.phone || ""}`,
    `PV1|1|O|LABO^^^LABO||||${p.prescriber_rpps || ""}`,
  ].join("\r");
}

async function sendAdmission(patientId) {
  const [rows] = await pool.execute(
    // ruleid: unfiltered-extraction
    "SELECT * FROM patients WHERE id = ?",
    [patientId],
  );
  if (rows.length === 0) return false;
  const message = Buffer.from(adtA04(rows[0]), "latin1");

  // ruleid: plaintext-transfer
  const ftp = new JSFtp({
    host: process.env.RIS_FTP_HOST || "ris.radiologie.local",
    port: 21,
    user: "lis_adt",
    // ruleid: hardcoded-credentials
    pass: "adt2019",
  });

  try {
    await new Promise((resolve, reject) => {
      // ruleid: unencrypted-patient-write
      ftp.put(message, `/adt/in/A04_${patientId}.hl7`, (err) => (err ? reject(err) : resolve()));
    });
  } finally {
    ftp.raw("quit", () => ftp.destroy());
  }
  return true;
}

module.exports = { sendAdmission };
