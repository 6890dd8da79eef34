// Monthly payroll file for the external payroll provider.
import { Pool } from "pg";
import { stringify } from "csv-stringify/sync";
import { writeFile } from "node:fs/promises";
import SftpClient from "ssh2-sftp-client";

interface Employee {
  matricule: string;
  last_name: string;
  first_name: string;
  birth_date: string;
  ssn: string;
  iban: string;
  gross_salary: number;
}

const pool = new Pool(); // PGHOST, PGUSER, PGPASSWORD from the environment

// ruleid: hardcoded-credentials
const PAYROLL_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACBvbmx5LWEtdGVzdC1maXh0dXJlLW5vdC1hLXJlYWwta2V5AAAAmHRlc3Q=
-----END OPENSSH PRIVATE KEY-----`;

const COLUMNS = ["matricule", "last_name", "first_name", "birth_date", "ssn", "iban", "gross_salary"];

export async function monthlyPayrollExport(period: string): Promise<number> {
  // ruleid: unfiltered-extraction
  const { rows } = await pool.query<Employee>("SELECT * FROM employees WHERE active = true");
  const csv = stringify(rows, { header: true, columns: COLUMNS });
  const local = `/tmp/paie_${period}.csv`;
  // ruleid: unencrypted-patient-write
  await writeFile(local, csv);

  const sftp = new SftpClient("payroll");
  await sftp.connect({
    host: "sftp.paie-prestataire.fr",
    username: "acme_rh",
    privateKey: PAYROLL_KEY,
    // ok: hardcoded-credentials
    passphrase: process.env.PAYROLL_KEY_PASSPHRASE,
  });
  // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
  // ruleid: no-delete-after-transfer
  await sftp.fastPut(local, `/incoming/paie_${period}.csv`);
  await sftp.end();
  return rows.length;
}
