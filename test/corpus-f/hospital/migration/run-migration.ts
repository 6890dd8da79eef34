import SftpClient from "ssh2-sftp-client";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pool } from "../../lib/db";
import { extractDossiers, extractParametres } from "./extract";
import { writeDossiersCsv, writeManifest, writeParametresJson } from "./load";

/** Migration DXLAB -> new LIS for one laboratory. */
export async function runMigration(labId: string): Promise<void> {
  const [dossiers, params] = await Promise.all([extractDossiers(pool, labId), extractParametres(pool)]);

  const dir = await mkdtemp(join(tmpdir(), `migration-${labId}-`));
  const dossiersFile = join(dir, "dossiers.csv");
  const paramsFile = join(dir, "parametres.json");
  const manifestFile = join(dir, "MANIFEST");

  await writeDossiersCsv(dossiersFile, dossiers);
  await writeParametresJson(paramsFile, params);
  await writeManifest(manifestFile, { dossiers: dossiers.length, parametres: params.length });

  const sftp = new SftpClient();
  await sftp.connect({
    host: "sftp.newlis.example.com",
    // ok: hardcoded-credentials
    username: "migration",
    // ruleid: hardcoded-credentials
    password: "Migr@tion2022",
  });
  const remote = `/import/${labId}`;
  await sftp.mkdir(remote, true);
  // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
  // ruleid: no-delete-after-transfer
  await sftp.put(dossiersFile, `${remote}/dossiers.csv`);
  // ok: unencrypted-patient-write
  // ruleid: no-delete-after-transfer
  await sftp.put(paramsFile, `${remote}/parametres.json`);
  // ok: unencrypted-patient-write
  // ruleid: no-delete-after-transfer
  await sftp.put(manifestFile, `${remote}/MANIFEST`);
  await sftp.end();
  console.log(`migration ${labId}: ${dossiers.length} dossiers in ${dir}`);
}

if (require.main === module) {
  const labId = process.argv[2];
  if (!labId) throw new Error("usage: run-migration <labId>");
  runMigration(labId).finally(() => pool.end());
}
