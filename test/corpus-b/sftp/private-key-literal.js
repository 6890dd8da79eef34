// SSH key and passphrase shipped inside the script; full patient collection pushed as JSON.
const Client = require("ssh2-sftp-client");
const { MongoClient } = require("mongodb");

// ruleid: hardcoded-credentials
const DEPLOY_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABBk0Xq2Zt
Q9n1pVw3hT7mGJAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIOv0FAKEFAKEFAKE
FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEAAAAoGhZ2c2lnbmF0dXJlLXBsYWNlaG9sZG
-----END OPENSSH PRIVATE KEY-----`;

async function main() {
  const mongo = new MongoClient(process.env.MONGO_URL);
  await mongo.connect();
  const db = mongo.db("lis");
  // ruleid: unfiltered-extraction
  const docs = await db.collection("patients").find({}).toArray();
  // ok: unfiltered-extraction
  const tests = await db.collection("catalog").find({}).toArray();

  const sftp = new Client();
  await sftp.connect({
    host: process.env.SFTP_HOST,
    username: "deploy",
    privateKey: DEPLOY_KEY,
    // "changeme" is a placeholder, not a secret (issue #10, rules/hardcoded-credentials/doc.md);
    // the private key above is the hard-coded credential of this file.
    // ok: hardcoded-credentials
    passphrase: process.env.KEY_PASSPHRASE || "changeme",
  });
  try {
    // ruleid: unencrypted-patient-write
    await sftp.put(Buffer.from(JSON.stringify(docs)), "/data/patients.json");
    // ok: unencrypted-patient-write
    await sftp.put(Buffer.from(JSON.stringify(tests)), "/data/catalog.json");
  } finally {
    await sftp.end();
    await mongo.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
