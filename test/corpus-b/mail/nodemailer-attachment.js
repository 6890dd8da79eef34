// Extract written to disk then mailed as an attachment; the file is never removed.
const nodemailer = require("nodemailer");
const fs = require("fs");
const path = require("path");
const { Client } = require("pg");

async function sendExtract(labId, to) {
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  // ruleid: unfiltered-extraction
  const res = await pg.query("SELECT nom, prenom, telephone, email FROM patients ORDER BY nom");
  await pg.end();

  const csv = res.rows.reduce((acc, r) => `${acc}${r.nom};${r.prenom};${r.telephone};${r.email}\n`, "");
  const file = path.join("/var/tmp", `extraction-${labId}.csv`);
  // ruleid: unencrypted-patient-write
  fs.writeFileSync(file, csv);

  const transport = nodemailer.createTransport({
    host: process.env.SMTP_HOST,
    port: 465,
    secure: true,
    auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
  });

  // ruleid: no-delete-after-transfer
  await transport.sendMail({
    from: "migration@labo.example",
    to,
    subject: `Extraction labo ${labId}`,
    text: "Veuillez trouver l'extraction en pièce jointe.",
    attachments: [{ filename: path.basename(file), path: file }],
  });
}

async function sendReport(to, stats) {
  const transport = nodemailer.createTransport({ host: process.env.SMTP_HOST, port: 465, secure: true });
  const file = path.join("/var/tmp", "rapport.txt");
  // ok: unencrypted-patient-write
  fs.writeFileSync(file, `Migration terminée: ${stats.count} dossiers, ${stats.errors} erreurs\n`);
  try {
    // ok: no-delete-after-transfer
    await transport.sendMail({ to, subject: "Rapport de migration", attachments: [{ path: file }] });
  } finally {
    fs.unlinkSync(file);
  }
}

module.exports = { sendExtract, sendReport };
