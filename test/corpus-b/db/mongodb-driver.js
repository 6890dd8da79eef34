// Native MongoDB driver: credentials inside the connection URI, find({}) on personal and
// non-personal collections, results written with fs/promises.
const { MongoClient } = require("mongodb");
const fsp = require("fs/promises");

// ruleid: hardcoded-credentials
const URI = process.env.MONGO_URL || "mongodb://admin:Pa55w0rd-lab@db.lis.internal:27017/lis?authSource=admin";

async function exportLab(labId, outDir) {
  const client = new MongoClient(URI);
  await client.connect();
  try {
    const db = client.db();

    // ruleid: unfiltered-extraction
    const everyone = await db.collection("patients").find({}).toArray();
    const wanted = everyone.filter((d) => d.labId === labId);
    // ruleid: unencrypted-patient-write
    await fsp.writeFile(`${outDir}/patients-${labId}.json`, JSON.stringify(wanted));

    // ok: unfiltered-extraction
    const slim = await db.collection("patients").find({ labId }, { projection: { ipp: 1, nom: 1 } }).toArray();
    const ids = slim.map((d) => d.ipp);
    // ruleid: unencrypted-patient-write
    await fsp.writeFile(`${outDir}/ipp-${labId}.txt`, ids.join("\n"));

    // ok: unfiltered-extraction
    const cfg = await db.collection("config").find({}).toArray();
    // ok: unencrypted-patient-write
    await fsp.writeFile(`${outDir}/config.json`, JSON.stringify(cfg));
  } finally {
    await client.close();
  }
}

module.exports = { exportLab };
