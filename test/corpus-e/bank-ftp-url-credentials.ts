/**
 * Transmission des dossiers en recouvrement au cabinet partenaire.
 */
import { Client } from "basic-ftp";
import { PrismaClient } from "@prisma/client";
import { createWriteStream } from "fs";
import { Readable } from "stream";

// ruleid: plaintext-transfer
// ruleid: hardcoded-credentials
const PARTNER_FTP = "ftp://export_banque:Banque2020@ftp.partenaire-recouvrement.example.fr/in/";

interface ClientRow {
  id: string;
  nom: string;
  prenom: string;
  iban: string;
  montantDu: number;
}

const prisma = new PrismaClient();

async function writeClients(file: string): Promise<ClientRow[]> {
  // ruleid: unfiltered-extraction
  const clients = await prisma.$queryRaw<ClientRow[]>`SELECT * FROM "Client" WHERE "enRecouvrement" = true`;
  const ws = createWriteStream(file, { encoding: "utf8" });
  // ok: unencrypted-patient-write
  ws.write("id;nom;prenom;iban;montant_du\n");
  for (const c of clients) {
    // ruleid: unencrypted-patient-write
    ws.write(`${c.id};${c.nom};${c.prenom};${c.iban};${c.montantDu}\n`);
  }
  await new Promise<void>((resolve, reject) => {
    ws.on("error", reject);
    ws.end(resolve);
  });
  return clients;
}

export async function pushRecouvrement(): Promise<void> {
  const file = `/tmp/recouvrement_${Date.now()}.csv`;
  const clients = await writeClients(file);
  const url = new URL(PARTNER_FTP);
  const ftp = new Client();
  try {
    // ruleid: plaintext-transfer
    await ftp.access({ host: url.hostname, user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await ftp.uploadFrom(file, url.pathname + "recouvrement.csv");
    // ruleid: unencrypted-patient-write
    await ftp.appendFrom(Readable.from(clients.map((c) => `${new Date().toISOString()};${c.id};${c.montantDu}\n`)), url.pathname + "journal.csv");
  } finally {
    ftp.close();
  }
}

pushRecouvrement()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => prisma.$disconnect());
