// Clean: a FHIR transaction Bundle encrypted with WebCrypto (AES-GCM) before it is POSTed to an
// HTTPS endpoint; identifiers use URN OIDs rather than URLs.
import { webcrypto } from "crypto";
import { Pool } from "pg";

const pool = new Pool();
const INS_NIR_OID = "urn:oid:1.2.250.1.213.1.4.8";

async function loadPatients(labId: number) {
  const { rows } = await pool.query(
    // ok: unfiltered-extraction
    "SELECT nir, nom, prenom, date_naissance, sexe FROM patients WHERE lab_id = $1 AND a_migrer = true",
    [labId],
  );
  return rows;
}

function toBundle(rows: any[]) {
  return {
    resourceType: "Bundle",
    type: "transaction",
    entry: rows.map((r) => ({
      resource: {
        resourceType: "Patient",
        identifier: [{ system: INS_NIR_OID, value: r.nir }],
        name: [{ family: r.nom, given: [r.prenom] }],
        birthDate: r.date_naissance,
        gender: r.sexe === "F" ? "female" : "male",
      },
      request: { method: "POST", url: "Patient" },
    })),
  };
}

async function importKey(): Promise<CryptoKey> {
  const raw = Buffer.from(process.env.FHIR_PAYLOAD_KEY!, "base64");
  return webcrypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt"]) as Promise<CryptoKey>;
}

export async function pushBundle(labId: number): Promise<void> {
  const bundle = toBundle(await loadPatients(labId));
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const key = await importKey();
  const sealed = await webcrypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(JSON.stringify(bundle)));

  // ok: unencrypted-patient-write
  // ok: plaintext-transfer
  const res = await fetch(`${process.env.FHIR_BASE ?? "https://fhir.nouveau-sil.example/r4"}/$import-sealed`, {
    method: "POST",
    headers: {
      "Content-Type": "application/octet-stream",
      "X-IV": Buffer.from(iv).toString("base64"),
      Authorization: `Bearer ${process.env.FHIR_TOKEN}`,
    },
    body: Buffer.from(sealed),
  });
  if (!res.ok) throw new Error(`FHIR import failed: ${res.status}`);
}
