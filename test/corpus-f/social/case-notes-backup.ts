import { Client } from "basic-ftp";
import { createWriteStream, unlink } from "node:fs";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { pool } from "../lib/db";

interface NoteRow {
  id: number;
  dossier_id: number;
  auteur: string;
  contenu: string;
  cree_le: Date;
}

/** Weekly backup of social workers' case notes to the county backup server. */
export async function backupNotes(service: string, file = `/var/backups/notes-${service}.jsonl.gz`): Promise<void> {
  // ruleid: unfiltered-extraction
  const { rows } = await pool.query<NoteRow>("SELECT * FROM dossiers_sociaux_notes WHERE service = $1", [service]);
  const lines = rows.map((r) => JSON.stringify({ ...r, cree_le: r.cree_le.toISOString() }) + "\n");

  // compressed, not encrypted
  // ruleid: unencrypted-patient-write
  await pipeline(Readable.from(lines), createGzip(), createWriteStream(file));

  const client = new Client();
  return client
    // ruleid: plaintext-transfer
    // ok: anonymous-access
    .access({ host: "backup.example-departement.fr", user: process.env.BACKUP_USER, password: process.env.BACKUP_PASSWORD })
    .then(() => client.ensureDir(`/notes/${service}`))
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ok: no-delete-after-transfer
    .then(() => client.uploadFrom(file, `notes-${new Date().toISOString().slice(0, 10)}.jsonl.gz`))
    .then(() => undefined)
    .finally(() => {
      client.close();
      unlink(file, () => undefined);
    });
}

/** Count of notes per author, for the team lead. */
export async function notesPerAuthor(service: string): Promise<Record<string, number>> {
  // ok: unfiltered-extraction
  const { rows } = await pool.query("SELECT auteur, COUNT(*)::int AS n FROM dossiers_sociaux_notes WHERE service = $1 GROUP BY auteur", [service]);
  return Object.fromEntries(rows.map((r: { auteur: string; n: number }) => [r.auteur, r.n]));
}
