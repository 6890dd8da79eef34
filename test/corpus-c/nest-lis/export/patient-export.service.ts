import { Injectable, Logger } from "@nestjs/common";
import { promises as fs } from "fs";
import * as path from "path";
import SftpClient from "ssh2-sftp-client";
import { hubTarget } from "../config/sftp.config";
import { Patient } from "../entities/patient.entity";
import { PatientsRepository } from "../patients/patients.repository";

const EXPORT_DIR = process.env.EXPORT_DIR ?? "/var/lib/lis/exports";

const COLUMNS: Array<keyof Patient> = [
  "id", "lastName", "firstName", "birthDate", "socialSecurityNumber",
  "email", "phone", "addressLine", "postalCode", "insurerCode", "receptionComment",
];

function toCsv(rows: Patient[]): string {
  const esc = (v: unknown) => `"${String(v ?? "").replace(/"/g, '""')}"`;
  return [COLUMNS.join(";"), ...rows.map((r) => COLUMNS.map((c) => esc(r[c])).join(";"))].join("\n");
}

/**
 * Full resynchronisation of the patient file with the regional hub.
 * The SFTP client is provided by the ExportModule (see export.module.ts) so that it can be mocked.
 */
@Injectable()
export class PatientExportService {
  private readonly log = new Logger(PatientExportService.name);

  constructor(
    private readonly patients: PatientsRepository,
    private readonly sftp: SftpClient,
  ) {}

  async runFullResync(): Promise<string> {
    const rows = await this.patients.findAllForExport();
    const stamp = new Date().toISOString().slice(0, 10);
    const localPath = path.join(EXPORT_DIR, `patients-full-${stamp}.csv`);

    await fs.mkdir(EXPORT_DIR, { recursive: true });
    // ruleid: unencrypted-patient-write
    await fs.writeFile(localPath, toCsv(rows), "utf8");
    this.log.log(`wrote ${rows.length} patients to ${localPath}`);

    const target = hubTarget();
    await this.sftp.connect(target.connect);
    try {
      const remote = `${target.remoteDir}/${path.basename(localPath)}`;
      // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
      // ruleid: no-delete-after-transfer
      await this.sftp.fastPut(localPath, remote);
      this.log.log(`uploaded ${remote}`);
      // only reached when the upload worked: a failed run leaves the extract behind
      await fs.unlink(localPath);
      return remote;
    } finally {
      await this.sftp.end();
    }
  }
}
