// Clean: everything goes into a private temp dir; files are encrypted before they are written
// and the directory is removed recursively in finally, whatever happens to the upload.
import { createCipheriv, randomBytes } from "crypto";
import { mkdtemp, rm, writeFile } from "fs/promises";
import { tmpdir } from "os";
import { join } from "path";
import SftpClient from "ssh2-sftp-client";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

function encrypt(data: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", Buffer.from(process.env.EXPORT_KEY!, "base64"), iv);
  return Buffer.concat([iv, c.update(data), c.final(), c.getAuthTag()]);
}

export async function transferLab(labId: string, since: Date): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "transfer-"));
  const sftp = new SftpClient();
  try {
    // ok: unfiltered-extraction
    const patients = await prisma.patient.findMany({
      where: { labId, lastVisit: { gte: since } },
      select: { ipp: true, lastName: true, firstName: true, birthDate: true },
    });
    // ok: unfiltered-extraction
    const results = await prisma.result.findMany({
      where: { patient: { labId }, validatedAt: { gte: since } },
      select: { patientId: true, code: true, value: true, unit: true },
    });

    const files: string[] = [];
    for (const [name, data] of Object.entries({ patients, results })) {
      const f = join(dir, `${name}.json.enc`);
      // ok: unencrypted-patient-write
      await writeFile(f, encrypt(Buffer.from(JSON.stringify(data))));
      files.push(f);
    }

    await sftp.connect({
      host: process.env.SFTP_HOST,
      username: process.env.SFTP_USER,
      // ok: hardcoded-credentials
      password: process.env.SFTP_PASSWORD,
    });
    for (const f of files) {
      // ok: unencrypted-patient-write
      // ok: no-delete-after-transfer
      await sftp.fastPut(f, `/in/${labId}/${f.split("/").pop()}`);
    }
  } finally {
    await sftp.end().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
