import { Job } from "bullmq";
import { Client } from "basic-ftp";
import { stringify } from "csv-stringify";
import { createWriteStream } from "fs";
import * as path from "path";
import { Readable } from "stream";
import { pipeline } from "stream/promises";
import { db } from "./db";

export interface MonthlyExtractData {
  insurerCode: string;
  month: string; // YYYY-MM
}

const OUT_DIR = process.env.EXTRACT_DIR ?? "/srv/extracts";

/**
 * Monthly extract for a mutual insurer: its members' tests of the month, for third-party billing.
 * Registered in worker.ts as the processor of the "monthly-extract" queue.
 */
export default async function monthlyExtract(job: Job<MonthlyExtractData>): Promise<string> {
  const { insurerCode, month } = job.data;

  // ruleid: unfiltered-extraction
  const patients = await db("patients");
  const members = patients.filter((p: { insurer_code: string }) => p.insurer_code === insurerCode);

  // ok: unfiltered-extraction
  const acts = await db("billing_acts")
    .select("patient_id", "act_code", "performed_at", "amount_cents")
    .where("insurer_code", insurerCode)
    .andWhereRaw("to_char(performed_at, 'YYYY-MM') = ?", [month]);

  // ok: unfiltered-extraction
  const nomenclature = await db("act_codes").select("code", "label");
  const labels = new Map(nomenclature.map((n: { code: string; label: string }) => [n.code, n.label]));

  const byPatient = new Map(members.map((m: { id: number }) => [m.id, m]));
  const records = acts
    .filter((a: { patient_id: number }) => byPatient.has(a.patient_id))
    .map((a: { patient_id: number; act_code: string; performed_at: Date; amount_cents: number }) => {
      const m = byPatient.get(a.patient_id) as Record<string, string>;
      return [m.nir, m.last_name, m.first_name, m.birth_date, a.act_code, labels.get(a.act_code), a.performed_at.toISOString(), a.amount_cents];
    });
  await job.log(`${records.length} acts for ${members.length} members`);

  const file = path.join(OUT_DIR, `${insurerCode}-${month}.csv`);
  // ruleid: unencrypted-patient-write
  await pipeline(Readable.from(records), stringify({ delimiter: ";" }), createWriteStream(file));

  const client = new Client();
  try {
    // ok: plaintext-transfer
    await client.access({
      host: process.env.INSURER_FTP_HOST ?? "ftps.mutuelle-exemple.fr",
      // ruleid: anonymous-access
      user: "anonymous",
      secure: true,
    });
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await client.uploadFrom(file, `/depot/${path.basename(file)}`);
  } finally {
    client.close();
  }
  return file;
}
