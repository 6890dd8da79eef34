// Migration of laboratory A (instruction LAB-A-2020-09).
// Each extract is sealed with AES-256-GCM in memory, written with owner-only rights,
// sent over SFTP and removed locally whatever happens.
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import type SftpClient from "ssh2-sftp-client";
import { openSource } from "../../db";
import { sealBuffer } from "../../crypto";
import { openSftp } from "../../sftp";
import { extractAnalyses, extractPatients } from "./extract";

async function sealAndSend(sftp: SftpClient, name: string, rows: object[]): Promise<void> {
  const file = join(tmpdir(), `lab-a-${name}-${process.pid}.csv.enc`);
  try {
    const sealed = sealBuffer(Buffer.from(stringify(rows, { header: true, delimiter: ";" })));
    await writeFile(file, sealed, { mode: 0o600 });
    await sftp.fastPut(file, `/import/lab-a/${name}.csv.enc`);
  } finally {
    await rm(file, { force: true });
  }
}

export async function migrateLabA(): Promise<void> {
  const pool = openSource("A");
  const sftp = await openSftp();
  try {
    const patients = await extractPatients(pool);
    await sealAndSend(sftp, "patients", patients);
    const analyses = await extractAnalyses(pool);
    await sealAndSend(sftp, "analyses", analyses);
    console.log(`LAB-A: ${patients.length} patients, ${analyses.length} analyses transferred`);
  } finally {
    await sftp.end();
    await pool.end();
  }
}

if (require.main === module) {
  migrateLabA().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
