import knexFactory from "knex";
import * as XLSX from "xlsx";

const db = knexFactory({ client: "pg", connection: process.env.SIL_DB_URL });

interface SuiviRow {
  id: number;
  nom: string;
  prenom: string;
  date_naissance: string;
  statut_vih: "POSITIF" | "NEGATIF" | null;
  charge_virale: number | null;
  traitement: string | null;
}

function toWorkbook(sheetName: string, records: object[]): XLSX.WorkBook {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.json_to_sheet(records), sheetName);
  return book;
}

/** Quarterly list for the infectious-diseases unit (sent by e-mail afterwards). */
export function buildSuiviVih(outFile: string): Promise<number> {
  // ruleid: unfiltered-extraction
  return db<SuiviRow>("patients")
    .then((items) => items.filter((r) => r.statut_vih === "POSITIF"))
    .then((r) => {
      // ruleid: unencrypted-patient-write
      XLSX.writeFile(toWorkbook("Suivi VIH", r), outFile);
      return r.length;
    });
}

export function buildCatalogue(outFile: string): Promise<void> {
  // ok: unfiltered-extraction
  return db("catalogue_examens").select("*")
    .then((rows) => {
      // ok: unencrypted-patient-write
      XLSX.writeFile(toWorkbook("Catalogue", rows), outFile);
    });
}

if (require.main === module) {
  buildSuiviVih(process.argv[2] ?? "suivi_vih.xlsx")
    .then((n) => console.log(`${n} lignes`))
    .then(() => buildCatalogue("catalogue.xlsx"))
    .finally(() => db.destroy());
}
