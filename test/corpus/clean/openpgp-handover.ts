// Handover of the active patient file to the new vendor, PGP-encrypted to their key.
import * as openpgp from "openpgp";
import { PrismaClient } from "@prisma/client";
import { readFile, rm, writeFile } from "node:fs/promises";
import SftpClient from "ssh2-sftp-client";

const prisma = new PrismaClient();

export async function handover(labId: string, since: Date): Promise<void> {
  // ok: unfiltered-extraction
  const patients = await prisma.patient.findMany({
    select: { id: true, nom: true, prenom: true, dateNaissance: true, sexe: true },
    where: { labId, derniereVisite: { gte: since } },
  });
  const publicKey = await openpgp.readKey({ armoredKey: await readFile(process.env.VENDOR_PUBKEY_PATH as string, "utf8") });
  const message = await openpgp.createMessage({ text: JSON.stringify(patients) });
  const armored = await openpgp.encrypt({ message, encryptionKeys: publicKey });

  const local = `/tmp/${labId}-patients.json.asc`;
  const sftp = new SftpClient();
  try {
    // ok: unencrypted-patient-write
    await writeFile(local, armored as string);
    await sftp.connect({
      host: process.env.VENDOR_SFTP_HOST,
      username: process.env.VENDOR_SFTP_USER,
      // ok: hardcoded-credentials
      privateKey: await readFile(process.env.VENDOR_SFTP_KEY as string),
    });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await sftp.fastPut(local, `/incoming/${labId}-patients.json.asc`);
  } finally {
    await rm(local, { force: true });
    await sftp.end();
  }
}
