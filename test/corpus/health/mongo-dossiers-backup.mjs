// Weekly backup of the "dossiers" collection before the schema change (ticket OPS-1183).
// node mongo-dossiers-backup.mjs
import { MongoClient } from "mongodb";
import { createWriteStream } from "node:fs";
import { once } from "node:events";

const client = new MongoClient(process.env.MONGO_URI);

async function run() {
  await client.connect();
  const db = client.db("dpi");

  // ok: unfiltered-extraction
  const n = await db.collection("dossiers").countDocuments();
  console.log(`backing up ${n} documents`);

  const out = createWriteStream(`/backup/dossiers-${Date.now()}.ndjson`);
  // ruleid: unfiltered-extraction
  const cursor = db.collection("dossiers").find({});
  for await (const doc of cursor) {
    // ruleid: unencrypted-patient-write
    if (!out.write(JSON.stringify(doc) + "\n")) await once(out, "drain");
  }
  // ok: unencrypted-patient-write
  out.end(`# ${n} documents\n`);
  await once(out, "finish");
}

run()
  .catch((err) => {
    console.error("backup failed", err);
    process.exitCode = 1;
  })
  .finally(() => client.close());
