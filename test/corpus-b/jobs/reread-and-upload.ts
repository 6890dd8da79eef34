// Two-step job: step 1 writes the extract, step 2 reads that file back, reshapes it and
// posts it; the data read from the file is still patient data.
import axios from "axios";
import { readFile, writeFile, unlink } from "fs/promises";
import { Client as PgClient } from "pg";

const EXTRACT = "/var/lib/migration/extract.json";

async function step1(): Promise<void> {
  const pg = new PgClient();
  await pg.connect();
  try {
    const { rows } = await pg.query(
      // ruleid: unfiltered-extraction
      "SELECT ipp, nom, prenom, ddn, medecin FROM patients",
    );
    // ruleid: unencrypted-patient-write
    await writeFile(EXTRACT, JSON.stringify(rows));
  } finally {
    await pg.end();
  }
}

async function step2(): Promise<void> {
  const raw = await readFile(EXTRACT, "utf8");
  const records: Array<Record<string, string>> = JSON.parse(raw);
  const lines = records.map((r) => `${r.ipp}|${r.nom}|${r.prenom}|${r.ddn}`);
  try {
    // ok: unencrypted-patient-write (request body over verified TLS: encrypted in transit, not a stored copy)
    // ok: plaintext-transfer
    // ok: no-delete-after-transfer
    await axios.post("https://import.nouveau-sil.example/api/batch", lines.join("\n"), {
      headers: { "Content-Type": "text/plain", Authorization: `Bearer ${process.env.IMPORT_TOKEN}` },
    });
  } finally {
    await unlink(EXTRACT);
  }
}

export async function run(): Promise<void> {
  await step1();
  await step2();
}
