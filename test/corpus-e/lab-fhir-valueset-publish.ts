/**
 * Publication du catalogue d'analyses du laboratoire (ValueSet FHIR) sur le serveur
 * de terminologie régional. Aucune donnée de patient : uniquement des codes.
 */
import got from "got";

// ok: plaintext-transfer
const LOINC = "http://loinc.org";
// ok: plaintext-transfer
const SNOMED = "http://snomed.info/sct";
// ok: plaintext-transfer
const UCUM = "http://unitsofmeasure.org";

interface CodeAnalyse {
  system: string;
  code: string;
  display: string;
  unite?: string;
}

const CATALOGUE: CodeAnalyse[] = [
  { system: LOINC, code: "2345-7", display: "Glucose [Masse/Volume] Sérum/Plasma", unite: "g/L" },
  { system: LOINC, code: "718-7", display: "Hémoglobine [Masse/Volume] Sang", unite: "g/dL" },
  { system: LOINC, code: "4548-4", display: "Hémoglobine A1c/Hémoglobine totale", unite: "%" },
  { system: SNOMED, code: "119297000", display: "Échantillon de sang" },
];

function toXml(items: CodeAnalyse[]): string {
  const concepts = items.map((c) => `<concept><code value="${c.code}"/><display value="${c.display}"/></concept>`).join("");
  // ok: plaintext-transfer
  return `<ValueSet xmlns="http://hl7.org/fhir"><status value="active"/><compose><include>${concepts}</include></compose></ValueSet>`;
}

function toJson(items: CodeAnalyse[]) {
  const systems = [...new Set(items.map((i) => i.system))];
  return {
    resourceType: "ValueSet",
    status: "active",
    compose: {
      include: systems.map((system) => ({
        system,
        concept: items.filter((i) => i.system === system).map(({ code, display }) => ({ code, display })),
      })),
    },
    extension: [{ url: "units-system", valueUri: UCUM }],
  };
}

export async function publier(): Promise<void> {
  // ok: plaintext-transfer
  // Ancien serveur (décommissionné) : http://terminologie-legacy.labo.example.fr/fhir
  // ok: plaintext-transfer
  await got.post("http://127.0.0.1:8080/fhir/ValueSet/$validate", { body: toXml(CATALOGUE), headers: { "content-type": "application/fhir+xml" } });
  // ok: plaintext-transfer
  // ok: unencrypted-patient-write
  await got.put("https://terminologie.sante-region.example.fr/fhir/ValueSet/catalogue-labo", {
    json: toJson(CATALOGUE),
    headers: { Authorization: `Bearer ${process.env.TERMINO_TOKEN}` },
  });
}

publier().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
