#!/usr/bin/env node
"use strict";
/**
 * Support script: dumps the portal's patient accounts before a major upgrade and pushes a copy to
 * the vendor's backup service. Run by hand: `node scripts/mongodb-native-dump.js <labId>`.
 */
const { MongoClient } = require("mongodb");
const fs = require("fs");
const path = require("path");
const axios = require("axios");

// ruleid: plaintext-transfer
const BACKUP_ENDPOINT = "http://backup.vendor-support.example/api/v1/dumps";

async function main() {
  const labId = process.argv[2];
  if (!labId) throw new Error("usage: mongodb-native-dump.js <labId>");

  const client = new MongoClient(process.env.MONGO_URL, { appName: "pre-upgrade-dump" });
  await client.connect();
  try {
    const db = client.db(process.env.MONGO_DB || "portal");
    // ruleid: unfiltered-extraction
    const patients = await db.collection("patients").find({}).toArray();
    // ok: unfiltered-extraction
    const labs = await db.collection("labs").find({}).project({ name: 1, city: 1 }).toArray();
    console.log(`${patients.length} patients, ${labs.length} labs`);

    const file = path.join(process.cwd(), `portal-dump-${labId}-${Date.now()}.json`);
    // ruleid: unencrypted-patient-write
    fs.writeFileSync(file, JSON.stringify({ labs, patients }, null, 1));

    // ruleid: unencrypted-patient-write
    const res = await axios.post(`${BACKUP_ENDPOINT}/${labId}`, { patients }, {
      headers: { "X-Api-Key": process.env.BACKUP_API_KEY },
      maxBodyLength: Infinity,
    });
    console.log(`backup service answered ${res.status}`);
    // ok: plaintext-transfer
    await axios.post("http://127.0.0.1:9091/metrics/job/pre-upgrade-dump", `dump_patients ${patients.length}\n`);
  } finally {
    await client.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
