// Builds the FHIR ValueSet of the lab's biochemistry catalogue. No patient data in here.
import { writeFile, mkdir } from "node:fs/promises";

const valueSet = {
  resourceType: "ValueSet",
  id: "catalogue-biochimie",
  meta: {
    // ok: plaintext-transfer
    profile: ["http://hl7.org/fhir/StructureDefinition/shareablevalueset"],
  },
  status: "active",
  compose: {
    include: [
      {
        // ok: plaintext-transfer
        system: "http://loinc.org",
        concept: [
          { code: "2345-7", display: "Glucose [Mass/volume] in Serum or Plasma" },
          { code: "2160-0", display: "Creatinine [Mass/volume] in Serum or Plasma" },
        ],
      },
      {
        // ok: plaintext-transfer
        system: "http://snomed.info/sct",
        concept: [{ code: "166876008", display: "Glucose measurement" }],
      },
    ],
  },
};

// Identifier type used by the migration for the NIR column
const identifierType = {
  coding: [
    {
      // ok: plaintext-transfer
      system: "http://terminology.hl7.org/CodeSystem/v2-0203",
      code: "NH",
      display: "National Health Plan Identifier",
    },
  ],
};

// ok: plaintext-transfer
const UCUM = "http://unitsofmeasure.org";

await mkdir("./terminology", { recursive: true });
// ok: unencrypted-patient-write
await writeFile("./terminology/valueset-biochimie.json", JSON.stringify({ valueSet, identifierType, units: UCUM }, null, 2));

// validate against the public terminology server (HTTPS, catalogue only)
// ok: unencrypted-patient-write
const check = await fetch("https://tx.fhir.org/r4/ValueSet/$validate-code", { method: "POST", headers: { "content-type": "application/fhir+json" }, body: JSON.stringify(valueSet) });
console.log("terminology server says", check.status);
