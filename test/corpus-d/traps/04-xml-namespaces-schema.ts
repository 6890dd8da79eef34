// Generates the XSD-side artefacts and the JSON schema describing one export row.
import { writeFileSync, mkdirSync } from "fs";

// ok: plaintext-transfer
const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
// ok: plaintext-transfer
const XSL_NS = "http://www.w3.org/1999/XSL/Transform";

// ok: plaintext-transfer
const CDA_ROOT = '<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:hl7-org:v3 CDA.xsd">';

const stylesheet = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  `<xsl:stylesheet version="1.0" xmlns:xsl="${XSL_NS}" xmlns:xsi="${XSI_NS}">`,
  '  <xsl:output method="html" encoding="UTF-8"/>',
  '  <xsl:template match="/">{{body}}</xsl:template>',
  "</xsl:stylesheet>",
].join("\n");

// JSON schema of a row in the migration file (field names only)
const exportRowSchema = {
  // ok: plaintext-transfer
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "urn:labo-nord:migration:patient-row:v1",
  title: "PatientExportRow",
  type: "object",
  required: ["nir", "nom", "prenom", "date_naissance"],
  properties: {
    nir: { type: "string", pattern: "^[12][0-9]{12}([0-9]{2})?$" },
    nom: { type: "string", maxLength: 80 },
    prenom: { type: "string", maxLength: 80 },
    date_naissance: { type: "string", format: "date" },
  },
  additionalProperties: false,
};

mkdirSync("./schemas", { recursive: true });
// ok: unencrypted-patient-write
writeFileSync("./schemas/patient-export-row.schema.json", JSON.stringify(exportRowSchema, null, 2));
// ok: unencrypted-patient-write
writeFileSync("./schemas/cda-to-html.xsl", stylesheet);
// ok: unencrypted-patient-write
writeFileSync("./schemas/cda-root.xml.tpl", `${CDA_ROOT}\n  {{sections}}\n</ClinicalDocument>\n`);
