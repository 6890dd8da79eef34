// Sends each school's list of pupils with allergies / PAI to the catering company.
import { Pool } from "pg";

interface Eleve {
  nom: string;
  prenom: string;
  date_naissance: string;
  classe: string;
  allergies: string | null;
  pai: boolean;
}

const pool = new Pool({ connectionString: process.env.SCOLAIRE_DB });

function rowHtml(e: Eleve): string {
  return `<tr><td>${e.nom}</td><td>${e.prenom}</td><td>${e.classe}</td><td>${e.allergies ?? ""}</td></tr>`;
}

export async function envoyerListeCantine(ecole: string): Promise<void> {
  // ok: unfiltered-extraction
  const { rows: [stats] } = await pool.query("SELECT count(*) FILTER (WHERE pai) AS nb_pai FROM eleves");
  // ruleid: unfiltered-extraction
  const { rows } = await pool.query<Eleve>("SELECT nom, prenom, date_naissance, classe, allergies, pai FROM eleves");
  const liste = rows.filter((e) => e.classe.startsWith(ecole) && (e.pai || e.allergies));

  // ok: plaintext-transfer
  const html = `<html xmlns="http://www.w3.org/1999/xhtml"><body><table>${liste.map(rowHtml).join("")}</table></body></html>`;
  const form = new FormData();
  form.append("ecole", ecole);
  form.append("fichier", new Blob([html], { type: "text/html" }), `cantine-${ecole}.html`);

  // ok: unencrypted-patient-write (request body over verified TLS: encrypted in transit, not a stored copy)
  const res = await fetch("https://portail.restauration-collective.fr/api/listes", {
    method: "POST",
    body: form,
    headers: { Authorization: `Bearer ${process.env.TRAITEUR_TOKEN}` },
  });
  if (!res.ok) throw new Error(`traiteur: HTTP ${res.status}`);
  console.log(`${liste.length} élèves envoyés (${stats.nb_pai} PAI au total)`);
}
