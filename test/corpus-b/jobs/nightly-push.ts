// Nightly push to each lab listed in ../config/transfer.config.ts (default import). The
// connection options come from that file and never ask for TLS.
import { Client } from "basic-ftp";
import { Readable } from "stream";
import { createCipheriv, randomBytes } from "crypto";
import targets, { passwordOf } from "../config/transfer.config";
import knex from "knex";

const db = knex({ client: "pg", connection: process.env.DATABASE_URL });

function encrypt(s: string): Buffer {
  const iv = randomBytes(16);
  const c = createCipheriv("aes-256-cbc", Buffer.from(process.env.PUSH_KEY!, "hex"), iv);
  return Buffer.concat([iv, c.update(s, "utf8"), c.final()]);
}

async function resultsOf(labCode: string, day: string) {
  // ok: unfiltered-extraction
  return db("resultats").select("ipp", "code", "valeur").where({ lab_code: labCode, jour: day });
}

export async function pushAll(day: string): Promise<void> {
  for (const [labCode, t] of Object.entries(targets)) {
    const rows = await resultsOf(labCode, day);
    const client = new Client();
    try {
      // ruleid: plaintext-transfer
      // ok: anonymous-access
      await client.access({ host: t.host, port: t.port ?? 21, user: t.user, password: passwordOf(t) });
      await client.ensureDir(t.remoteDir);
      // ok: unencrypted-patient-write
      await client.uploadFrom(Readable.from(encrypt(JSON.stringify(rows))), `${day}.bin`);
      // ruleid: unencrypted-patient-write
      await client.uploadFrom(Readable.from(rows.map((r) => `${r.ipp};${r.code};${r.valeur}`)), `${day}.csv`);
    } finally {
      client.close();
    }
  }
}
