/**
 * Liste des patients sortants envoyée chaque soir au service de soins à domicile,
 * et tableau d'occupation des lits.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Papa from "papaparse";
import nodemailer from "nodemailer";

export interface Patient {
  ipp: string;
  nir: string;
  nom: string;
  prenom: string;
  dateNaissance: string;
  telephone: string;
  medecinTraitant: string;
  pathologies: string[];
}

export interface IndicateurService {
  service: string;
  lits: number;
  occupes: number;
}

const transporter = nodemailer.createTransport({
  host: process.env.SMTP_HOST,
  port: 465,
  secure: true,
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
});

export async function envoyerListeSortants(patients: Patient[], destinataire: string): Promise<void> {
  const csv = Papa.unparse({
    fields: ["ipp", "nir", "nom", "prenom", "dateNaissance", "telephone", "medecinTraitant", "pathologies"],
    data: patients.map((p) => [p.ipp, p.nir, p.nom, p.prenom, p.dateNaissance, p.telephone, p.medecinTraitant, p.pathologies.join("|")]),
  });
  const tmp = path.join(os.tmpdir(), `sortants_${Date.now()}.csv`);
  // ruleid: unencrypted-patient-write
  fs.writeFileSync(tmp, csv, { encoding: "utf8", mode: 0o600 });
  // ruleid: no-delete-after-transfer
  await transporter.sendMail({
    from: "dim@chu-exemple.fr",
    to: destinataire,
    subject: `Patients sortants du ${new Date().toLocaleDateString("fr-FR")}`,
    attachments: [{ filename: "sortants.csv", path: tmp, contentType: "text/csv" }],
  });
  fs.unlinkSync(tmp);
}

export function ecrireOccupation(indicateurs: IndicateurService[], out: string): void {
  const lignes = indicateurs.map((i) => ({ ...i, taux: Math.round((100 * i.occupes) / i.lits) }));
  // ok: unencrypted-patient-write
  fs.writeFileSync(out, Papa.unparse(lignes));
}
