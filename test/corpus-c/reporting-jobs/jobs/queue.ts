import { Queue, Worker } from "bullmq";
import monthlyExtract, { MonthlyExtractData } from "./monthly-extract.processor";

const connection = {
  host: process.env.REDIS_HOST ?? "127.0.0.1",
  port: Number(process.env.REDIS_PORT ?? 6379),
  password: process.env.REDIS_PASSWORD,
};

export const extractQueue = new Queue<MonthlyExtractData>("monthly-extract", { connection });

/** Schedules one repeatable job per insurer with a billing agreement, on the 2nd of each month. */
export async function scheduleInsurers(insurers: string[]): Promise<void> {
  for (const insurerCode of insurers) {
    await extractQueue.add(
      `extract-${insurerCode}`,
      { insurerCode, month: "previous" },
      {
        repeat: { pattern: "0 4 2 * *", tz: "Europe/Paris" },
        jobId: `monthly-${insurerCode}`,
        removeOnComplete: 50,
        removeOnFail: 200,
        attempts: 3,
        backoff: { type: "exponential", delay: 60_000 },
      },
    );
  }
  const counts = await extractQueue.getJobCounts("waiting", "delayed", "failed");
  console.log(`[queue] monthly-extract: ${JSON.stringify(counts)}`);
}

export function startWorker(): Worker<MonthlyExtractData> {
  const worker = new Worker<MonthlyExtractData>("monthly-extract", async (job) => {
    if (job.data.month === "previous") {
      const d = new Date();
      d.setMonth(d.getMonth() - 1);
      job.data.month = d.toISOString().slice(0, 7);
    }
    return monthlyExtract(job);
  }, { connection, concurrency: 2 });
  worker.on("failed", (job, err) => console.error(`[queue] ${job?.id} failed after ${job?.attemptsMade} attempts: ${err.message}`));
  return worker;
}
