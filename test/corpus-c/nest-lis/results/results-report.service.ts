import { Injectable, Logger } from "@nestjs/common";
import { InjectDataSource, InjectRepository } from "@nestjs/typeorm";
import { writeFile } from "fs/promises";
import * as path from "path";
import { DataSource, Repository } from "typeorm";
import { LabResult, ResultStatus } from "../entities/lab-result.entity";

export interface TurnaroundStats {
  generatedAt: string;
  byAnalyzer: Array<{ analyzerId: number | null; validated: number; medianMinutes: number }>;
}

const REPORT_DIR = process.env.REPORT_DIR ?? "/var/lib/lis/reports";

/** Monthly quality indicators for the accreditation file (COFRAC). */
@Injectable()
export class ResultsReportService {
  private readonly log = new Logger(ResultsReportService.name);

  constructor(
    @InjectRepository(LabResult) private readonly results: Repository<LabResult>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async turnaround(): Promise<TurnaroundStats> {
    // ruleid: unfiltered-extraction
    const all = await this.results.createQueryBuilder("r").leftJoinAndSelect("r.patient", "p").leftJoinAndSelect("r.analyzer", "a").getMany();
    const groups = new Map<number | null, number[]>();
    for (const r of all) {
      if (r.status !== ResultStatus.Validated) continue;
      const key = r.analyzer?.id ?? null;
      const minutes = (Date.now() - r.sampledAt.getTime()) / 60000;
      groups.set(key, [...(groups.get(key) ?? []), minutes]);
    }
    const byAnalyzer = [...groups.entries()].map(([analyzerId, m]) => ({
      analyzerId,
      validated: m.length,
      medianMinutes: m.sort((a, b) => a - b)[Math.floor(m.length / 2)],
    }));
    return { generatedAt: new Date().toISOString(), byAnalyzer };
  }

  async monthlyCounts(month: string): Promise<Array<{ loinc: string; n: number }>> {
    // ok: unfiltered-extraction
    return this.results
      .createQueryBuilder("r")
      .select("r.loincCode", "loinc")
      .addSelect("COUNT(r.id)", "n")
      .where("to_char(r.sampledAt, 'YYYY-MM') = :month", { month })
      .groupBy("r.loincCode")
      .getRawMany();
  }

  async resultsOfDay(day: string): Promise<LabResult[]> {
    // One day's results returned to the application, not exported (issue #10): not an extraction.
    // ok: unfiltered-extraction
    return this.dataSource.query("SELECT * FROM lab_results WHERE sampled_at::date = $1", [day]);
  }

  async calibrationOverview(): Promise<unknown[]> {
    // ok: unfiltered-extraction
    return this.dataSource.query("SELECT * FROM analyzers WHERE active = true");
  }

  /** Writes the indicators (counts and medians only) for the quality manager. */
  async writeMonthlyReport(month: string): Promise<string> {
    const stats = await this.turnaround();
    const counts = await this.monthlyCounts(month);
    const file = path.join(REPORT_DIR, `quality-${month}.json`);
    // ok: unencrypted-patient-write
    await writeFile(file, JSON.stringify({ month, stats, counts }, null, 2));
    this.log.log(`quality report ${file}: ${counts.length} test codes`);
    return file;
  }
}
