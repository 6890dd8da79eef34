// Monthly suspicious-transactions extract for the correspondent bank.
import { Client } from "basic-ftp";
import { Readable } from "node:stream";
import pg from "pg";

// ruleid: plaintext-transfer
// ruleid: hardcoded-credentials
const DROP_URL = new URL(process.env.AML_DROP ?? "ftp://aml_export:Tr4cfin2021@ftp.banque-correspondante.fr/incoming");

const pool = new pg.Pool();

async function run() {
  // ok: unfiltered-extraction
  const { rows: [{ n }] } = await pool.query("SELECT count(*) AS n FROM transactions_suspectes");
  // ruleid: unfiltered-extraction
  const { rows } = await pool.query("SELECT client_id, nom, prenom, date_naissance, iban, montant, motif FROM transactions_suspectes");
  const header = "client_id;nom;prenom;date_naissance;iban;montant;motif";
  const csv = [header, ...rows.map((r) => Object.values(r).join(";"))].join("\n");

  const client = new Client();
  try {
    // ruleid: plaintext-transfer
    // ok: anonymous-access
    await client.access({ host: DROP_URL.hostname, port: Number(DROP_URL.port || 21), user: decodeURIComponent(DROP_URL.username), password: decodeURIComponent(DROP_URL.password) });
    // ruleid: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await client.uploadFrom(Readable.from([csv]), `${DROP_URL.pathname}/aml_${Date.now()}.csv`);
    console.log(`${n} transactions declared`);
  } finally {
    client.close();
    await pool.end();
  }
}

run().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
