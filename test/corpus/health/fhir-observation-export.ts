/**
 * Glucose results and their patients from the hospital FHIR gateway, for the
 * diabetology research warehouse (convention DRCI-2021-014).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

interface FhirPatient {
  resourceType: "Patient";
  id: string;
  identifier?: { system: string; value: string }[];
  name?: { family?: string; given?: string[] }[];
  birthDate?: string;
  gender?: "male" | "female" | "other" | "unknown";
}

interface FhirObservation {
  resourceType: "Observation";
  id: string;
  subject: { reference: string };
  effectiveDateTime?: string;
  valueQuantity?: { value: number; unit: string };
}

type Resource = FhirPatient | FhirObservation;
interface Bundle {
  entry?: { resource: Resource }[];
  link?: { relation: string; url: string }[];
}

// ruleid: plaintext-transfer
const FHIR_BASE = "http://fhir-gw.chu-nord.fr/fhir";
// A code system identifier, never contacted.
// ok: plaintext-transfer
const GLUCOSE = "http://loinc.org|2345-7";

async function searchAll(url: string): Promise<Resource[]> {
  const found: Resource[] = [];
  let next: string | undefined = url;
  while (next) {
    // ok: unencrypted-patient-write
    const res = await fetch(next, { headers: { Accept: "application/fhir+json" } });
    if (!res.ok) throw new Error(`FHIR ${res.status}`);
    const bundle = (await res.json()) as Bundle;
    for (const e of bundle.entry ?? []) found.push(e.resource);
    next = bundle.link?.find((l) => l.relation === "next")?.url;
  }
  return found;
}

export async function exportGlucose(outDir: string, since: string): Promise<number> {
  const query = `${FHIR_BASE}/Observation?code=${encodeURIComponent(GLUCOSE)}&date=ge${since}&_include=Observation:subject&_count=500`;
  const resources = await searchAll(query);
  const patients = resources.filter((r): r is FhirPatient => r.resourceType === "Patient");
  const observations = resources.filter((r): r is FhirObservation => r.resourceType === "Observation");

  await mkdir(outDir, { recursive: true });
  // ruleid: unencrypted-patient-write
  await writeFile(join(outDir, "Patient.ndjson"), patients.map((p) => JSON.stringify(p)).join("\n"));
  // ruleid: unencrypted-patient-write
  await writeFile(join(outDir, "Observation.ndjson"), observations.map((o) => JSON.stringify(o)).join("\n"));
  const manifest = { since, patients: patients.length, observations: observations.length };
  // ok: unencrypted-patient-write
  await writeFile(join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return observations.length;
}
