// Mongoose: a cursor over the whole collection consumed with for await, against a filtered,
// projected cursor whose lines go through a cipher stream before reaching the file.
import { createCipheriv, randomBytes } from "crypto";
import { createWriteStream } from "fs";
import mongoose, { Schema } from "mongoose";
import { once } from "events";

interface IPatient {
  ipp: string;
  nir: string;
  lastName: string;
  firstName: string;
  labId: string;
  notes?: string;
}

const PatientModel = mongoose.model<IPatient>(
  "Patient",
  new Schema<IPatient>({ ipp: String, nir: String, lastName: String, firstName: String, labId: String, notes: String }),
);

export async function dumpEverything(out: string): Promise<void> {
  const ws = createWriteStream(out);
  // ruleid: unfiltered-extraction
  const cursor = PatientModel.find().lean().cursor();
  for await (const doc of cursor) {
    // ruleid: unencrypted-patient-write
    ws.write(`${doc.ipp}\t${doc.nir}\t${doc.lastName}\t${doc.firstName}\t${doc.notes ?? ""}\n`);
  }
  ws.end();
  await once(ws, "finish");
}

export async function dumpLab(labId: string, out: string): Promise<void> {
  const key = Buffer.from(process.env.DUMP_KEY!, "hex");
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-ctr", key, iv);
  const file = createWriteStream(out);
  // ok: unencrypted-patient-write
  file.write(iv);
  // ok: unencrypted-patient-write
  cipher.pipe(file);
  // ok: unfiltered-extraction
  const cursor = PatientModel.find({ labId }, "ipp lastName firstName").lean().cursor();
  for await (const doc of cursor) {
    cipher.write(`${doc.ipp}\t${doc.lastName}\t${doc.firstName}\n`);
  }
  cipher.end();
  await once(file, "finish");
}
