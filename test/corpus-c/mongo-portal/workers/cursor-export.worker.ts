import { Job, Worker } from "bullmq";
import { createCipheriv, randomBytes } from "crypto";
import { createWriteStream, promises as fs } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { Transform } from "stream";
import { pipeline } from "stream/promises";
import SftpClient from "ssh2-sftp-client";
import { PatientModel } from "../schemas/patient.schema";
import { sealDataKey } from "../crypto/envelope";

interface ResearchExportJob {
  labId: string;
  since: string;
  studyId: string;
}

/** Research extract: consenting patients only, pseudonymous fields, encrypted, temp dir removed. */
async function researchExport(job: Job<ResearchExportJob>): Promise<number> {
  const since = new Date(job.data.since);
  // ok: unfiltered-extraction
  const cursor = PatientModel.find({ labId: job.data.labId, consentToResearch: true, updatedAt: { $gte: since } })
    .select("externalId birthDate address.postalCode reports.issuedAt")
    .lean()
    .cursor({ batchSize: 500 });

  let count = 0;
  const toLines = new Transform({
    objectMode: true,
    transform(doc, _enc, cb) {
      count++;
      cb(null, JSON.stringify({ ref: doc.externalId, yob: new Date(doc.birthDate).getUTCFullYear(), cp: doc.address?.postalCode?.slice(0, 2) }) + "\n");
    },
  });

  const dir = await fs.mkdtemp(path.join(tmpdir(), "research-"));
  const file = path.join(dir, `${job.data.studyId}.ndjson.enc`);
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const sftp = new SftpClient();
  try {
    // ok: unencrypted-patient-write
    await pipeline(cursor, toLines, createCipheriv("aes-256-cbc", key, iv), createWriteStream(file));
    await sftp.connect({
      host: process.env.RESEARCH_SFTP_HOST,
      username: process.env.RESEARCH_SFTP_USER,
      // ok: hardcoded-credentials
      privateKey: await fs.readFile(process.env.RESEARCH_SFTP_KEY ?? "/run/secrets/research_key"),
    });
    // ok: unencrypted-patient-write, no-delete-after-transfer
    await sftp.put(file, `/studies/${job.data.studyId}/${path.basename(file)}`);
    await sftp.put(Buffer.from(JSON.stringify({ iv: iv.toString("hex"), key: await sealDataKey(key) })), `/studies/${job.data.studyId}/key.json`);
  } finally {
    await sftp.end().catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }
  return count;
}

export const researchWorker = new Worker<ResearchExportJob>("research-export", researchExport, {
  connection: { host: process.env.REDIS_HOST, port: Number(process.env.REDIS_PORT ?? 6379) },
});
