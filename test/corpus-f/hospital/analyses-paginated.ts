import { Client } from "basic-ftp";
import { createWriteStream, promises as fsp } from "node:fs";
import { once } from "node:events";
import { knex } from "../lib/db";

const PAGE = 1000;

function ageAt(birth: Date, ref: Date): number {
  const years = ref.getFullYear() - birth.getFullYear();
  const before = ref < new Date(ref.getFullYear(), birth.getMonth(), birth.getDate());
  return before ? years - 1 : years;
}

/** Writes the analyses of one lab since a date as JSON lines. */
export async function exportAnalyses(labId: string, since: string, file: string): Promise<number> {
  const out = createWriteStream(file, { flags: "w" });
  let count = 0;
  for (let offset = 0; ; offset += PAGE) {
    // ok: unfiltered-extraction
    const page = await knex("analyses")
      .join("patients", "patients.id", "analyses.patient_id")
      .select("analyses.id", "patients.nom", "patients.prenom", "patients.date_naissance", "analyses.code", "analyses.resultat")
      .where("analyses.lab_id", labId)
      .andWhere("analyses.date_prelevement", ">=", since)
      .orderBy("analyses.id")
      .limit(PAGE)
      .offset(offset);
    if (page.length === 0) break;
    const now = new Date();
    const shaped = page.map(({ date_naissance, ...r }) => ({ ...r, age: ageAt(new Date(date_naissance), now) }));
    for (const row of shaped) {
      // ruleid: unencrypted-patient-write
      if (!out.write(JSON.stringify(row) + "\n")) await once(out, "drain");
    }
    count += shaped.length;
  }
  out.end();
  await once(out, "finish");
  return count;
}

export async function pushToPartner(file: string): Promise<void> {
  const client = new Client();
  // ok: plaintext-transfer
  await client.access({
    host: "ftps.partner.example.com",
    // ok: anonymous-access
    user: process.env.PARTNER_FTP_USER,
    // ok: hardcoded-credentials
    password: process.env.PARTNER_FTP_PASSWORD,
    secure: true,
  });
  // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
  // ruleid: no-delete-after-transfer
  await client.uploadFrom(file, "incoming/analyses.jsonl");
  client.close();
  await fsp.unlink(file);
}

export async function main(labId: string, since: string): Promise<void> {
  const file = `/var/tmp/analyses-${labId}.jsonl`;
  const n = await exportAnalyses(labId, since, file);
  await pushToPartner(file);
  console.log(`${n} analyses sent for lab ${labId}`);
}
