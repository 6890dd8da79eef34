"use strict";
// Monthly hand-off of the payroll lines to the external payroll bureau (PayServ).
// Usage: node 02-hr-payroll-export-mysql.js 2024-03
const mysql = require("mysql2/promise");
const fs = require("fs");
const path = require("path");
const SftpClient = require("ssh2-sftp-client");

const SFTP_HOST = "sftp.payserv.eu";
// ruleid: hardcoded-credentials
const SFTP_PASSWORD = process.env.SFTP_PASSWORD || "Payr0ll!2023";

async function main() {
  const month = process.argv[2] || new Date().toISOString().slice(0, 7);
  const conn = await mysql.createConnection({
    host: process.env.HR_DB_HOST,
    user: process.env.HR_DB_USER,
    password: process.env.HR_DB_PASSWORD,
    database: "hr",
  });

  // the bureau only needs the current month, we filter below
  const [rows] = await conn.execute(
    // ruleid: unfiltered-extraction
    "SELECT employee_id, last_name, first_name, ssn, iban, gross_salary, net_salary, period FROM payroll"
  );

  const lines = rows
    .filter((r) => r.period === month)
    .map((r) => [r.employee_id, r.last_name, r.first_name, r.ssn, r.iban, r.gross_salary, r.net_salary].join(","));

  const localPath = path.join("/tmp", `payroll-${month}.csv`);
  // ruleid: unencrypted-patient-write
  await fs.promises.writeFile(localPath, lines.join("\n"));

  const sftp = new SftpClient();
  await sftp.connect({ host: SFTP_HOST, port: 22, username: "acme_hr", password: SFTP_PASSWORD });
  // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
  // ruleid: no-delete-after-transfer
  await sftp.put(localPath, `/upload/payroll-${month}.csv`);
  await sftp.end();
  fs.unlinkSync(localPath); // only reached when everything above worked
  await conn.end();
  console.log(`sent ${lines.length} payroll lines for ${month}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
