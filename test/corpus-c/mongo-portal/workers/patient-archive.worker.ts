import { Job, Worker } from "bullmq";
import { createWriteStream } from "fs";
import { once } from "events";
import * as path from "path";
import SftpClient from "ssh2-sftp-client";
import { InstrumentEventModel } from "../schemas/instrument-event.schema";
import { PatientModel } from "../schemas/patient.schema";

interface ArchiveJobData {
  labId: string;
  requestedBy: string;
}

const ARCHIVE_DIR = process.env.ARCHIVE_DIR ?? "/data/portal-archives";
const connection = { host: process.env.REDIS_HOST ?? "127.0.0.1", port: 6379 };

/**
 * "archive-portal" queue: a lab leaving the portal gets a copy of its patient accounts on the
 * lab's own SFTP server. Triggered from the back office.
 */
async function archivePortal(job: Job<ArchiveJobData>): Promise<{ file: string; patients: number }> {
  // ruleid: unfiltered-extraction
  const patients = await PatientModel.find().lean();
  const mine = patients.filter((p) => p.labId === job.data.labId);
  await job.updateProgress(20);

  const file = path.join(ARCHIVE_DIR, `${job.data.labId}-${job.id}.ndjson`);
  const out = createWriteStream(file, { encoding: "utf8" });
  for (const p of mine) {
    // ruleid: unencrypted-patient-write
    if (!out.write(JSON.stringify(p) + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  await job.updateProgress(60);

  const sftp = new SftpClient("portal-archive");
  await sftp.connect({
    host: "sftp.labo-durand.example",
    port: 22,
    username: "portal",
    // ruleid: hardcoded-credentials
    password: "Portail-2022",
  });
  try {
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await sftp.put(file, `/archives/${path.basename(file)}`);
  } finally {
    await sftp.end();
  }
  await job.updateProgress(100);
  return { file, patients: mine.length };
}

/** Companion queue: instrument uptime summary, technical data only. */
async function instrumentUptime(job: Job<{ labId: string }>): Promise<Record<string, number>> {
  // ok: unfiltered-extraction
  const events = await InstrumentEventModel.find().lean();
  const beats: Record<string, number> = {};
  for (const e of events) {
    if (e.labId === job.data.labId && e.kind === "heartbeat") beats[e.instrumentSerial] = (beats[e.instrumentSerial] ?? 0) + 1;
  }
  return beats;
}

export const archiveWorker = new Worker<ArchiveJobData>("archive-portal", archivePortal, { connection, concurrency: 1 });
export const uptimeWorker = new Worker("instrument-uptime", instrumentUptime, { connection });

archiveWorker.on("completed", (job, res) => console.log(`archive ${job.id}: ${res.patients} patients`));
archiveWorker.on("failed", (job, err) => console.error(`archive ${job?.id} failed: ${err.message}`));
