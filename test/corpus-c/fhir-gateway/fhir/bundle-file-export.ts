import type { Bundle } from "fhir/r4";
import { mkdir, writeFile } from "fs/promises";
import * as path from "path";
import * as openpgp from "openpgp";
import { ObservationFeedService } from "./observation-feed.service";
import { toTransactionBundle } from "./patient-mapper";

const DROP_DIR = process.env.FHIR_DROP_DIR ?? "/srv/fhir-drop";
const DEBUG = process.env.FHIR_EXPORT_DEBUG === "1";

async function recipientKey(): Promise<openpgp.PublicKey> {
  const armored = process.env.PARTNER_PGP_PUBLIC_KEY;
  if (!armored) throw new Error("PARTNER_PGP_PUBLIC_KEY is not set");
  return openpgp.readKey({ armoredKey: armored });
}

/**
 * Fallback channel when the partner's FHIR endpoint is down: the transaction Bundle is written to
 * a drop folder synchronised by the partner's agent, encrypted with the partner's OpenPGP key.
 */
export async function dropBundle(since: Date): Promise<string | null> {
  const rows = await new ObservationFeedService().fetchValidatedSince(since);
  if (rows.length === 0) return null;
  const bundle: Bundle = toTransactionBundle(rows);
  const json = JSON.stringify(bundle);

  await mkdir(DROP_DIR, { recursive: true });
  const base = path.join(DROP_DIR, `bundle-${Date.now()}`);

  if (DEBUG) {
    // "temporary" troubleshooting aid, left enabled on two sites
    // ruleid: unencrypted-patient-write
    await writeFile(`${base}.debug.json`, JSON.stringify(bundle, null, 2));
  }

  const encrypted = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: json }),
    encryptionKeys: await recipientKey(),
    format: "armored",
  });
  // ok: unencrypted-patient-write
  await writeFile(`${base}.json.asc`, encrypted, { mode: 0o640 });
  // ok: unencrypted-patient-write
  await writeFile(`${base}.manifest.json`, JSON.stringify({ entries: bundle.entry?.length ?? 0, createdAt: new Date().toISOString() }));
  return `${base}.json.asc`;
}
