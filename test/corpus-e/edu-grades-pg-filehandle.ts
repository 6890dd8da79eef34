/**
 * Génération des relevés de notes de fin de semestre (fichiers plats pour l'imprimeur).
 */
import { Client } from "pg";
import { open } from "fs/promises";
import { stringify } from "csv-stringify/sync";

interface NoteRow {
  ine: string;
  nom: string;
  prenom: string;
  matiere: string;
  note: number;
  appreciation: string;
}

const client = new Client({ connectionString: process.env.SCOLARITE_DB_URL });

function fetchNotes(cb: (err: Error | null, rows?: NoteRow[]) => void): void {
  client.query(
    // ruleid: unfiltered-extraction
    "SELECT e.ine, e.nom, e.prenom, n.matiere, n.note, n.appreciation FROM notes n JOIN etudiants e ON e.id = n.etudiant_id",
    (err: Error | null, res: { rows: NoteRow[] }) => (err ? cb(err) : cb(null, res.rows))
  );
}

function fetchMoyennes(cb: (err: Error | null, rows?: unknown[]) => void): void {
  // ok: unfiltered-extraction
  client.query("SELECT matiere, AVG(note) AS moyenne, COUNT(*) AS copies FROM notes GROUP BY matiere", (err: Error | null, res: { rows: unknown[] }) =>
    err ? cb(err) : cb(null, res.rows)
  );
}

async function writeReleves(rows: NoteRow[], out: string): Promise<void> {
  const fh = await open(out, "w");
  try {
    // ok: unencrypted-patient-write
    await fh.write("ine;nom;prenom;matiere;note\n");
    for (const r of rows) {
      // ruleid: unencrypted-patient-write
      await fh.write(`${r.ine};${r.nom};${r.prenom};${r.matiere};${r.note}\n`);
    }
  } finally {
    await fh.close();
  }
}

async function writeAppreciations(rows: NoteRow[], out: string): Promise<void> {
  const fh = await open(out, "w", 0o640);
  try {
    // ruleid: unencrypted-patient-write
    await fh.writeFile(stringify(rows, { header: true, columns: ["ine", "nom", "matiere", "appreciation"] }));
  } finally {
    await fh.close();
  }
}

client.connect((err) => {
  if (err) throw err;
  fetchMoyennes((e, moyennes) => console.table(moyennes));
  fetchNotes(async (e, rows) => {
    if (e || !rows) return console.error(e);
    await writeReleves(rows, "/srv/impression/releves.csv");
    await writeAppreciations(rows, "/srv/impression/appreciations.csv");
    await client.end();
  });
});
