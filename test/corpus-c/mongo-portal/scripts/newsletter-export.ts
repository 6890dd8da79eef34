#!/usr/bin/env ts-node
/**
 * Marketing asked for the e-mail addresses of patients who accepted research contact, to invite
 * them to a prevention campaign. Output: one CSV line per patient, appended as the cursor goes.
 */
import mongoose from "mongoose";
import * as fs from "fs";
import * as path from "path";
import { PatientModel } from "../schemas/patient.schema";

async function main(labId: string): Promise<void> {
  await mongoose.connect(process.env.MONGO_URL as string);
  const out = path.resolve(`campaign-${labId}.csv`);
  // ok: unencrypted-patient-write
  fs.writeFileSync(out, "email;first_name;last_name\n");

  let n = 0;
  // ok: unfiltered-extraction
  const cursor = PatientModel.find({ labId, consentToResearch: true }).select("email firstName lastName").lean().cursor();
  for await (const p of cursor) {
    // ruleid: unencrypted-patient-write
    fs.appendFileSync(out, `${p.email};${p.firstName};${p.lastName}\n`);
    n++;
  }
  console.log(`${n} addresses written to ${out}`);
  await mongoose.disconnect();
}

main(process.argv[2] ?? "").catch((e) => {
  console.error(e);
  process.exit(1);
});
