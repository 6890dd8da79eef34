// stream.pipeline from a pg query stream: with a transform only, with gzip only, with a cipher
// stage, and with a cipher that is created but never put into the pipeline.
import { createCipheriv, randomBytes, scryptSync } from "crypto";
import { createWriteStream } from "fs";
import { Transform } from "stream";
import { pipeline } from "stream/promises";
import { createGzip } from "zlib";
import { stringify } from "csv-stringify";
import { Pool } from "pg";
import QueryStream from "pg-query-stream";

const pool = new Pool();
// ok: unfiltered-extraction
const SQL = "SELECT ipp, nom, prenom, ddn, telephone FROM patients WHERE lab_id = $1";

function yearOnly(): Transform {
  return new Transform({
    objectMode: true,
    transform(row, _enc, cb) {
      cb(null, { ...row, ddn: String(row.ddn).slice(0, 4) });
    },
  });
}

function cipherFor(iv: Buffer) {
  const key = scryptSync(process.env.EXPORT_PASSPHRASE!, "lis-export", 32);
  return createCipheriv("aes-256-cbc", key, iv);
}

export async function extractClear(labId: number, out: string): Promise<void> {
  const client = await pool.connect();
  try {
    const src = client.query(new QueryStream(SQL, [labId]));
    // ruleid: unencrypted-patient-write
    await pipeline(src, yearOnly(), stringify({ header: true }), createGzip(), createWriteStream(out));
  } finally {
    client.release();
  }
}

export async function extractSealed(labId: number, out: string): Promise<void> {
  const client = await pool.connect();
  try {
    const src = client.query(new QueryStream(SQL, [labId]));
    const iv = randomBytes(16);
    // ok: unencrypted-patient-write
    await pipeline(src, yearOnly(), stringify({ header: true }), createGzip(), cipherFor(iv), createWriteStream(out));
  } finally {
    client.release();
  }
}

export async function extractForgotCipher(labId: number, out: string): Promise<void> {
  const client = await pool.connect();
  try {
    const src = client.query(new QueryStream(SQL, [labId]));
    const cipher = cipherFor(randomBytes(16));
    console.debug("cipher ready", cipher.writable);
    // ruleid: unencrypted-patient-write
    await pipeline(src, stringify({ header: true }), createGzip(), createWriteStream(out));
  } finally {
    client.release();
  }
}

export async function extractWholeTable(out: string): Promise<void> {
  const client = await pool.connect();
  try {
    // ruleid: unfiltered-extraction
    const rs = client.query(new QueryStream("SELECT * FROM patients"));
    const ws = createWriteStream(out);
    for await (const row of rs) {
      // ruleid: unencrypted-patient-write
      ws.write(JSON.stringify(row) + "\n");
    }
    ws.end();
  } finally {
    client.release();
  }
}
