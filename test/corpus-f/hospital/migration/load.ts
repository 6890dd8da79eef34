import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { DossierRow, ParametreRow } from "./extract";

const HEADER = ["id", "nir", "nom", "prenom", "naissance", "commentaire_p", "commentaire_d"];

function toRecord(r: DossierRow): string[] {
  return [
    String(r.id),
    r.nir,
    r.nom.toUpperCase(),
    r.prenom,
    r.date_naissance,
    r.commentaire_p ?? "",
    r.commentaire_d ?? "",
  ];
}

/** Writes the dossiers in the CSV layout expected by the new LIS importer. */
export async function writeDossiersCsv(file: string, rows: DossierRow[]): Promise<void> {
  const records = rows.map(toRecord);
  // ruleid: unencrypted-patient-write
  await pipeline(Readable.from(records), stringify({ header: true, columns: HEADER, delimiter: ";" }), createWriteStream(file));
}

/** Reference parameters as JSON. */
export async function writeParametresJson(file: string, params: ParametreRow[]): Promise<void> {
  const byCode = Object.fromEntries(params.map((p) => [p.code, { libelle: p.libelle, unite: p.unite }]));
  // ok: unencrypted-patient-write
  await writeFile(file, JSON.stringify(byCode, null, 2), "utf8");
}

/** Manifest listing what was produced (counts only). */
export async function writeManifest(file: string, counts: Record<string, number>): Promise<void> {
  const lines = Object.entries(counts).map(([k, v]) => `${k}=${v}`);
  // ok: unencrypted-patient-write
  await writeFile(file, lines.join("\n") + "\n");
}
