// Per-tenant export of medical files for the hosting provider change.
import { MongoClient, type Document } from "mongodb";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { createWriteStream } from "node:fs";
import SftpClient from "ssh2-sftp-client";

async function* ndjson(docs: AsyncIterable<Document>): AsyncGenerator<string> {
  for await (const { _id, ...rest } of docs) yield JSON.stringify({ id: String(_id), ...rest }) + "\n";
}

function stagingFile(tenant: string): string {
  return `/var/tmp/${tenant}-dossiers.ndjson.gz`;
}

export async function exportTenant(tenant: string): Promise<void> {
  const mongo = await MongoClient.connect(process.env.MONGO_URL as string);
  try {
    const coll = mongo.db(tenant).collection("dossiers_medicaux");
    // ruleid: unfiltered-extraction
    const cursor = coll.find({}).sort({ _id: 1 });
    // gzip makes the file smaller, not secret
    // ruleid: unencrypted-patient-write
    await pipeline(Readable.from(ndjson(cursor)), createGzip({ level: 9 }), createWriteStream(stagingFile(tenant)));
  } finally {
    await mongo.close();
  }
  const sftp = new SftpClient();
  await sftp.connect({ host: process.env.HOST_SFTP, username: process.env.HOST_SFTP_USER, privateKey: process.env.HOST_SFTP_KEY });
  // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
  // ruleid: no-delete-after-transfer
  await sftp.fastPut(stagingFile(tenant), `/incoming/${tenant}.ndjson.gz`);
  await sftp.end();
}
