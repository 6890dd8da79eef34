// FHIR Bundle POSTed with axios to the new LIS over plain HTTP with a basic-auth password in
// the code; a local mock endpoint for tests next to it.
import axios from "axios";
import knex from "knex";

const db = knex({ client: "pg", connection: process.env.DATABASE_URL });

const ENDPOINTS = {
  // ruleid: plaintext-transfer
  production: "http://sil-nouveau.labo-region.example:8080/fhir/r4",
  // ok: plaintext-transfer
  test: "http://localhost:8080/fhir/r4",
};

interface PatientRecord {
  ipp: string;
  nir: string;
  nom: string;
  prenom: string;
  ddn: string;
}

function bundleOf(patients: PatientRecord[]) {
  return {
    resourceType: "Bundle",
    type: "batch",
    entry: patients.map((p) => ({
      resource: {
        resourceType: "Patient",
        identifier: [{ system: "urn:oid:1.2.250.1.213.1.4.8", value: p.nir }],
        name: [{ family: p.nom, given: [p.prenom] }],
        birthDate: p.ddn,
      },
      request: { method: "PUT", url: `Patient?identifier=${p.ipp}` },
    })),
  };
}

export async function migrateBatch(labId: number, offset: number, env: keyof typeof ENDPOINTS = "production") {
  // ok: unfiltered-extraction
  const patients: PatientRecord[] = await db("patients")
    .select("ipp", "nir", "nom", "prenom", "ddn")
    .where({ lab_id: labId })
    .orderBy("ipp")
    .limit(500)
    .offset(offset);

  const payload = bundleOf(patients);
  // ruleid: unencrypted-patient-write
  const res = await axios.post(ENDPOINTS[env], payload, {
    headers: { "Content-Type": "application/fhir+json" },
    auth: {
      username: "interface_migration",
      // ruleid: hardcoded-credentials
      password: "Fhir!Migr-2022",
    },
    timeout: 60_000,
  });
  return res.data;
}

export async function ping(env: keyof typeof ENDPOINTS): Promise<boolean> {
  const r = await axios.get(`${ENDPOINTS[env]}/metadata`, {
    // ok: hardcoded-credentials
    auth: { username: process.env.FHIR_USER!, password: process.env.FHIR_PASSWORD! },
  });
  return r.status === 200;
}
