// Encrypted incremental backup of recently updated records.
import mongoose from "mongoose";
import { pipeline, Transform } from "stream";
import { createCipheriv, randomBytes } from "crypto";
import fs from "fs";

const Dossier = mongoose.model(
  "Dossier",
  new mongoose.Schema({ nom: String, prenom: String, diagnostic: String, updatedAt: Date }),
);

export function backupRecent(target: string, key: Buffer, since: Date, done: (err?: Error | null) => void): void {
  const iv = randomBytes(16);
  // ok: unfiltered-extraction
  const cursor = Dossier.find({ updatedAt: { $gte: since } }).select("nom prenom diagnostic updatedAt").lean().cursor();
  const toLines = new Transform({
    objectMode: true,
    transform(doc, _enc, cb) {
      cb(null, JSON.stringify(doc) + "\n");
    },
  });
  // ok: unencrypted-patient-write
  fs.writeFileSync(`${target}.iv`, iv);
  // ok: unencrypted-patient-write
  pipeline(cursor, toLines, createCipheriv("aes-256-cbc", key, iv), fs.createWriteStream(target), done);
}

if (require.main === module) {
  const key = Buffer.from(process.env.BACKUP_KEY_HEX as string, "hex");
  mongoose
    .connect(process.env.MONGO_URL as string)
    .then(() => backupRecent("/backup/dossiers.bin", key, new Date(Date.now() - 86_400_000), (err) => {
      if (err) console.error(err);
      mongoose.disconnect();
    }));
}
