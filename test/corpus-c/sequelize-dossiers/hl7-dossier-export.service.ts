import { Client } from "basic-ftp";
import { mkdir, writeFile } from "fs/promises";
import * as path from "path";
import { Dossier } from "./models/dossier.model";
import { DossierRepository, MigrationScope } from "./dossier.repository";

const OUT_DIR = process.env.HL7_OUT_DIR ?? "/opt/dxlab-migration/out";

function hl7Date(d: string | Date): string {
  const iso = typeof d === "string" ? d : d.toISOString();
  return iso.replace(/[-:T]/g, "").slice(0, 8);
}

/** One ADT^A28 (add person information) message per patient file, for the new LIS. */
function toAdtA28(d: Dossier, controlId: string): string {
  const sex = d.sexe === "I" ? "U" : d.sexe;
  return [
    `MSH|^~\\&|DXLAB|LAB${d.laboratoireId}|NEWLIS|LAB${d.laboratoireId}|${hl7Date(new Date())}||ADT^A28^ADT_A05|${controlId}|P|2.5`,
    `EVN|A28|${hl7Date(new Date())}`,
    `PID|1||${d.numeroDossier}^^^DXLAB^PI||${d.nom}^${d.prenom}||${hl7Date(d.dateNaissance)}|${sex}`,
    `IN1|1|${d.caisseAssurance ?? ""}`,
  ].join("\r");
}

export class Hl7DossierExportService {
  constructor(private readonly repo: DossierRepository) {}

  async exportScope(scope: MigrationScope): Promise<string> {
    const dossiers = await this.repo.dossiersInScope(scope);
    const batch = dossiers.map((d, i) => toAdtA28(d, `MIG${scope.laboratoireId}-${i + 1}`)).join("\n");

    await mkdir(OUT_DIR, { recursive: true });
    const file = path.join(OUT_DIR, `adt-lab${scope.laboratoireId}-${Date.now()}.hl7`);
    // ruleid: unencrypted-patient-write
    await writeFile(file, batch, "latin1");

    const client = new Client(30_000);
    client.ftp.verbose = process.env.FTP_DEBUG === "1";
    try {
      // ruleid: plaintext-transfer
      await client.access({
        host: process.env.NEWLIS_FTP_HOST ?? "maintenance.newlis-editeur.fr",
        port: 21,
        user: process.env.NEWLIS_FTP_USER,
        // ok: hardcoded-credentials
        password: process.env.NEWLIS_FTP_PASSWORD,
      });
      await client.ensureDir(`/migrations/lab${scope.laboratoireId}`);
      // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
      // ruleid: no-delete-after-transfer
      await client.uploadFrom(file, path.basename(file));
    } finally {
      client.close();
    }
    console.log(`[migration] lab ${scope.laboratoireId}: ${dossiers.length} dossiers sent as ${path.basename(file)}`);
    return file;
  }
}
