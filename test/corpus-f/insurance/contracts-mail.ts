import * as openpgp from "openpgp";
import nodemailer from "nodemailer";
import { readFile } from "node:fs/promises";
import { pool } from "../lib/db";

const transporter = nodemailer.createTransport({
  host: "smtp.example-assur.fr",
  port: 465,
  secure: true,
  auth: {
    user: process.env.SMTP_USER,
    // ok: hardcoded-credentials
    pass: process.env.SMTP_PASS,
  },
});

async function brokerKey(): Promise<openpgp.Key> {
  const armoredKey = await readFile(process.env.BROKER_PGP_KEY_PATH ?? "/etc/assur/keys/broker.asc", "utf8");
  return openpgp.readKey({ armoredKey });
}

/** Contracts due for renewal, sent to the broker as a PGP-encrypted attachment. */
export async function mailRenewals(echeance: string, to: string): Promise<number> {
  // ok: unfiltered-extraction
  const { rows } = await pool.query("SELECT numero_contrat, nom, prenom, prime_annuelle FROM contrats WHERE echeance = $1 AND statut = 'ACTIF'", [echeance]);
  const csv = ["contrat;nom;prenom;prime", ...rows.map((r) => Object.values(r).join(";"))].join("\n");
  const encrypted = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: csv }),
    encryptionKeys: await brokerKey(),
  });
  // ok: unencrypted-patient-write
  // ok: no-delete-after-transfer
  await transporter.sendMail({
    from: "renouvellements@example-assur.fr",
    to,
    subject: `Renouvellements ${echeance}`,
    text: `${rows.length} contrats, fichier chiffré en pièce jointe.`,
    attachments: [{ filename: `renouvellements-${echeance}.csv.asc`, content: encrypted as string }],
  });
  return rows.length;
}

/** Daily count for the sales team (no attachment). */
export async function mailCount(to: string): Promise<void> {
  // ok: unfiltered-extraction
  const { rows } = await pool.query("SELECT COUNT(*)::int AS n FROM contrats WHERE statut = 'ACTIF'");
  // ok: unencrypted-patient-write
  await transporter.sendMail({ from: "stats@example-assur.fr", to, subject: "Contrats actifs", text: String(rows[0].n) });
}
