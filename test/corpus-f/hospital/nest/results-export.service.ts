import { Injectable, Logger } from "@nestjs/common";
import { ConfigService } from "@nestjs/config";
import { PrismaClient } from "@prisma/client";
import SftpClient from "ssh2-sftp-client";
import { promises as fsp } from "node:fs";
import { join } from "node:path";

@Injectable()
export class ResultsExportService {
  private readonly logger = new Logger(ResultsExportService.name);

  constructor(private readonly config: ConfigService, private readonly prisma: PrismaClient) {}

  private async connect(): Promise<SftpClient> {
    const sftp = new SftpClient();
    await sftp.connect({
      host: this.config.get<string>("RESULTS_SFTP_HOST", "sftp.example-lab.fr"),
      // ok: hardcoded-credentials
      username: this.config.get<string>("RESULTS_SFTP_USER", "results"),
      // ruleid: hardcoded-credentials
      password: this.config.get<string>("RESULTS_SFTP_PASSWORD", "Resultats2022"),
    });
    return sftp;
  }

  private async resultsFor(labId: string) {
    // ruleid: unfiltered-extraction
    const all = await this.prisma.resultat.findMany();
    return all.filter((r) => r.labId === labId);
  }

  async exportResults(labId: string): Promise<number> {
    const rows = await this.resultsFor(labId);
    const file = join(this.config.get<string>("EXPORT_DIR", "/tmp"), `resultats-${labId}.json`);
    const payload = rows.map(({ id, patientNir, code, valeur, valide }) => ({ id, patientNir, code, valeur, valide }));
    // ruleid: unencrypted-patient-write
    await fsp.writeFile(file, JSON.stringify(payload));
    let sftp: SftpClient | undefined;
    try {
      sftp = await this.connect();
      // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
      // ok: no-delete-after-transfer
      await sftp.put(file, `/out/${labId}/resultats.json`);
    } finally {
      await sftp?.end();
      await fsp.rm(file, { force: true });
    }
    this.logger.log(`exported ${rows.length} results for ${labId}`);
    return rows.length;
  }

  async countPending(labId: string): Promise<number> {
    // ok: unfiltered-extraction
    return this.prisma.resultat.count({ where: { labId, valide: false } });
  }

  async listUnits() {
    // ok: unfiltered-extraction
    return this.prisma.unite.findMany({ select: { code: true, libelle: true } });
  }
}
