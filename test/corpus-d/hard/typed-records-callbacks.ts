// Archiving helper called by the DPI decommissioning job; data arrives typed, not from a query here.
import * as fs from "node:fs";

export interface PatientRecord {
  ipp: string;
  nir: string;
  nom: string;
  prenom: string;
  dateNaissance: string;
  diagnostic: string;
  commentaire?: string;
}

type BatchHandler<T> = (batch: T[], index: number) => void;

function forEachBatch<T>(items: T[], size: number, handler: BatchHandler<T>): void {
  for (let i = 0; i * size < items.length; i++) handler(items.slice(i * size, (i + 1) * size), i);
}

function line({ ipp, nir: numSecu, nom, prenom, dateNaissance: ddn, diagnostic }: PatientRecord): string {
  return `${ipp}|${numSecu}|${nom.toUpperCase()}|${prenom}|${ddn}|${diagnostic}`;
}

export function archiveRecords(records: PatientRecord[], target: string): void {
  const fd = fs.openSync(target, "w");
  try {
    forEachBatch(records, 500, (batch) => {
      const chunks = batch.map((r) => Buffer.from(line(r) + "\n", "latin1"));
      // ruleid: unencrypted-patient-write
      fs.writeSync(fd, Buffer.concat(chunks));
    });
  } finally {
    fs.closeSync(fd);
  }
}

export function appendAudit(records: PatientRecord[], auditFile: string): void {
  // ok: unencrypted-patient-write
  fs.appendFileSync(auditFile, `${new Date().toISOString()} archived ${records.length} records\n`);
}
