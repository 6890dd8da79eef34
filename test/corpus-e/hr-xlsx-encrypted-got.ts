/**
 * Envoi à la médecine du travail de la liste des visites à planifier :
 * classeur xlsx en mémoire, chiffré OpenPGP par mot de passe, posté en HTTPS.
 */
import * as XLSX from "xlsx";
import * as openpgp from "openpgp";
import got from "got";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

export async function envoyerVisites(site: string, avant: Date): Promise<void> {
  // ok: unfiltered-extraction
  const salaries = await prisma.salarie.findMany({
    select: { matricule: true, nom: true, prenom: true, poste: true, dateDerniereVisite: true },
    where: { site, dateDerniereVisite: { lt: avant }, actif: true },
    orderBy: { nom: "asc" },
  });

  const aoa = [["Matricule", "Nom", "Prénom", "Poste", "Dernière visite"]];
  for (const s of salaries) {
    aoa.push([s.matricule, s.nom, s.prenom, s.poste, s.dateDerniereVisite?.toISOString().slice(0, 10) ?? ""]);
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), "Visites");
  const xlsx: Buffer = XLSX.write(wb, { type: "buffer", bookType: "xlsx" });

  const encrypted = await openpgp.encrypt({
    message: await openpgp.createMessage({ binary: new Uint8Array(xlsx) }),
    passwords: [process.env.MEDECINE_TRAVAIL_PASSPHRASE as string],
    format: "binary",
  });

  // ok: plaintext-transfer
  // ok: unencrypted-patient-write
  await got.post("https://depot.sante-travail.example.fr/api/visites", {
    body: Buffer.from(encrypted as Uint8Array),
    headers: { "content-type": "application/pgp-encrypted", "x-site": site },
    // ok: plaintext-transfer
    https: { rejectUnauthorized: true },
  });
}

envoyerVisites(process.argv[2], new Date(Date.now() - 2 * 365 * 86400000))
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => prisma.$disconnect());
