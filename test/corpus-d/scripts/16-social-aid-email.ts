// Monthly list of aid payments for the municipal treasury, sent by e-mail (encrypted attachment).
import nodemailer from "nodemailer";
import { Pool } from "pg";
import { createCipheriv, randomBytes, scryptSync } from "crypto";
import { writeFileSync } from "fs";

const pool = new Pool({ connectionString: process.env.CCAS_DB });
const transporter = nodemailer.createTransport({
  host: "smtp.ville-exemple.fr",
  port: 465,
  secure: true,
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
});

async function sendMonthlyList(month: string): Promise<void> {
  const { rows } = await pool.query(
    // ok: unfiltered-extraction
    "SELECT dossier_id, nom, prenom, aide_type, montant FROM aides_versees WHERE mois = $1",
    [month],
  );
  const key = scryptSync(process.env.CCAS_EXPORT_PASSPHRASE as string, `ccas-${month}`, 32);
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  const clear = rows.map((r) => `${r.dossier_id};${r.nom};${r.prenom};${r.aide_type};${r.montant}`).join("\n");
  const file = `/tmp/aides-${month}.enc`;
  // ok: unencrypted-patient-write
  writeFileSync(file, Buffer.concat([iv, cipher.update(clear, "utf8"), cipher.final()]));

  // ok: unencrypted-patient-write
  // ruleid: no-delete-after-transfer
  await transporter.sendMail({
    from: "ccas@ville-exemple.fr",
    to: "tresorerie@ville-exemple.fr",
    subject: `Aides versées ${month}`,
    text: "Fichier chiffré, clé habituelle.",
    attachments: [{ filename: `aides-${month}.enc`, path: file }],
  });
}

sendMonthlyList(process.argv[2] ?? new Date().toISOString().slice(0, 7)).finally(() => pool.end());
