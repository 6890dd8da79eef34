// Export job: repositories come through the barrel (../repositories/index.ts), the
// sealed writer from ../lib/seal.ts. The "full" mode dumps everything then filters in JS.
import knex from "knex";
import Papa from "papaparse";
import { writeFile } from "fs/promises";
import { createRepositories, makePatientRepository, type Patient } from "../repositories";
import { writeSealed } from "../lib/seal";

const db = knex({
  client: "mysql2",
  connection: {
    host: process.env.DB_HOST,
    user: process.env.DB_USER,
    // ok: hardcoded-credentials
    password: process.env.DB_PASSWORD,
    database: "lis",
  },
});

function keepRequested(list: Patient[], cutoff: Date): Patient[] {
  // rows are thrown away only after the whole table has been read
  return list.filter((p) => new Date(p.dateNaissance) >= cutoff);
}

export async function fullMode(outFile: string): Promise<void> {
  const repo = makePatientRepository(db);
  const everyone = await repo.all();
  const kept = keepRequested(everyone, new Date("2017-05-07"));
  const csv = Papa.unparse(kept, { delimiter: ";" });
  // ruleid: unencrypted-patient-write
  await writeFile(outFile, csv, "utf8");
}

export async function incrementalMode(labId: number, since: string, outFile: string): Promise<void> {
  const { patients, analyses } = createRepositories(db);
  const list = await patients.seenSince(labId, since);
  const results = await analyses.forPatients(list.map((p) => p.id));
  await writeSealed(outFile, { patients: list, results });
}

export async function stats(): Promise<void> {
  const { patients } = createRepositories(db);
  console.table(await patients.countByLab());
}
