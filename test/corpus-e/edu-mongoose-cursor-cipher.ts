/**
 * Archivage annuel des dossiers d'inscription d'une promotion (archive chiffrée, conservée localement).
 */
import mongoose, { Schema } from "mongoose";
import { pipeline as pipelineCb, Transform } from "stream";
import { promisify } from "util";
import { createCipheriv, randomBytes } from "crypto";
import { createWriteStream, writeFileSync } from "fs";

const pipeline = promisify(pipelineCb);

const Inscription = mongoose.model(
  "Inscription",
  new Schema({
    ine: String,
    nom: String,
    prenom: String,
    dateNaissance: Date,
    adresse: String,
    formation: String,
    promotion: String,
    bourse: Boolean,
  })
);

export async function archiverPromotion(promotion: string): Promise<void> {
  await mongoose.connect(process.env.INSCRIPTIONS_MONGO_URI as string);
  // ok: unfiltered-extraction
  const cursor = Inscription.find({ promotion }, "ine nom prenom formation").lean().cursor();
  const toNdjson = new Transform({
    writableObjectMode: true,
    transform(doc, _enc, cb) {
      cb(null, JSON.stringify(doc) + "\n");
    },
  });
  const key = Buffer.from(process.env.ARCHIVE_KEY_HEX as string, "hex");
  const iv = randomBytes(16);
  const out = `/srv/archives/inscriptions_${promotion}.ndjson.enc`;
  // ok: unencrypted-patient-write
  await pipeline(cursor, toNdjson, createCipheriv("aes-256-ctr", key, iv), createWriteStream(out));
  // ok: unencrypted-patient-write
  writeFileSync(`${out}.iv`, iv.toString("hex"));
  await mongoose.disconnect();
}

archiverPromotion(process.argv[2]).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
