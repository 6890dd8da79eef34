// Writes the manifest of an already-encrypted batch. "patients", "dossier", "nir" are config values here.
import { writeFileSync, readdirSync } from "node:fs";
import path from "node:path";

// ok: hardcoded-credentials
const EXPORT_ROOT = process.env.EXPORT_ROOT ?? "/srv/exports";
// number of patients per batch file, from the runbook
const patients = Number(process.env.PATIENTS_PER_FILE ?? 5000);
// folder name, not a medical record
const dossier = path.join(EXPORT_ROOT, "dossier-2024-03");
// name of the NIR column in the target schema (mapping file only)
// ok: hardcoded-credentials
const nir = process.env.NIR_COLUMN ?? "num_secu";
// ok: hardcoded-credentials
const labIds: string[] = (process.env.LAB_IDS ?? "LAB01,LAB02").split(",");

const patientFiles = readdirSync(dossier).filter((f) => f.endsWith(".enc"));
const manifest = {
  batchSize: patients,
  files: patientFiles,
  mapping: { [nir]: "identifier.value", nom: "name.family", prenom: "name.given" },
  labs: labIds,
};

// ok: unencrypted-patient-write
writeFileSync(path.join(dossier, "manifest.json"), JSON.stringify(manifest, null, 2));
// ok: unencrypted-patient-write
writeFileSync(path.join(dossier, "README.txt"), `${patientFiles.length} files of up to ${patients} patients; NIR column: ${nir}\n`);
