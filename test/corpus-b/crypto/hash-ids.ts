// Pseudonymising only the identifier is not encryption of the record: names and birth dates
// still reach the file in clear. libsodium-sealed output is the clean counterpart.
import { createHash } from "crypto";
import { promises as fs } from "fs";
import sodium from "libsodium-wrappers";
import knex from "knex";

const db = knex({ client: "pg", connection: process.env.DATABASE_URL });

interface Row {
  nir: string;
  nom: string;
  prenom: string;
  date_naissance: string;
  diagnostic: string;
}

const pseudo = (v: string) => createHash("sha256").update(process.env.PEPPER + v).digest("hex");

async function cohort(study: string): Promise<Row[]> {
  // ok: unfiltered-extraction
  return db<Row>("patients")
    .join("inclusions", "inclusions.patient_id", "patients.id")
    .select("patients.nir", "patients.nom", "patients.prenom", "patients.date_naissance", "inclusions.diagnostic")
    .where("inclusions.etude", study);
}

export async function writeStudyFile(study: string, out: string): Promise<void> {
  const rows = await cohort(study);
  const lines = rows.map((r) => [pseudo(r.nir), r.nom, r.prenom, r.date_naissance, r.diagnostic].join(","));
  // ruleid: unencrypted-patient-write
  await fs.writeFile(out, lines.join("\n"));
}

export async function writeStudyFileSealed(study: string, out: string): Promise<void> {
  await sodium.ready;
  const key = sodium.from_hex(process.env.STUDY_KEY!);
  const rows = await cohort(study);
  const lines = rows.map((r) => [pseudo(r.nir), r.nom, r.prenom, r.date_naissance, r.diagnostic].join(","));
  const nonce = sodium.randombytes_buf(sodium.crypto_secretbox_NONCEBYTES);
  const box = sodium.crypto_secretbox_easy(sodium.from_string(lines.join("\n")), nonce, key);
  // ok: unencrypted-patient-write
  await fs.writeFile(out, Buffer.concat([Buffer.from(nonce), Buffer.from(box)]));
}
