// Headcount per department for the works council (CSE): aggregates only.
const knex = require("knex")({ client: "pg", connection: process.env.RH_DB_URL });
const ExcelJS = require("exceljs");

async function headcountReport(outFile) {
  // ok: unfiltered-extraction
  const perDept = await knex("employees").select("department").count("* as headcount").groupBy("department");
  // ok: unfiltered-extraction
  const [{ avg_age }] = await knex("employees").avg({ avg_age: knex.raw("date_part('year', age(birth_date))") });
  // ok: unfiltered-extraction
  const departments = await knex("departments").select("*");

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Effectifs");
  ws.addRow(["Service", "Libellé", "Effectif"]);
  for (const d of perDept) {
    const label = departments.find((x) => x.code === d.department)?.label ?? d.department;
    ws.addRow([d.department, label, Number(d.headcount)]);
  }
  ws.addRow([]);
  ws.addRow(["Âge moyen", "", Math.round(Number(avg_age))]);
  // ok: unencrypted-patient-write
  await wb.xlsx.writeFile(outFile);
}

headcountReport(process.argv[2] || "effectifs.xlsx")
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => knex.destroy());
