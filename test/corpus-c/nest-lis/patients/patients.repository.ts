import { Injectable } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { DataSource, MoreThanOrEqual, Repository } from "typeorm";
import { Analyzer } from "../entities/analyzer.entity";
import { Patient } from "../entities/patient.entity";

export interface ExportWindow {
  siteId: number;
  since: Date;
}

/** Data-access layer for patient extracts, used by the export services and the scheduler. */
@Injectable()
export class PatientsRepository {
  constructor(
    @InjectRepository(Patient) private readonly repo: Repository<Patient>,
    @InjectRepository(Analyzer) private readonly analyzers: Repository<Analyzer>,
    private readonly dataSource: DataSource,
  ) {}

  /** Everything, for the "full resync" export that the hub asked for in 2021. */
  async findAllForExport(): Promise<Patient[]> {
    // ruleid: unfiltered-extraction
    return this.repo.find();
  }

  /** The lab's written instructions: patients of one site, seen since a date, listed columns only. */
  async findInWindow(w: ExportWindow): Promise<Patient[]> {
    // ok: unfiltered-extraction
    return this.repo
      .createQueryBuilder("p")
      .select(["p.id", "p.lastName", "p.firstName", "p.birthDate", "p.insurerCode"])
      .where("p.siteId = :siteId", { siteId: w.siteId })
      .andWhere("p.lastVisitAt >= :since", { since: w.since })
      .orderBy("p.lastName", "ASC")
      .getMany();
  }

  /** Older variant kept for the support team: loads the whole table and keeps the recent ones. */
  async findRecentLegacy(since: Date): Promise<Patient[]> {
    // ruleid: unfiltered-extraction
    const all = await this.dataSource.getRepository(Patient).find({});
    return all.filter((p) => p.lastVisitAt !== null && p.lastVisitAt >= since);
  }

  async countChangedSince(since: Date): Promise<number> {
    // ok: unfiltered-extraction
    return this.repo.count({ where: { updatedAt: MoreThanOrEqual(since) } });
  }

  /** Instruments are reference data; listing all of them is fine. */
  async activeAnalyzers(): Promise<Analyzer[]> {
    // ok: unfiltered-extraction
    return this.analyzers.find();
  }
}
