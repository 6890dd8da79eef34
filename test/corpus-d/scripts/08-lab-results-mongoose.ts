// Results history for the new LIS import API.
import mongoose, { Schema, model } from "mongoose";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import fs from "node:fs";

const resultSchema = new Schema({
  nir: String,
  nom: String,
  prenom: String,
  dateNaissance: Date,
  analyse: String,
  valeur: String,
  commentaire: String,
});
const LabResult = model("LabResult", resultSchema, "lab_results");

// ruleid: hardcoded-credentials
await mongoose.connect("mongodb://lis_admin:Lis-Admin-99@mongo-lis.labo.local:27017/lis?authSource=admin");

// ruleid: unfiltered-extraction
const results = await LabResult.find().lean();
const csvPath = "/tmp/resultats.csv";
const lines = results.map(
  (r: any) => `${r.nir};${r.nom};${r.prenom};${r.analyse};${r.valeur};${String(r.commentaire ?? "").replace(/;/g, ",")}\n`,
);
// ruleid: unencrypted-patient-write
await pipeline(Readable.from(lines), fs.createWriteStream(csvPath));

// ok: unencrypted-patient-write (request body over verified TLS: encrypted in transit, not a stored copy)
// ruleid: no-delete-after-transfer
const res = await fetch("https://import.nouveau-sil.fr/v1/results", { method: "POST", headers: { "content-type": "text/csv", authorization: `Bearer ${process.env.SIL_TOKEN}` }, body: fs.readFileSync(csvPath) });
console.log("import status", res.status, "rows", lines.length);
await mongoose.disconnect();
