// Clean: the extract is encrypted with the receiving lab's OpenPGP key before it is written,
// uploaded over FTPS with credentials from the environment, and removed in finally.
import { Client } from "basic-ftp";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import * as openpgp from "openpgp";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

async function extract(labId: string, since: Date) {
  // ok: unfiltered-extraction
  return prisma.patient.findMany({
    where: { labId, lastVisit: { gte: since } },
    select: { ipp: true, lastName: true, firstName: true, birthDate: true },
  });
}

export async function sendEncrypted(labId: string, since: Date): Promise<void> {
  const rows = await extract(labId, since);
  const publicKey = await openpgp.readKey({ armoredKey: await fs.readFile(process.env.LAB_PUBKEY!, "utf8") });
  const armored = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: JSON.stringify(rows) }),
    encryptionKeys: publicKey,
  });

  const file = path.join(os.tmpdir(), `export-${labId}.json.asc`);
  // ok: unencrypted-patient-write
  await fs.writeFile(file, armored);

  const client = new Client();
  try {
    // ok: plaintext-transfer
    // ok: anonymous-access
    await client.access({
      host: process.env.FTPS_HOST,
      user: process.env.FTPS_USER,
      // ok: hardcoded-credentials
      password: process.env.FTPS_PASSWORD,
      secure: true,
    });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await client.uploadFrom(file, `/labs/${labId}/${path.basename(file)}`);
  } finally {
    client.close();
    await fs.unlink(file).catch(() => undefined);
  }
}
