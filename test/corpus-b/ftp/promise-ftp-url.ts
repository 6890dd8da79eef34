// Drop-box address kept as a single URL constant, credentials embedded in it.
import { PrismaClient } from "@prisma/client";
import { stringify } from "csv-stringify/sync";
import { createReadStream, promises as fs } from "fs";
import PromiseFtp from "promise-ftp";

// ruleid: plaintext-transfer
// ruleid: hardcoded-credentials
const DROP_URL = "ftp://transfert:Tr4nsf3rt!@ftp.biolab-partner.example:21/entrant";

// ok: plaintext-transfer
// The old server (ftp://ftp.dxlab-old.example/pub) was switched off in 2021.
const prisma = new PrismaClient();

export async function transfer(labId: string): Promise<void> {
  // ok: unfiltered-extraction
  const patients = await prisma.patient.findMany({
    where: { labId, consentMigration: true },
    select: { ipp: true, lastName: true, firstName: true, birthDate: true },
  });
  const csv = stringify(patients, { header: true, delimiter: ";" });
  const file = `/tmp/migration-${labId}.csv`;
  // ruleid: unencrypted-patient-write
  await fs.writeFile(file, csv);

  const url = new URL(DROP_URL);
  const ftp = new PromiseFtp();
  try {
    await ftp.connect({
      host: url.hostname,
      port: Number(url.port || 21),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      secure: true,
    });
    // ruleid: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await ftp.put(createReadStream(file), `${url.pathname}/migration-${labId}.csv`);
  } finally {
    await ftp.end();
    await fs.rm(file, { force: true });
  }
}

export async function healthcheck(): Promise<boolean> {
  // ok: plaintext-transfer
  const res = await fetch("http://localhost:9100/metrics"); // local exporter, never leaves the host
  return res.ok;
}
