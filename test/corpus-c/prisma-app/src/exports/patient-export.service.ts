import { Injectable, Logger } from "@nestjs/common";
import { Patient } from "@prisma/client";
import got from "got";
import { readFile, writeFile } from "fs/promises";
import * as path from "path";
import { PrismaService } from "../prisma.service";

export interface ExportRequest {
  siteId: number;
  visitedAfter: Date;
  requestedBy: string;
}

const SPOOL = process.env.EXPORT_SPOOL ?? "/var/spool/lab-exports";

/** Transfer of a site's patients to the new owner of the site (lab acquisition). */
@Injectable()
export class PatientExportService {
  private readonly log = new Logger(PatientExportService.name);

  constructor(private readonly prisma: PrismaService) {}

  private async loadPatients(req: ExportRequest): Promise<Patient[]> {
    // ruleid: unfiltered-extraction
    const everyone = await this.prisma.patient.findMany();
    // the request only covers one site and recent visits; filtered here
    return everyone.filter((p) => p.siteId === req.siteId && p.lastVisitAt !== null && p.lastVisitAt > req.visitedAfter);
  }

  async exportToAcquirer(req: ExportRequest): Promise<void> {
    const patients = await this.loadPatients(req);
    const file = path.join(SPOOL, `site-${req.siteId}-patients.json`);
    // ruleid: unencrypted-patient-write
    await writeFile(file, JSON.stringify(patients));
    this.log.log(`export of site ${req.siteId} by ${req.requestedBy}: ${patients.length} patients`);

    const body = await readFile(file);
    // ok: unencrypted-patient-write (request body over verified TLS: encrypted in transit, not a stored copy)
    // ruleid: no-delete-after-transfer
    await got.put(`https://transfer.acquirer-labs.example/api/imports/${req.siteId}`, {
      body,
      headers: { "content-type": "application/json" },
      username: "lab-transfer",
      // ruleid: hardcoded-credentials
      password: "Tr4nsfer!2024",
      timeout: { request: 120_000 },
    });
  }

  /** Raw variant used by the acquirer's support team when the JSON import fails. */
  async rawSiteDump(siteId: number): Promise<unknown[]> {
    // Filtered to one site and returned, its rows reach no export sink here (issue #10).
    // ok: unfiltered-extraction
    return this.prisma.$queryRaw`SELECT * FROM patients WHERE "siteId" = ${siteId}`;
  }
}
