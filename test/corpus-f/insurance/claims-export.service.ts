import { Injectable, Logger } from "@nestjs/common";
import { PrismaClient } from "@prisma/client";
import { basename } from "node:path";
import { EncryptedStorageService } from "./storage.service";
import { sftpPut } from "../lib/transport";

/** Quarterly export of closed claims for the reinsurer. */
@Injectable()
export class ClaimsExportService {
  private readonly logger = new Logger(ClaimsExportService.name);

  constructor(private readonly prisma: PrismaClient, private readonly storage: EncryptedStorageService) {}

  private findClaims(since: Date) {
    // ok: unfiltered-extraction
    return this.prisma.claim.findMany({
      where: { closedAt: { gte: since }, status: "CLOSED" },
      select: { id: true, policyNumber: true, amount: true, insuredId: true, closedAt: true },
    });
  }

  private findProducts() {
    // ok: unfiltered-extraction
    return this.prisma.product.findMany();
  }

  private countByStatus() {
    // ok: unfiltered-extraction
    return this.prisma.claim.groupBy({ by: ["status"], _count: { _all: true } });
  }

  async exportForReinsurer(since: Date): Promise<void> {
    const [claims, products, stats] = await Promise.all([this.findClaims(since), this.findProducts(), this.countByStatus()]);
    const payload = Buffer.from(JSON.stringify({ since, claims, products, stats }));
    // ok: unencrypted-patient-write
    const file = await this.storage.write(`claims-${since.toISOString().slice(0, 10)}.json.enc`, payload);
    try {
      // ok: unencrypted-patient-write
      // ok: no-delete-after-transfer
      await sftpPut(file, `/reinsurance/${basename(file)}`);
    } finally {
      await this.storage.remove(file);
    }
    this.logger.log(`sent ${claims.length} claims`);
  }
}
