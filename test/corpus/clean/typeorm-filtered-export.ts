// Export of one department's inpatient stays, encrypted on the fly.
import { DataSource, Entity, PrimaryColumn, Column, MoreThanOrEqual } from "typeorm";
import { Readable } from "node:stream";
import { createCipheriv, randomBytes } from "node:crypto";
import { createWriteStream, writeFileSync } from "node:fs";

@Entity("sejours")
class Sejour {
  @PrimaryColumn() id!: number;
  @Column() patientNom!: string;
  @Column() patientPrenom!: string;
  @Column() service!: string;
  @Column() diagnosticPrincipal!: string;
  @Column() entree!: Date;
}

const ds = new DataSource({ type: "mysql", url: process.env.PMSI_DB_URL, entities: [Sejour] });

export async function exportService(service: string, since: Date, target: string, key: Buffer): Promise<void> {
  await ds.initialize();
  // ok: unfiltered-extraction
  const stays = await ds.getRepository(Sejour).find({ select: { id: true, patientNom: true, patientPrenom: true, diagnosticPrincipal: true, entree: true }, where: { service, entree: MoreThanOrEqual(since) } });
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-ctr", key, iv);
  const lines = stays.map((s) => JSON.stringify(s) + "\n");
  // ok: unencrypted-patient-write
  writeFileSync(`${target}.iv`, iv.toString("hex"));
  // ok: unencrypted-patient-write
  Readable.from(lines).pipe(cipher).pipe(createWriteStream(target)).on("close", () => ds.destroy());
}
