// Publishes the exam catalogue as XML to the regional directory (HTTPS).
import got from "got";
import knex from "knex";

const db = knex({ client: "pg", connection: process.env.SIL_DB_URL });
// ok: plaintext-transfer
const NS = "http://www.w3.org/2001/XMLSchema-instance";

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export async function publishCatalogue(): Promise<void> {
  // ok: unfiltered-extraction
  const exams = await db("catalogue_examens").select("code", "libelle", "tube", "delai_rendu_h");
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // ok: plaintext-transfer
    `<catalogue xmlns="urn:annuaire-sante:catalogue:1" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="${NS}">`,
    ...exams.map((e) => `  <examen code="${escapeXml(e.code)}" tube="${escapeXml(e.tube)}" delai="${e.delai_rendu_h}">${escapeXml(e.libelle)}</examen>`),
    "</catalogue>",
  ].join("\n");
  // ok: unencrypted-patient-write
  await got.put("https://annuaire-sante-region.fr/api/catalogues/labo-42", {
    body,
    headers: { "content-type": "application/xml" },
    username: process.env.ANNUAIRE_USER,
    // ok: hardcoded-credentials
    password: process.env.ANNUAIRE_PASSWORD,
  });
  await db.destroy();
}
