// Clean: mongodb cursor stream -> gzip -> cipher -> file, uploaded over SFTP, removed in finally.
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");
const zlib = require("zlib");
const { Transform } = require("stream");
const { finished } = require("stream/promises");
const { MongoClient } = require("mongodb");
const Sftp = require("ssh2-sftp-client");

function toNdjson() {
  return new Transform({
    writableObjectMode: true,
    transform(doc, _e, cb) {
      cb(null, JSON.stringify(doc) + "\n");
    },
  });
}

async function run(labId) {
  const mongo = await MongoClient.connect(process.env.MONGO_URL);
  const p = path.join(os.tmpdir(), `lab-${labId}.ndjson.gz.enc`);
  const sftp = new Sftp();
  try {
    const rs = mongo
      .db("lis")
      .collection("patients")
      .find({ labId, archived: false }, { projection: { ipp: 1, nom: 1, prenom: 1, ddn: 1 } })
      .stream();
    const key = Buffer.from(process.env.LAB_KEY, "hex");
    const iv = crypto.randomBytes(16);
    const cipher = crypto.createCipheriv("aes-256-cbc", key, iv);
    const out = fs.createWriteStream(p);
    // ok: unencrypted-patient-write
    out.write(iv);
    // ok: unencrypted-patient-write
    rs.pipe(toNdjson()).pipe(zlib.createGzip()).pipe(cipher).pipe(out);
    await finished(out);

    await sftp.connect({
      host: process.env.SFTP_HOST,
      username: process.env.SFTP_USER,
      // ok: hardcoded-credentials
      password: process.env.SFTP_PASSWORD,
    });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await sftp.fastPut(p, `/incoming/${path.basename(p)}`);
  } finally {
    await sftp.end().catch(() => undefined);
    await mongo.close();
    await fs.promises.rm(p, { force: true });
  }
}

module.exports = run;
