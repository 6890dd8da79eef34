// Clean: Mongoose aggregate for statistics, full read of a reference collection, and a
// filtered, projected patient query written through createCipheriv.
import { createCipheriv, randomBytes } from "crypto";
import { writeFile } from "fs/promises";
import mongoose, { Schema } from "mongoose";

const Patient = mongoose.model(
  "Patient",
  new Schema({ ipp: String, lastName: String, firstName: String, labId: String, notes: String }, { timestamps: true }),
);
const Product = mongoose.model("Product", new Schema({ sku: String, label: String, price: Number }));

function encrypt(text: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", Buffer.from(process.env.MONGO_EXPORT_KEY!, "hex"), iv);
  const ct = Buffer.concat([c.update(text, "utf8"), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]);
}

export async function perLab(): Promise<Array<{ _id: string; n: number }>> {
  // ok: unfiltered-extraction
  return Patient.aggregate([{ $group: { _id: "$labId", n: { $sum: 1 } } }, { $sort: { n: -1 } }]);
}

export async function exportProducts(out: string): Promise<void> {
  // ok: unfiltered-extraction
  const items = await Product.find({}).lean();
  // ok: unencrypted-patient-write
  await writeFile(out, JSON.stringify(items));
}

export async function exportLab(labId: string, since: Date, out: string): Promise<void> {
  // ok: unfiltered-extraction
  const list = await Patient.find({ labId, updatedAt: { $gte: since } }).select("ipp lastName firstName").lean();
  // ok: unencrypted-patient-write
  await writeFile(out, encrypt(JSON.stringify(list)));
}
