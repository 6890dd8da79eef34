// Clean end-to-end migration: instructed columns and rows only, json2csv, encryption, FTPS with
// credentials from the environment, local file deleted in finally, audit line at the end.
import { Client } from "basic-ftp";
import { createCipheriv, randomBytes } from "crypto";
import { promises as fs } from "fs";
import { Parser } from "json2csv";
import knex from "knex";
import os from "os";
import path from "path";

const db = knex({
  client: "pg",
  connection: {
    host: process.env.PGHOST,
    user: process.env.PGUSER,
    // ok: hardcoded-credentials
    password: process.env.PGPASSWORD,
    database: process.env.PGDATABASE,
  },
});

const INSTRUCTED_FIELDS = ["ipp", "nom", "prenom", "date_naissance", "sexe"] as const;

function encrypt(text: string): Buffer {
  const key = Buffer.from(process.env.MIGRATION_KEY!, "hex");
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([c.update(text, "utf8"), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]);
}

export async function migrate(labId: number, seenAfter: string): Promise<void> {
  // ok: unfiltered-extraction
  const rows = await db("patients")
    .select(...INSTRUCTED_FIELDS)
    .where("lab_id", labId)
    .andWhere("derniere_visite", ">", seenAfter);

  const csv = new Parser({ fields: [...INSTRUCTED_FIELDS] }).parse(rows);
  const file = path.join(os.tmpdir(), `migration-${labId}-${Date.now()}.csv.enc`);
  // ok: unencrypted-patient-write
  await fs.writeFile(file, encrypt(csv), { mode: 0o600 });

  const client = new Client();
  try {
    // ok: plaintext-transfer
    // ok: anonymous-access
    await client.access({
      host: process.env.FTPS_HOST,
      user: process.env.FTPS_USER,
      // ok: hardcoded-credentials
      password: process.env.FTPS_PASSWORD,
      secure: true,
    });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await client.uploadFrom(file, `/migration/${path.basename(file)}`);
  } finally {
    client.close();
    await fs.rm(file, { force: true });
  }
  console.log(JSON.stringify({ event: "migration.sent", labId, rows: rows.length, at: new Date().toISOString() }));
}
