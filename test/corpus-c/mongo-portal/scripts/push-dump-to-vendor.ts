#!/usr/bin/env ts-node
/**
 * Second half of the pre-upgrade procedure: sends a dump produced by mongodb-native-dump.js to the
 * vendor's analysis service. Usage: push-dump-to-vendor.ts <dump.json>
 */
import got from "got";
import { readFile } from "fs/promises";
import * as path from "path";

interface Dump {
  labs: Array<{ _id: string; name: string }>;
  patients: Array<{ _id: string; labId: string; lastName: string; firstName: string; email: string }>;
}

async function main(file: string): Promise<void> {
  const dump = JSON.parse(await readFile(file, "utf8")) as Dump;
  console.log(`${path.basename(file)}: ${dump.patients.length} patient accounts`);

  // ok: unencrypted-patient-write (request body over verified TLS: encrypted in transit, not a stored copy)
  const res = await got.post("https://analysis.vendor-support.example/api/dumps", {
    json: { source: path.basename(file), patients: dump.patients },
    headers: { authorization: `Token ${process.env.VENDOR_TOKEN}` },
    https: {
      // ruleid: plaintext-transfer
      rejectUnauthorized: false,
    },
  });
  console.log(`vendor answered ${res.statusCode}`);

  // ok: plaintext-transfer
  const health = await got("https://analysis.vendor-support.example/health", { https: { rejectUnauthorized: true } }).json<{ ok: boolean }>();
  console.log(`vendor service healthy: ${health.ok}`);
}

main(process.argv[2]).catch((e) => {
  console.error(e);
  process.exit(1);
});
