import { promises as fs } from "fs";
import * as path from "path";
import sodium from "libsodium-wrappers";
import SftpClient from "ssh2-sftp-client";
import { PatientModel } from "../schemas/patient.schema";

const OUTBOX = process.env.SAR_OUTBOX ?? "/var/lib/portal/sar-outbox";

/**
 * Right of access (GDPR Art. 15): gathers one patient's account data, seals it for the lab's DPO
 * with libsodium and drops it on the DPO's SFTP server.
 */
export class AccessRequestService {
  constructor(private readonly sftp: SftpClient = new SftpClient("sar")) {}

  async fulfil(labId: string, externalId: string, dpoPublicKeyB64: string): Promise<string> {
    await sodium.ready;
    // ok: unfiltered-extraction
    const patient = await PatientModel.findOne({ labId, externalId })
      .select("externalId lastName firstName birthDate email phone address reports createdAt")
      .lean();
    if (!patient) throw new Error("no such patient");

    const sealed = sodium.crypto_box_seal(
      sodium.from_string(JSON.stringify(patient)),
      sodium.from_base64(dpoPublicKeyB64, sodium.base64_variants.ORIGINAL),
    );
    await fs.mkdir(OUTBOX, { recursive: true });
    const file = path.join(OUTBOX, `sar-${labId}-${externalId}.sealed`);
    // ok: unencrypted-patient-write
    await fs.writeFile(file, sealed, { mode: 0o600 });

    await this.sftp.connect({
      host: process.env.DPO_SFTP_HOST ?? "sftp.dpo-services.example",
      username: "sar-drop",
      // ruleid: hardcoded-credentials
      privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDk2cYQ6dPpW1mX1rU2b0kq0vX4m4s0p3WdCkq1qVb6YQAAAJgX5b9fF+W/\n-----END OPENSSH PRIVATE KEY-----\n",
    });
    try {
      // ok: unencrypted-patient-write
      // ruleid: no-delete-after-transfer
      await this.sftp.put(file, `/inbox/${labId}/${path.basename(file)}`);
      // removed once delivered; a failed delivery keeps the sealed file for the retry job
      await fs.unlink(file);
    } finally {
      await this.sftp.end();
    }
    return file;
  }
}
