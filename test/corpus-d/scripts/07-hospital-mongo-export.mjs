// Archive of the DPI patient collection to the hospital's old archive server.
import { MongoClient } from "mongodb";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import JSFtp from "jsftp";

const mongo = new MongoClient(process.env.MONGO_URL);
await mongo.connect();
const db = mongo.db("dpi");

const local = `/data/tmp/patients-${Date.now()}.ndjson`;
const out = createWriteStream(local);
// ruleid: unfiltered-extraction
const cursor = db.collection("patients").find({});
for await (const doc of cursor) {
  // ruleid: unencrypted-patient-write
  if (!out.write(JSON.stringify(doc) + "\n")) await once(out, "drain");
}
out.end();
await once(out, "finish");
await mongo.close();

// ruleid: plaintext-transfer
const ftp = new JSFtp({
  host: "archive.chu-exemple.fr",
  port: 21,
  user: process.env.ARCHIVE_FTP_USER,
  pass: process.env.ARCHIVE_FTP_PASS,
});

// ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
// ruleid: no-delete-after-transfer
ftp.put(local, `/dpi/${local.split("/").pop()}`, (err) => {
  if (err) console.error("upload failed", err);
  ftp.raw("quit", () => console.log("done"));
});
