import { Injectable, Logger } from "@nestjs/common";
import { Cron, CronExpression } from "@nestjs/schedule";
import { EncryptedExportService } from "./encrypted-export.service";
import { PatientsRepository } from "../patients/patients.repository";

/**
 * Nightly jobs of the export module. Only the incremental, encrypted export is scheduled; the full
 * resync is triggered by hand from the admin console.
 */
@Injectable()
export class ExportScheduler {
  private readonly log = new Logger(ExportScheduler.name);
  private running = false;

  constructor(
    private readonly exports: EncryptedExportService,
    private readonly patients: PatientsRepository,
  ) {}

  @Cron(CronExpression.EVERY_DAY_AT_2AM, { name: "hub-incremental-export", timeZone: "Europe/Paris" })
  async nightly(): Promise<void> {
    if (this.running) {
      this.log.warn("previous export still running, skipping");
      return;
    }
    this.running = true;
    const since = new Date(Date.now() - 24 * 3600 * 1000);
    try {
      const changed = await this.patients.countChangedSince(since);
      this.log.log(`${changed} patients changed since ${since.toISOString()}`);
      if (changed === 0) return;
      const siteIds = (process.env.EXPORT_SITE_IDS ?? "").split(",").filter(Boolean).map(Number);
      for (const siteId of siteIds) {
        const remote = await this.exports.exportSite({ siteId, since });
        this.log.log(`site ${siteId}: ${remote}`);
      }
    } catch (err) {
      this.log.error(`nightly export failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
