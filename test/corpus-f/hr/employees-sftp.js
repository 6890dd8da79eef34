"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const SftpClient = require("ssh2-sftp-client");
const { Parser } = require("json2csv");
// ok: hardcoded-credentials
const knex = require("knex")({ client: "pg", connection: process.env.HR_DATABASE_URL });

const sftpOptions = {
  host: process.env.SFTP_HOST || "sftp.example-payroll.com",
  port: 22,
  // ok: hardcoded-credentials
  username: process.env.SFTP_USER || "rh_export",
  // ruleid: hardcoded-credentials
  password: process.env.SFTP_PASSWORD || "Rh2021secret",
};

const FIELDS = ["matricule", "nom", "prenom", "iban", "salaire_brut", "date_entree"];

async function exportEmployees() {
  // ruleid: unfiltered-extraction
  const rows = await knex.select(...FIELDS).from("employees");
  const csv = new Parser({ fields: FIELDS, delimiter: ";" }).parse(rows);
  const local = path.join(os.tmpdir(), `employees-${Date.now()}.csv`);
  // ruleid: unencrypted-patient-write
  await fs.promises.writeFile(local, csv);

  const sftp = new SftpClient();
  await sftp.connect(sftpOptions);
  // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
  // ruleid: no-delete-after-transfer
  await sftp.fastPut(local, "/in/employees.csv");
  await sftp.end();
  await fs.promises.unlink(local);
  return rows.length;
}

async function exportDepartments() {
  // ok: unfiltered-extraction
  const rows = await knex("departments").select("*");
  const json = JSON.stringify(rows);
  const sftp = new SftpClient();
  await sftp.connect(sftpOptions);
  // ok: unencrypted-patient-write
  // ok: no-delete-after-transfer
  await sftp.put(Buffer.from(json), "/in/departments.json");
  await sftp.end();
}

module.exports = { exportEmployees, exportDepartments };

if (require.main === module) {
  Promise.all([exportEmployees(), exportDepartments()])
    .then(([n]) => console.log(`${n} employees exported`))
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    })
    .finally(() => knex.destroy());
}
