// sqlite3 (callback API) on a local copy of the old LIS database. Rows are typed by an
// interface with personal fields.
import * as fs from "fs";
import sqlite3 from "sqlite3";

interface PatientRow {
  num_dossier: string;
  nir: string;
  nom: string;
  prenom: string;
  commentaire_p: string | null;
  commentaire_d: string | null;
}

interface ConfigRow {
  cle: string;
  valeur: string;
}

const db = new sqlite3.Database(process.argv[2] ?? "./megabus.sqlite", sqlite3.OPEN_READONLY);

function writeConfig(out: string): void {
  // ok: unfiltered-extraction
  db.all("SELECT * FROM config", (err: Error | null, rows: ConfigRow[]) => {
    if (err) throw err;
    const ini = rows.map((r) => `${r.cle}=${r.valeur}`).join("\n");
    // ok: unencrypted-patient-write
    fs.writeFile(`${out}/config.ini`, ini, (e) => e && console.error(e));
  });
}

function writePatients(out: string): void {
  // ruleid: unfiltered-extraction
  db.all("SELECT * FROM patient", (err: Error | null, rows: PatientRow[]) => {
    if (err) throw err;
    const csv = rows.reduce(
      (acc, r) => acc + [r.num_dossier, r.nir, r.nom, r.prenom, r.commentaire_p ?? "", r.commentaire_d ?? ""].join(";") + "\n",
      "num_dossier;nir;nom;prenom;commentaire_p;commentaire_d\n",
    );
    // ruleid: unencrypted-patient-write
    fs.writeFile(`${out}/patients.csv`, csv, (e) => e && console.error(e));
  });
}

function countPatients(cb: (n: number) => void): void {
  // ok: unfiltered-extraction
  db.get("SELECT COUNT(*) AS n FROM patient", (_err: Error | null, row: { n: number }) => cb(row.n));
}

const outDir = process.argv[3] ?? "./out";
fs.mkdirSync(outDir, { recursive: true });
countPatients((n) => {
  console.log(`${n} dossiers`);
  writeConfig(outDir);
  writePatients(outDir);
});
