/**
 * Transfert des dossiers d'un laboratoire vers le nouvel éditeur :
 * champs listés dans l'ordre de mission, chiffrement OpenPGP, dépôt SFTP.
 */
import * as openpgp from "openpgp";
import { PrismaClient } from "@prisma/client";
import SftpClient from "ssh2-sftp-client";
import { readFile } from "fs/promises";

const prisma = new PrismaClient();

export async function transferDossiers(laboId: string): Promise<void> {
  // ok: unfiltered-extraction
  const laboratoires = await prisma.laboratoire.findMany();
  // ok: unfiltered-extraction
  const dossiers = await prisma.patient.findMany({
    select: { id: true, nom: true, prenom: true, dateNaissance: true, sexe: true },
    where: { laboId, derniereVisite: { gte: new Date("2017-05-07") } },
  });
  const labo = laboratoires.find((l) => l.id === laboId);

  const publicKey = await openpgp.readKey({ armoredKey: await readFile(process.env.LAB_PGP_PUBKEY as string, "utf8") });
  const encrypted = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: JSON.stringify({ labo: labo?.finess, dossiers }) }),
    encryptionKeys: publicKey,
  });

  const sftp = new SftpClient();
  await sftp.connect({
    host: process.env.LAB_SFTP_HOST,
    username: process.env.LAB_SFTP_USER,
    // ok: hardcoded-credentials
    privateKey: await readFile(process.env.LAB_SFTP_KEY as string),
    // ok: hardcoded-credentials
    passphrase: process.env.LAB_SFTP_KEY_PASSPHRASE,
  });
  try {
    // ok: unencrypted-patient-write
    await sftp.put(Buffer.from(encrypted as string), `/migration/${laboId}/dossiers.json.asc`);
  } finally {
    await sftp.end();
  }
}

transferDossiers(process.argv[2])
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => prisma.$disconnect());
