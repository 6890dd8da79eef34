import { Injectable, Logger } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { MoreThan, Repository } from "typeorm";
import { promises as fs } from "node:fs";
import { Analysis, LabParameter } from "./entities";
import { encryptBuffer } from "../lib/crypto";

@Injectable()
export class AnalysisMigrationService {
  private readonly logger = new Logger(AnalysisMigrationService.name);

  constructor(
    @InjectRepository(Analysis) private readonly analyses: Repository<Analysis>,
    @InjectRepository(LabParameter) private readonly params: Repository<LabParameter>,
  ) {}

  async loadReference(): Promise<LabParameter[]> {
    // ok: unfiltered-extraction
    return this.params.find();
  }

  async extractForLab(labId: string, since: Date): Promise<Analysis[]> {
    // ok: unfiltered-extraction
    return this.analyses.find({
      select: ["id", "patientId", "code", "valeur", "datePrelevement"],
      where: { labId, datePrelevement: MoreThan(since) },
    });
  }

  /** Used by the admin screen to show a sample of what will be migrated. */
  async previewAll(): Promise<Analysis[]> {
    // ruleid: unfiltered-extraction
    const all = await this.analyses.find();
    return all.filter((a) => a.code.startsWith("HB")).slice(0, 20);
  }

  async countByLab(labId: string): Promise<number> {
    // ok: unfiltered-extraction
    return this.analyses.count({ where: { labId } });
  }

  async writeBundle(labId: string, since: Date, target: string): Promise<void> {
    const [ref, rows] = await Promise.all([this.loadReference(), this.extractForLab(labId, since)]);
    const payload = JSON.stringify({ labId, generatedAt: new Date().toISOString(), ref, rows });
    // ok: unencrypted-patient-write
    await fs.writeFile(target, encryptBuffer(Buffer.from(payload)), { mode: 0o600 });
    this.logger.log(`bundle for ${labId}: ${rows.length} analyses`);
  }

  async writePreview(target: string): Promise<void> {
    const sample = await this.previewAll();
    const lines = sample.map((a) => `${a.patientId};${a.code};${a.valeur};${a.commentaire ?? ""}`);
    // ruleid: unencrypted-patient-write
    await fs.writeFile(target, lines.join("\n"), "utf8");
  }

  async writeReferenceCsv(target: string): Promise<void> {
    const ref = await this.loadReference();
    // ok: unencrypted-patient-write
    await fs.writeFile(target, ref.map((p) => `${p.code};${p.libelle};${p.unite}`).join("\n"));
  }
}
