// Cold archive of the patient index before purge of the old DPI.
import knex from "knex";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { createGzip } from "node:zlib";
import { createWriteStream } from "node:fs";
import { createCipheriv, randomBytes } from "node:crypto";

const db = knex({ client: "mysql2", connection: process.env.DPI_URL });
const SINCE = "2019-01-01";

function toNdjson(): Transform {
  return new Transform({
    writableObjectMode: true,
    transform(row, _enc, cb) {
      cb(null, JSON.stringify(row) + "\n");
    },
  });
}

/** First version, kept for the 2021 archives: compressed only. */
export async function archiveCompressed(target: string): Promise<void> {
  // ok: unfiltered-extraction
  const source = db("patients").select("id", "nom", "prenom", "nir", "date_naissance").where("derniere_visite", ">=", SINCE).stream();
  // ruleid: unencrypted-patient-write
  await pipeline(source, toNdjson(), createGzip(), createWriteStream(target));
}

/** Current version: compressed then sealed with AES-256-GCM. */
export async function archiveSealed(target: string, key: Buffer): Promise<{ iv: Buffer; tag: Buffer }> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  // ok: unfiltered-extraction
  const source = db("patients").select("id", "nom", "prenom", "nir", "date_naissance").where("derniere_visite", ">=", SINCE).stream();
  // ok: unencrypted-patient-write
  await pipeline(source, toNdjson(), createGzip(), cipher, createWriteStream(target));
  return { iv, tag: cipher.getAuthTag() };
}
