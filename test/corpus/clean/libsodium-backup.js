// Encrypted daily backup of the last day's lab requests (libsodium secretbox).
const sodium = require("libsodium-wrappers");
const { MongoClient } = require("mongodb");
const fs = require("fs");

const mongo = new MongoClient(process.env.MONGO_URI);

async function backupDay(day, outFile, cb) {
  await sodium.ready;
  const key = sodium.from_base64(process.env.BACKUP_SECRETBOX_KEY);
  await mongo.connect();
  const since = new Date(`${day}T00:00:00Z`);
  // ok: unfiltered-extraction
  const docs = await mongo.db("sil").collection("demandes").find({ createdAt: { $gte: since } }, { projection: { _id: 0, patientId: 1, examens: 1, prescripteur: 1 } }).toArray();
  const nonce = sodium.randombytes_buf(sodium.crypto_secretbox_NONCEBYTES);
  const box = sodium.crypto_secretbox_easy(sodium.from_string(JSON.stringify(docs)), nonce, key);
  const sealed = Buffer.concat([Buffer.from(nonce), Buffer.from(box)]);
  // ok: unencrypted-patient-write
  fs.writeFile(outFile, sealed, (err) => {
    mongo.close();
    cb(err, docs.length);
  });
}

backupDay(new Date().toISOString().slice(0, 10), "/backup/demandes.bin", (err, n) => {
  if (err) {
    console.error(err);
    process.exitCode = 1;
  } else {
    console.log(`${n} requests backed up`);
  }
});
