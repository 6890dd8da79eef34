// Second job using the barrel: full analysis dump written with a write stream, one line per row.
import { createWriteStream } from "fs";
import knex from "knex";
import { analysisRepository } from "../repositories";

const db = knex({ client: "pg", connection: process.env.DATABASE_URL });

export async function dumpAnalyses(out: string): Promise<number> {
  const repo = analysisRepository(db);
  const rows = await repo.everything();
  const ws = createWriteStream(out, { encoding: "utf8" });
  let n = 0;
  for (const r of rows) {
    const line = [r.patientId, r.nir, r.code, r.valeur, (r.commentaire ?? "").replace(/\n/g, " ")].join("\t");
    // ruleid: unencrypted-patient-write
    ws.write(line + "\n");
    n++;
  }
  ws.end();
  return n;
}

export async function dumpReference(out: string): Promise<void> {
  const codes = await analysisRepository(db).referenceCodes();
  const ws = createWriteStream(out);
  // ok: unencrypted-patient-write
  ws.end(JSON.stringify(codes));
}
