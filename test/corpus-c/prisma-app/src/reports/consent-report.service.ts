import { Injectable, Logger } from "@nestjs/common";
import { Cron } from "@nestjs/schedule";
import { writeFile } from "fs/promises";
import * as path from "path";
import { PrismaService } from "../prisma.service";

const REPORT_DIR = process.env.REPORT_DIR ?? "/var/lib/lab/reports";

/**
 * Monthly figures for the data protection officer: how many patients consented to research, per
 * site, and the accounts due for deletion under the retention policy. No patient data leaves the DB
 * except ids handed to the purge job.
 */
@Injectable()
export class ConsentReportService {
  private readonly log = new Logger(ConsentReportService.name);

  constructor(private readonly prisma: PrismaService) {}

  async consentBySite(): Promise<Array<{ siteId: number; consenting: number; total: number }>> {
    // ok: unfiltered-extraction
    const totals = await this.prisma.patient.groupBy({ by: ["siteId"], _count: { _all: true } });
    // ok: unfiltered-extraction
    const consenting = await this.prisma.patient.groupBy({
      by: ["siteId"],
      where: { consentResearch: true },
      _count: { _all: true },
    });
    return totals.map((t) => ({
      siteId: t.siteId,
      total: t._count._all,
      consenting: consenting.find((c) => c.siteId === t.siteId)?._count._all ?? 0,
    }));
  }

  async dueForDeletion(cutoff: Date): Promise<string[]> {
    // ok: unfiltered-extraction
    const rows = await this.prisma.patient.findMany({
      where: { OR: [{ lastVisitAt: { lt: cutoff } }, { lastVisitAt: null, createdAt: { lt: cutoff } }] },
      select: { id: true },
      take: 5000,
    });
    return rows.map((r) => r.id);
  }

  @Cron("0 6 1 * *")
  async monthly(): Promise<void> {
    const cutoff = new Date();
    cutoff.setFullYear(cutoff.getFullYear() - 5);
    const bySite = await this.consentBySite();
    const due = await this.dueForDeletion(cutoff);
    // ok: unfiltered-extraction
    const sites = await this.prisma.labSite.findMany();
    const lines = ["site;city;patients;consenting"];
    for (const s of bySite) {
      const site = sites.find((x) => x.id === s.siteId);
      lines.push(`${site?.name ?? s.siteId};${site?.city ?? ""};${s.total};${s.consenting}`);
    }
    lines.push(`due_for_deletion;;${due.length};`);
    const file = path.join(REPORT_DIR, `consent-${new Date().toISOString().slice(0, 7)}.csv`);
    // ok: unencrypted-patient-write
    await writeFile(file, lines.join("\n"));
    this.log.log(`DPO report written: ${bySite.length} sites, ${due.length} accounts due for deletion`);
  }
}
