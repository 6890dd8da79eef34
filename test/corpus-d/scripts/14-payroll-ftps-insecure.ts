// Annual staff file for the payroll bureau, over FTPS.
import * as ftp from "basic-ftp";
import { Sequelize, QueryTypes } from "sequelize";
import * as fs from "fs";

// the bureau's certificate expired in March; "temporary" workaround
// ruleid: plaintext-transfer
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

const sequelize = new Sequelize(process.env.PAYROLL_DB_URL as string, { logging: false });

async function main(): Promise<void> {
  // ruleid: unfiltered-extraction
  const employees = await sequelize.query("SELECT * FROM employees", { type: QueryTypes.SELECT });
  fs.mkdirSync("./out", { recursive: true });
  const local = `./out/employees-${Date.now()}.json`;
  // ruleid: unencrypted-patient-write
  fs.writeFileSync(local, JSON.stringify(employees));

  const client = new ftp.Client();
  try {
    await client.access({
      host: "ftps.bureau-paie.example",
      user: process.env.BUREAU_USER,
      password: process.env.BUREAU_PASS,
      secure: true,
      // ruleid: plaintext-transfer
      secureOptions: { rejectUnauthorized: false },
    });
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await client.uploadFrom(local, "/depot/employees.json");
  } finally {
    client.close();
    await sequelize.close();
  }
}

main();
