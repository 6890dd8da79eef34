import { Injectable, Logger } from "@nestjs/common";
import { Cron } from "@nestjs/schedule";
import { webcrypto } from "crypto";
import { unlink, writeFile } from "fs/promises";
import { tmpdir } from "os";
import * as path from "path";
import PromiseFtp from "promise-ftp";
import { PrismaService } from "../prisma.service";
import { loadPartnerKey } from "./partner-key";

// ruleid: plaintext-transfer, hardcoded-credentials
const LEGACY_DROP = "ftp://lab-export:Exp0rt2020@ftp.ancien-partenaire.example/in";

/**
 * Weekly transfer of prescriber-network patients to the partner clinic's FTP drop. The payload is
 * encrypted (AES-GCM, WebCrypto) with a key shared out of band; until the partner finishes its
 * migration a copy also goes to its old server.
 */
@Injectable()
export class PartnerFtpCron {
  private readonly log = new Logger(PartnerFtpCron.name);

  constructor(private readonly prisma: PrismaService) {}

  @Cron("0 3 * * 1")
  async weekly(): Promise<void> {
    const since = new Date(Date.now() - 7 * 24 * 3600 * 1000);
    // ok: unfiltered-extraction
    const patients = await this.prisma.patient.findMany({
      where: { siteId: Number(process.env.PARTNER_SITE_ID), lastVisitAt: { gte: since } },
      select: { id: true, lastName: true, firstName: true, birthDate: true, prescriberName: true },
    });

    const key = await loadPartnerKey();
    const iv = webcrypto.getRandomValues(new Uint8Array(12));
    const ciphertext = await webcrypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(JSON.stringify(patients)));
    const encPath = path.join(tmpdir(), `partner-${since.toISOString().slice(0, 10)}.bin`);
    // ok: unencrypted-patient-write
    await writeFile(encPath, Buffer.concat([Buffer.from(iv), Buffer.from(ciphertext)]));

    const ftp = new PromiseFtp();
    await ftp.connect({
      host: process.env.PARTNER_FTP_HOST,
      user: process.env.PARTNER_FTP_USER,
      // ruleid: hardcoded-credentials
      password: process.env.PARTNER_FTP_PASSWORD || "partner",
      // ruleid: plaintext-transfer
      secure: false,
    });
    // ok: unencrypted-patient-write
    // ruleid: no-delete-after-transfer
    await ftp.put(encPath, path.basename(encPath));
    await ftp.end();

    const legacy = new URL(LEGACY_DROP);
    const old = new PromiseFtp();
    // ruleid: plaintext-transfer
    await old.connect({ host: legacy.hostname, user: decodeURIComponent(legacy.username), password: decodeURIComponent(legacy.password) });
    // ok: unencrypted-patient-write
    // ruleid: no-delete-after-transfer
    await old.put(encPath, `${legacy.pathname}/${path.basename(encPath)}`);
    await old.end();

    await unlink(encPath);
    this.log.log(`${patients.length} patients sent to the partner clinic`);
  }
}
