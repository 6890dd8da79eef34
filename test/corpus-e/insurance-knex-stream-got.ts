/**
 * Synchronisation des assurés vers l'outil de gestion des tiers (flux CSV en streaming).
 */
import knex from "knex";
import got from "got";
import { stringify } from "csv-stringify";
import { pipeline } from "stream/promises";
import { PassThrough } from "stream";

const db = knex({
  client: "mysql2",
  connection: {
    host: process.env.DB_HOST,
    user: process.env.DB_USER,
    // ok: hardcoded-credentials
    password: process.env.DB_PASSWORD,
    database: "contrats",
  },
});

// ruleid: plaintext-transfer
const TIERS_URL = "http://gestion-tiers.assur-exemple.fr/import/assures";

export async function streamAssures(): Promise<void> {
  // ruleid: unfiltered-extraction
  const rows = db.select("num_contrat", "nom", "prenom", "date_naissance", "iban").from("assures").stream();
  // ruleid: unencrypted-patient-write
  await pipeline(rows, stringify({ header: true }), got.stream.post(TIERS_URL, { headers: { "content-type": "text/csv" } }), new PassThrough());
}

export async function countByProduct() {
  // ok: unfiltered-extraction
  return db("assures").select("produit").count({ n: "*" }).groupBy("produit");
}

async function main() {
  try {
    await streamAssures();
    console.table(await countByProduct());
  } finally {
    await db.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
