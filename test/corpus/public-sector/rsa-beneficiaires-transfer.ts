// Monthly list of RSA beneficiaries for the départment's integration service.
import * as ftp from "basic-ftp";
import { PrismaClient } from "@prisma/client";
import { Parser } from "json2csv";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FTP_BASE = { host: "depot-rsa.departement-drome.fr", port: 21 };
const FIELDS = ["numeroAllocataire", "nir", "nom", "prenom", "adresse", "montantRsa", "foyer.nbEnfants"];

const prisma = new PrismaClient();

export async function transmettreBeneficiaires(mois: string): Promise<number> {
  // ruleid: unfiltered-extraction
  const allocataires = await prisma.allocataire.findMany({ include: { foyer: true } });
  const csv = new Parser({ fields: FIELDS, delimiter: ";" }).parse(allocataires);

  const dir = await mkdtemp(join(tmpdir(), "rsa-"));
  const fichier = join(dir, `beneficiaires_${mois}.csv`);
  // ruleid: unencrypted-patient-write
  await writeFile(fichier, csv, "utf8");

  const client = new ftp.Client();
  // ruleid: plaintext-transfer
  // ruleid: anonymous-access
  await client.access({ ...FTP_BASE });
  try {
    await client.ensureDir(`/rsa/${mois}`);
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await client.uploadFrom(fichier, "beneficiaires.csv");
  } finally {
    client.close();
  }

  // ok: unfiltered-extraction
  const nb = await prisma.allocataire.count();
  return nb;
}
