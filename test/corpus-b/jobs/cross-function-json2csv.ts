// Data passed through several small functions before a helper writes it; the upload is over
// FTPS with an authenticated user, but cleanup only happens when the upload succeeds.
import { Client } from "basic-ftp";
import { writeFileSync, unlinkSync } from "fs";
import { AsyncParser } from "json2csv";
import { Pool } from "pg";

const pool = new Pool();

interface Dossier {
  ipp: string;
  nom: string;
  prenom: string;
  mutuelle: string;
  medecin_prescripteur: string;
}

async function fetchBatch(labId: number): Promise<Dossier[]> {
  const r = await pool.query<Dossier>(
    // ok: unfiltered-extraction
    "SELECT ipp, nom, prenom, mutuelle, medecin_prescripteur FROM dossiers WHERE lab_id = $1",
    [labId],
  );
  return r.rows;
}

function normalise(list: Dossier[]): Dossier[] {
  return list.map((d) => ({ ...d, nom: d.nom.toUpperCase(), prenom: d.prenom.trim() }));
}

async function toCsv(list: Dossier[]): Promise<string> {
  return new AsyncParser({ delimiter: ";" }).parse(list).promise();
}

function persist(file: string, content: string): string {
  // ruleid: unencrypted-patient-write
  writeFileSync(file, content, { encoding: "latin1" });
  return file;
}

async function send(file: string, remote: string): Promise<void> {
  const client = new Client();
  try {
    // ok: plaintext-transfer
    // ok: anonymous-access
    await client.access({
      host: process.env.FTP_HOST,
      user: process.env.FTP_USER,
      password: process.env.FTP_PASSWORD,
      secure: true,
    });
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await client.uploadFrom(file, remote);
    unlinkSync(file);
  } finally {
    client.close();
  }
}

export async function job(labId: number): Promise<void> {
  const batch = normalise(await fetchBatch(labId));
  const local = persist(`/tmp/dossiers-${labId}.csv`, await toCsv(batch));
  await send(local, `/depot/dossiers-${labId}.csv`);
}
