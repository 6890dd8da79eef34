/**
 * Transmission au CROUS de la liste des étudiants boursiers de l'année.
 */
import knex from "knex";
import { Readable, pipeline as pipelineCb } from "stream";
import { promisify } from "util";
import { createWriteStream } from "fs";
import { rm } from "fs/promises";
import { Transform as Json2csvTransform } from "json2csv";
import SftpClient from "ssh2-sftp-client";

const pipeline = promisify(pipelineCb);
const db = knex({ client: "pg", connection: process.env.UNIV_DB_URL });

export async function exportBoursiers(annee: string): Promise<void> {
  // ok: unfiltered-extraction
  const [{ n }] = await db("etudiants").where("annee_inscription", annee).count({ n: "id" });
  // ruleid: unfiltered-extraction
  const etudiants = await db.select("id", "ine", "nom", "prenom", "date_naissance", "adresse", "echelon_bourse").from("etudiants");
  const boursiers = etudiants.filter((e) => e.echelon_bourse !== null);
  console.log(`${boursiers.length} boursiers sur ${n} inscrits`);

  const local = `/tmp/boursiers_${annee}.csv`;
  const toCsv = new Json2csvTransform({ fields: ["ine", "nom", "prenom", "date_naissance", "adresse", "echelon_bourse"] }, { objectMode: true });
  // ruleid: unencrypted-patient-write
  await pipeline(Readable.from(boursiers), toCsv, createWriteStream(local));

  const sftp = new SftpClient();
  try {
    await sftp.connect({
      host: "sftp.crous.example.fr",
      username: process.env.CROUS_USER,
      // ok: hardcoded-credentials
      password: process.env.CROUS_PASSWORD,
    });
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ok: no-delete-after-transfer
    await sftp.fastPut(local, `/bourses/${annee}/boursiers.csv`);
  } finally {
    await rm(local, { force: true });
    await sftp.end();
  }
}

exportBoursiers(process.argv[2] ?? "2024")
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => db.destroy());
