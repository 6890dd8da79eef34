/**
 * Dossiers de crédit immobilier d'une agence pour l'audit interne :
 * entité typée, lecture ciblée, écriture au travers d'un chiffrement en flux.
 */
import "reflect-metadata";
import { DataSource, Entity, Column, PrimaryColumn } from "typeorm";
import { createCipheriv, randomBytes } from "crypto";
import { createWriteStream } from "fs";
import { once } from "events";

@Entity("dossiers_credit")
export class DossierCredit {
  @PrimaryColumn() reference!: string;
  @Column() emprunteurNom!: string;
  @Column() emprunteurPrenom!: string;
  @Column() revenusAnnuels!: number;
  @Column() montant!: number;
  @Column() agence!: string;
  @Column() statut!: string;
}

const ds = new DataSource({ type: "postgres", url: process.env.CREDIT_DB_URL, entities: [DossierCredit] });

export async function exporterPourAudit(dossiers: DossierCredit[], out: string): Promise<void> {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", Buffer.from(process.env.AUDIT_KEY_HEX as string, "hex"), iv);
  const file = createWriteStream(out);
  // ok: unencrypted-patient-write
  file.write(iv);
  cipher.pipe(file);
  for (const d of dossiers) {
    // ok: unencrypted-patient-write
    cipher.write(`${d.reference};${d.emprunteurNom};${d.emprunteurPrenom};${d.revenusAnnuels};${d.montant}\n`);
  }
  cipher.end();
  await once(file, "finish");
}

async function main(agence: string): Promise<void> {
  await ds.initialize();
  // ok: unfiltered-extraction
  const dossiers = await ds.getRepository(DossierCredit).find({
    select: { reference: true, emprunteurNom: true, emprunteurPrenom: true, revenusAnnuels: true, montant: true },
    where: { agence, statut: "ACCORDE" },
  });
  // ok: unfiltered-extraction
  const [{ total }] = await ds.manager.query("SELECT COUNT(*) AS total FROM dossiers_credit WHERE agence = $1", [agence]);
  console.log(`${dossiers.length}/${total} dossiers accordés`);
  await exporterPourAudit(dossiers, `/srv/audit/credits_${agence}.enc`);
  await ds.destroy();
}

main(process.argv[2]).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
