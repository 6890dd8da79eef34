// Helpers that look protective but are not encryption (base64, gzip), next to a real one.
import { createCipheriv, randomBytes } from "crypto";
import { createWriteStream, writeFileSync } from "fs";
import { gzipSync } from "zlib";
import mysql from "mysql2/promise";

type Payload = Array<{ nir: string; nom: string; prenom: string; adresse: string }>;

const protect = (s: string): string => Buffer.from(s, "utf8").toString("base64");
const shrink = (s: string): Buffer => gzipSync(Buffer.from(s));

function encrypt(s: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", Buffer.from(process.env.K!, "hex"), iv);
  const ct = Buffer.concat([c.update(s, "utf8"), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]);
}

async function load(): Promise<Payload> {
  const conn = await mysql.createConnection(process.env.MYSQL_URL!);
  try {
    const [rows] = await conn.execute(
      // ok: unfiltered-extraction
      "SELECT nir, nom, prenom, adresse FROM patients WHERE migrated = 0 LIMIT 5000",
    );
    return rows as Payload;
  } finally {
    await conn.end();
  }
}

export async function main(dir: string): Promise<void> {
  const payload = await load();
  const json = JSON.stringify(payload);

  // ruleid: unencrypted-patient-write
  writeFileSync(`${dir}/batch.b64`, protect(json));

  // ruleid: unencrypted-patient-write
  writeFileSync(`${dir}/batch.json.gz`, shrink(json));

  // ok: unencrypted-patient-write
  writeFileSync(`${dir}/batch.json.enc`, encrypt(json));

  const tmp = createWriteStream(`${dir}/batch.txt`);
  // ruleid: unencrypted-patient-write
  tmp.end(payload.map((p) => `${p.nir} ${p.nom}`).join("\n"));
}
