/**
 * Migration MEGABUS -> nouveau SIL, laboratoire 2.
 * Dépose l'extraction sur le serveur FTP de télémaintenance pour l'équipe projet.
 */
import knex from "knex";
import Papa from "papaparse";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Readable } from "stream";
import { Client } from "basic-ftp";

const db = knex({
  client: "pg",
  connection: process.env.MEGABUS_DATABASE_URL,
});

const FTP_HOST = "ftp.telemaintenance.example.fr";
const CUTOFF = new Date("2017-05-07");

interface DossierPatient {
  id: number;
  nom: string;
  prenom: string;
  date_naissance: string;
  nir: string;
  derniere_visite: Date;
  commentaire_p: string | null;
  commentaire_d: string | null;
}

async function extract(): Promise<DossierPatient[]> {
  // ruleid: unfiltered-extraction
  const all: DossierPatient[] = await db("patients");
  // l'outil d'export ne sait pas filtrer : on trie après coup
  return all.filter((p) => p.derniere_visite >= CUTOFF);
}

async function countByYear() {
  // ok: unfiltered-extraction
  return db("patients").select(db.raw("extract(year from derniere_visite) as annee")).count("* as n").groupBy("annee");
}

async function main(): Promise<void> {
  const rows = await extract();
  console.table(await countByYear());
  const csv = Papa.unparse(rows, { delimiter: ";", quotes: true });
  const localPath = path.join(os.tmpdir(), "labo2_patients.csv");
  // ruleid: unencrypted-patient-write
  fs.writeFileSync(localPath, csv, "utf8");

  const client = new Client(30000);
  client.ftp.verbose = process.env.DEBUG === "1";
  try {
    // ruleid: plaintext-transfer
    // ruleid: anonymous-access
    await client.access({ host: FTP_HOST, port: 21 });
    await client.ensureDir("/public/migrations/labo2");
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await client.uploadFrom(localPath, "patients.csv");
    // ruleid: unencrypted-patient-write
    await client.uploadFrom(Readable.from([JSON.stringify(rows)]), "patients.json");
  } finally {
    client.close();
  }
  console.log(`${rows.length} dossiers déposés sur ${FTP_HOST}`);
}

main()
  .catch((err) => {
    console.error("migration échouée", err);
    process.exitCode = 1;
  })
  .finally(() => db.destroy());
