import { appendFile, mkdir } from "fs/promises";
import * as path from "path";
import { db } from "./db";

const METRICS_DIR = process.env.METRICS_DIR ?? "/var/log/reporting";

export interface ExtractMetrics {
  at: string;
  patients: number;
  resultsLast24h: number;
  pendingValidation: number;
}

/**
 * Collected every hour by the worker and appended to a JSON-lines file scraped by the monitoring
 * agent. Counts only.
 */
export async function collectMetrics(): Promise<ExtractMetrics> {
  // ok: unfiltered-extraction
  const [{ n: patients }] = await db("patients").count({ n: "id" });
  // ok: unfiltered-extraction
  const [{ n: resultsLast24h }] = await db("lab_results").where("sampled_at", ">", db.raw("now() - interval '1 day'")).count({ n: "*" });
  const [{ n: pendingValidation }] = await db("lab_results").where({ status: "pending" }).count({ n: "*" });
  const m: ExtractMetrics = {
    at: new Date().toISOString(),
    patients: Number(patients),
    resultsLast24h: Number(resultsLast24h),
    pendingValidation: Number(pendingValidation),
  };
  await mkdir(METRICS_DIR, { recursive: true });
  // ok: unencrypted-patient-write
  await appendFile(path.join(METRICS_DIR, "metrics.jsonl"), JSON.stringify(m) + "\n");
  console.log(`[metrics] patients=${m.patients} results24h=${m.resultsLast24h} pending=${m.pendingValidation}`);
  return m;
}
