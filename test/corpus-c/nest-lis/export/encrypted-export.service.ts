import { Injectable, Logger } from "@nestjs/common";
import { createCipheriv, randomBytes } from "crypto";
import { createWriteStream } from "fs";
import { mkdtemp, rm, writeFile } from "fs/promises";
import { tmpdir } from "os";
import * as path from "path";
import { Readable } from "stream";
import { pipeline } from "stream/promises";
import SftpClient from "ssh2-sftp-client";
import { hubTarget } from "../config/sftp.config";
import { ExportWindow, PatientsRepository } from "../patients/patients.repository";
import { KeyService } from "../crypto/key.service";

/**
 * Incremental export of one site: the columns listed in the lab's instructions, encrypted with
 * AES-256-GCM before touching the disk, the data key wrapped for the hub, the temp folder removed
 * whatever happens.
 */
@Injectable()
export class EncryptedExportService {
  private readonly log = new Logger(EncryptedExportService.name);

  constructor(
    private readonly patients: PatientsRepository,
    private readonly keys: KeyService,
    private readonly sftp: SftpClient,
  ) {}

  async exportSite(window: ExportWindow): Promise<string> {
    const rows = await this.patients.findInWindow(window);
    const dir = await mkdtemp(path.join(tmpdir(), "hub-export-"));
    const name = `site-${window.siteId}-${window.since.toISOString().slice(0, 10)}`;
    const encPath = path.join(dir, `${name}.ndjson.enc`);
    const key = randomBytes(32);
    const iv = randomBytes(12);
    try {
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const lines = Readable.from(rows.map((r) => JSON.stringify(r) + "\n"));
      // ok: unencrypted-patient-write
      await pipeline(lines, cipher, createWriteStream(encPath, { mode: 0o600 }));
      const header = { iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), wrappedKey: await this.keys.wrapForHub(key) };
      // ok: unencrypted-patient-write
      await writeFile(path.join(dir, `${name}.key.json`), JSON.stringify(header));

      const target = hubTarget();
      await this.sftp.connect(target.connect);
      try {
        // ok: unencrypted-patient-write, no-delete-after-transfer
        await this.sftp.fastPut(encPath, `${target.remoteDir}/${name}.ndjson.enc`);
        // ok: unencrypted-patient-write, no-delete-after-transfer
        await this.sftp.fastPut(path.join(dir, `${name}.key.json`), `${target.remoteDir}/${name}.key.json`);
      } finally {
        await this.sftp.end();
      }
      this.log.log(`site ${window.siteId}: ${rows.length} patients sent`);
      return `${target.remoteDir}/${name}.ndjson.enc`;
    } finally {
      key.fill(0);
      await rm(dir, { recursive: true, force: true });
    }
  }
}
