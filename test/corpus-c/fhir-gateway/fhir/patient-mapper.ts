import type { Bundle, BundleEntry, Identifier, Observation, Patient } from "fhir/r4";

/** Row shape returned by the result queries of observation-feed.service.ts. */
export interface ResultRow {
  patient_id: string;
  ins_nir: string | null;
  last_name: string;
  first_name: string;
  birth_date: string;
  gender: "M" | "F" | "U";
  result_id: number;
  loinc_code: string;
  value_numeric: number | null;
  value_text: string | null;
  unit: string | null;
  validated_at: string;
}

// ok: plaintext-transfer
const LOINC = "http://loinc.org";
// ok: plaintext-transfer
const UCUM = "http://unitsofmeasure.org";
const INS_NIR_OID = "urn:oid:1.2.250.1.213.1.4.8";
// ok: plaintext-transfer
const LOCAL_PATIENT_ID_SYSTEM = "https://lis.lab-example.fr/fhir/sid/patient-id";

export function toFhirPatient(row: ResultRow): Patient {
  const identifier: Identifier[] = [{ system: LOCAL_PATIENT_ID_SYSTEM, value: row.patient_id }];
  if (row.ins_nir) identifier.push({ system: INS_NIR_OID, value: row.ins_nir, use: "official" });
  return {
    resourceType: "Patient",
    id: row.patient_id,
    identifier,
    name: [{ family: row.last_name, given: [row.first_name] }],
    birthDate: row.birth_date,
    gender: row.gender === "M" ? "male" : row.gender === "F" ? "female" : "unknown",
  };
}

export function toFhirObservation(row: ResultRow): Observation {
  return {
    resourceType: "Observation",
    id: `res-${row.result_id}`,
    status: "final",
    category: [{
      coding: [{
        // ok: plaintext-transfer
        system: "http://terminology.hl7.org/CodeSystem/observation-category",
        code: "laboratory",
      }],
    }],
    code: { coding: [{ system: LOINC, code: row.loinc_code }] },
    subject: { reference: `Patient/${row.patient_id}` },
    effectiveDateTime: row.validated_at,
    ...(row.value_numeric !== null
      ? { valueQuantity: { value: row.value_numeric, unit: row.unit ?? undefined, system: UCUM, code: row.unit ?? undefined } }
      : { valueString: row.value_text ?? "" }),
  };
}

/** Groups rows per patient into a transaction Bundle (Patient upserts + Observations). */
export function toTransactionBundle(rows: ResultRow[]): Bundle {
  const entries: BundleEntry[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (!seen.has(row.patient_id)) {
      seen.add(row.patient_id);
      entries.push({ resource: toFhirPatient(row), request: { method: "PUT", url: `Patient/${row.patient_id}` } });
    }
    entries.push({ resource: toFhirObservation(row), request: { method: "PUT", url: `Observation/res-${row.result_id}` } });
  }
  return { resourceType: "Bundle", type: "transaction", entry: entries };
}
