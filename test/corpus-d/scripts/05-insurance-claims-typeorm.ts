// Quarterly file for the reinsurer (treaty 2021-R-07).
import "reflect-metadata";
import { DataSource, Entity, PrimaryColumn, Column } from "typeorm";
import { createWriteStream } from "fs";
import { once } from "events";
import PromiseFtp from "promise-ftp";

@Entity({ name: "policyholders" })
class Policyholder {
  @PrimaryColumn() policyNumber!: string;
  @Column() lastName!: string;
  @Column() firstName!: string;
  @Column() birthDate!: string;
  @Column() socialSecurityNumber!: string;
  @Column() address!: string;
  @Column({ nullable: true }) medicalNotes?: string;
}

const dataSource = new DataSource({
  type: "postgres",
  host: "claims-db.assur.local",
  username: "claims_rw",
  // ruleid: hardcoded-credentials
  password: "claims_rw_2021",
  database: "claims",
  entities: [Policyholder],
});

async function exportForReinsurer(): Promise<void> {
  await dataSource.initialize();
  const repo = dataSource.getRepository(Policyholder);
  // ruleid: unfiltered-extraction
  const holders = await repo.find();

  const localPath = `/srv/exports/reinsurer-${Date.now()}.tsv`;
  const out = createWriteStream(localPath);
  for (const h of holders) {
    // ruleid: unencrypted-patient-write
    out.write(`${h.policyNumber}\t${h.lastName}\t${h.firstName}\t${h.birthDate}\t${h.socialSecurityNumber}\t${h.address}\t${h.medicalNotes ?? ""}\n`);
  }
  out.end();
  await once(out, "finish");

  const ftp = new PromiseFtp();
  await ftp.connect({ host: "ftps.reassureur.example", user: process.env.REINS_USER, password: process.env.REINS_PASS, secure: true });
  // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
  // ruleid: no-delete-after-transfer
  await ftp.put(localPath, `/in/${localPath.split("/").pop()}`);
  await ftp.end();
  await dataSource.destroy();
}

exportForReinsurer().catch((err) => {
  console.error(err);
  process.exit(2);
});
