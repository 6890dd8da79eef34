// Monthly payroll to the bureau + a copy on the HR archive FTP. Query assembled step by step.
import Knex from "knex";
import { Client as FtpClient } from "basic-ftp";
import { gzipSync } from "node:zlib";
import * as fs from "node:fs";
import { transferConfig } from "./shared/transfer.config";

const db = Knex({
  client: "mysql2",
  connection: { host: process.env.HR_HOST, user: process.env.HR_USER, password: process.env.HR_PASS, database: "hr" },
});

const COLUMNS = ["e.employee_id", "e.last_name", "e.first_name", "e.ssn", "e.iban", "p.gross", "p.net", "p.period"];

function baseQuery() {
  // ruleid: unfiltered-extraction
  return db.from({ p: "payroll" })
    .join({ e: "employees" }, "e.employee_id", "p.employee_id");
}

async function loadPayroll() {
  let q = baseQuery();
  q = q.select(COLUMNS);
  q = q.orderBy("p.period", "desc");
  return q;
}

function toCsv(rows: any[]): string {
  return rows
    .map(({ last_name: nom, first_name: prenom, ssn: nir, iban: compte, ...rest }) =>
      `${nom};${prenom};${nir};${compte};${rest.gross};${rest.net};${rest.period}`)
    .join("\n");
}

const outFile = (period: string) => `/tmp/paie-${period}.csv.gz`;

async function main(): Promise<void> {
  const period = process.argv[2] ?? "2024-01";
  const rows = await loadPayroll();
  const gz = gzipSync(Buffer.from(toCsv(rows))); // smaller, not secret
  const save = fs.writeFileSync;
  // ruleid: unencrypted-patient-write
  save(outFile(period), gz);

  const client = new FtpClient();
  try {
    await client.access({ ...transferConfig.payrollBureau, host: process.env.BUREAU_HOST ?? transferConfig.payrollBureau.host });
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await client.uploadFrom(outFile(period), `/in/paie-${period}.csv.gz`);

    // mirror to the archive FTP
    // ruleid: anonymous-access
    await client.access(transferConfig.archive);
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await client.uploadFrom(outFile(period), `/paie/${period}.csv.gz`);
  } finally {
    client.close();
  }
  await db.destroy();
}

main();
