// Migration of laboratory B (instruction LAB-B-2020-10).
// Written with the old support tooling: the export takes whole tables and drops the
// CSV files on the maintenance FTP, where the new vendor's team picks them up.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { openSource } from "../../db";
import { openPrivateZone, openPublicZone } from "./ftp-zones";

const OUT = "/var/tmp/migration/lab-b";

export async function migrateLabB(): Promise<void> {
  const pool = openSource("B");
  mkdirSync(OUT, { recursive: true });

  // The MEGABUS export tool only knows whole tables; commentaire_p / commentaire_d come along.
  // ruleid: unfiltered-extraction
  // ruleid: beyond-instructions
  const { rows: patients } = await pool.query("SELECT * FROM patients");
  // ok: unfiltered-extraction
  // ok: beyond-instructions
  const { rows: analyses } = await pool.query("SELECT id, patient_id, code_examen, date_prelevement, resultat, unite, statut FROM analyses WHERE statut = 'VALIDE'");
  // ok: unfiltered-extraction
  // ruleid: beyond-instructions
  const { rows: prescripteurs } = await pool.query("SELECT id, nom, prenom, rpps, telephone FROM prescripteurs WHERE actif = true");
  await pool.end();

  const patientsCsv = join(OUT, "patients.csv");
  const analysesCsv = join(OUT, "analyses.csv");
  const prescripteursCsv = join(OUT, "prescripteurs.csv");
  // ruleid: unencrypted-patient-write
  writeFileSync(patientsCsv, stringify(patients, { header: true, delimiter: ";" }));
  // ruleid: unencrypted-patient-write
  writeFileSync(analysesCsv, stringify(analyses, { header: true, delimiter: ";" }));
  // ruleid: unencrypted-patient-write
  writeFileSync(prescripteursCsv, stringify(prescripteurs, { header: true, delimiter: ";" }));

  const pub = await openPublicZone();
  try {
    await pub.ensureDir("/pub/migration-lab-b");
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await pub.uploadFrom(patientsCsv, "patients.csv");
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await pub.uploadFrom(analysesCsv, "analyses.csv");
  } finally {
    pub.close();
  }

  const priv = await openPrivateZone();
  try {
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await priv.uploadFrom(prescripteursCsv, "/support/lab-b/prescripteurs.csv");
  } finally {
    priv.close();
  }
}

if (require.main === module) {
  migrateLabB().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
