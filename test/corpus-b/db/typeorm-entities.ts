// TypeORM entity with personal columns; the export loops with for...of and appends per row.
import { appendFileSync, writeFileSync } from "fs";
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "patient" })
export class Patient {
  @PrimaryGeneratedColumn() id!: number;
  @Column() numeroSecu!: string;
  @Column() nom!: string;
  @Column() prenom!: string;
  @Column() email!: string;
  @Column({ type: "date" }) dateNaissance!: string;
  @Column({ nullable: true }) commentaireMedical?: string;
  @Column({ default: false }) consentEmail!: boolean;
}

const ds = new DataSource({
  type: "mysql",
  url: process.env.LIS_URL,
  entities: [Patient],
});

export async function dumpAll(out: string): Promise<void> {
  const repo = ds.getRepository(Patient);
  // ruleid: unfiltered-extraction
  const list = await repo.find();
  // ok: unencrypted-patient-write
  writeFileSync(out, "");
  for (const p of list) {
    // ruleid: unencrypted-patient-write
    appendFileSync(out, `${p.numeroSecu};${p.nom};${p.prenom};${p.email};${p.commentaireMedical ?? ""}\n`);
  }
}

export async function mailingList(): Promise<string[]> {
  const repo = ds.getRepository(Patient);
  // ok: unfiltered-extraction
  const list = await repo.find({
    select: { id: true, email: true },
    where: { consentEmail: true },
  });
  return list.map((p) => p.email);
}

export async function countAdults(): Promise<number> {
  // ok: unfiltered-extraction
  const [{ n }] = await ds.query("SELECT COUNT(*) AS n FROM patient WHERE date_naissance < NOW() - INTERVAL 18 YEAR");
  return Number(n);
}

export async function dumpOne(id: number, out: string): Promise<void> {
  // ok: unfiltered-extraction
  const p = await ds.getRepository(Patient).findOne({ where: { id }, select: { id: true, nom: true, prenom: true } });
  // ruleid: unencrypted-patient-write
  writeFileSync(out, JSON.stringify(p));
}
