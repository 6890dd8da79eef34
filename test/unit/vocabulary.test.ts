import * as assert from "assert";
import { loadVocabulary } from "privacy-review/internal/engine/classify/vocabulary";
import { RULES } from "../util/paths";

describe("personal-data vocabulary", () => {
  const v = loadVocabulary(RULES);
  it("classifies French and English identity, id, contact, health and free-text names", () => {
    for (const n of [
      "nom",
      "prenom",
      "nom_naissance",
      "last_name",
      "birth_date",
      "dateNaissance",
      "sexe",
      "gender",
      "nir",
      "numero_securite_sociale",
      "ssn",
      "adresse",
      "telephone",
      "email",
      "diagnostic",
      "diagnosis",
      "pathologie",
      "traitement",
      "prescription",
      "vih",
      "grossesse",
      "commentaire_p",
      "commentaire_d",
    ]) {
      assert.ok(v.classifyName(n), n);
    }
  });
  it("does not classify names that merely contain a word", () => {
    for (const n of [
      "patientCount",
      "nirValidator",
      "emailTemplate",
      "nb_patients",
      "patient_id",
      "diagnosticService",
    ]) {
      assert.strictEqual(v.classifyName(n), undefined, n);
    }
  });
  it("needs a personal context for weak words such as name or comment", () => {
    assert.strictEqual(v.classifyName("name"), undefined);
    assert.ok(v.classifyName("name", true));
    assert.ok(v.classifyName("patient_name"));
    assert.strictEqual(v.classifyName("comment"), undefined);
  });
  it("tells personal tables from catalogue and configuration tables", () => {
    for (const t of ["patients", "dossiers", "lab_results", "public.patient", "t_patients"])
      assert.ok(v.isPersonalTable(t), t);
    for (const t of [
      "products",
      "catalogue_examens",
      "config",
      "settings",
      "tarifs",
      "patient_stats",
      "knex_migrations",
    ])
      assert.strictEqual(v.isPersonalTable(t), false, t);
  });
  it("classifies personal type names and FHIR resources, not services", () => {
    for (const t of ["Patient", "IPatient", "PatientRecord", "Observation", "DossierMedical"])
      assert.ok(v.isPersonalTypeName(t), t);
    for (const t of ["PatientService", "PatientCount", "Product"])
      assert.strictEqual(v.isPersonalTypeName(t), false, t);
  });
  it("takes the user's additions from config", () => {
    const u = loadVocabulary(RULES, { tables: ["t_pat"], columns: ["num_dossier"], notPersonal: ["email"] });
    assert.ok(u.isPersonalTable("t_pat"));
    assert.ok(u.classifyName("num_dossier"));
    assert.strictEqual(u.classifyName("email"), undefined);
  });
});
