// Exports the exam catalogue (non-personal reference data) for the team that
// configures the new LIS. Not governed by a lab instruction: no personal data.
import { writeFileSync } from "node:fs";
import { stringify } from "csv-stringify/sync";
import { LabCode, openSource } from "./db";

export async function exportCatalogue(lab: LabCode, outFile: string): Promise<number> {
  const pool = openSource(lab);
  try {
    const { rows } = await pool.query("SELECT * FROM catalogue_examens ORDER BY code");
    writeFileSync(outFile, stringify(rows, { header: true, delimiter: ";" }));
    return rows.length;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  const lab = (process.argv[2] ?? "A") as LabCode;
  exportCatalogue(lab, `catalogue-${lab}.csv`)
    .then((n) => console.log(`${n} exams exported`))
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
