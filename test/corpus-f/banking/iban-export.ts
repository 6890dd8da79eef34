import Papa from "papaparse";
import { knexBank } from "./lib/bank-db";

// ruleid: plaintext-transfer
const GATEWAY = process.env.GATEWAY_URL ?? "http://gateway.example-bank.com/batch/iban";
// ok: plaintext-transfer
const HEALTH = "https://gateway.example-bank.com/health";

interface AccountRow {
  client_id: number;
  titulaire: string;
  iban: string;
  bic: string;
}

/** Static helpers for the nightly IBAN batch sent to the payment gateway. */
export class IbanExporter {
  static async loadAccounts(): Promise<AccountRow[]> {
    // ruleid: unfiltered-extraction
    return knexBank("accounts").select("client_id", "titulaire", "iban", "bic");
  }

  static async loadBranches(): Promise<{ code: string; ville: string }[]> {
    // ok: unfiltered-extraction
    return knexBank("branches").select("code", "ville");
  }

  static toCsv(rows: AccountRow[]): string {
    const shaped = rows.map((r) => ({ ...r, iban: r.iban.replace(/\s+/g, ""), titulaire: r.titulaire.toUpperCase() }));
    return Papa.unparse(shaped, { delimiter: ";", header: true });
  }

  static async healthy(): Promise<boolean> {
    const res = await fetch(HEALTH);
    return res.ok;
  }

  static async run(): Promise<number> {
    if (!(await IbanExporter.healthy())) throw new Error("gateway down");
    const rows = await IbanExporter.loadAccounts();
    const body = IbanExporter.toCsv(rows);
    // ruleid: unencrypted-patient-write
    const res = await fetch(GATEWAY, { method: "POST", headers: { "content-type": "text/csv" }, body });
    if (!res.ok) throw new Error(`gateway answered ${res.status}`);
    return rows.length;
  }
}

if (require.main === module) {
  IbanExporter.run()
    .then((n) => console.log(`${n} accounts sent`))
    .finally(() => knexBank.destroy());
}
