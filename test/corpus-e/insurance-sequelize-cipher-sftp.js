"use strict";
// Résiliations du mois transmises au réassureur : colonnes utiles, chiffrement, suppression garantie.
const { Sequelize, DataTypes, Op } = require("sequelize");
const crypto = require("crypto");
const fs = require("fs/promises");
const SftpClient = require("ssh2-sftp-client");

const sequelize = new Sequelize(process.env.ASSUR_DB_URL, { logging: false });
const Assure = sequelize.define(
  "Assure",
  {
    numeroContrat: { type: DataTypes.STRING, primaryKey: true, field: "numero_contrat" },
    nom: DataTypes.STRING,
    prenom: DataTypes.STRING,
    dateNaissance: { type: DataTypes.DATEONLY, field: "date_naissance" },
    dateResiliation: { type: DataTypes.DATEONLY, field: "date_resiliation" },
    motif: DataTypes.STRING,
  },
  { tableName: "assures", timestamps: false }
);

async function exportResiliations(debut, fin) {
  // ok: unfiltered-extraction
  const resilies = await Assure.findAll({
    attributes: ["numeroContrat", "nom", "prenom", "dateResiliation"],
    where: { dateResiliation: { [Op.between]: [debut, fin] } },
    raw: true,
  });
  // ok: unfiltered-extraction
  const [motifs] = await sequelize.query("SELECT motif, COUNT(*) AS n FROM assures WHERE date_resiliation IS NOT NULL GROUP BY motif");
  console.table(motifs);

  const key = Buffer.from(process.env.EXPORT_AES_KEY, "base64");
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv("aes-256-cbc", key, iv);
  const payload = Buffer.concat([iv, cipher.update(JSON.stringify(resilies), "utf8"), cipher.final()]);
  const local = `/tmp/resiliations_${debut}.enc`;
  // ok: unencrypted-patient-write
  await fs.writeFile(local, payload);

  const sftp = new SftpClient();
  try {
    await sftp.connect({
      host: process.env.REASSUR_SFTP_HOST,
      username: process.env.REASSUR_SFTP_USER,
      // ok: hardcoded-credentials
      privateKey: await fs.readFile(process.env.REASSUR_SFTP_KEY),
    });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await sftp.fastPut(local, `/in/resiliations_${debut}.enc`);
  } finally {
    await fs.unlink(local).catch(() => {});
    await sftp.end().catch(() => {});
  }
}

exportResiliations(process.argv[2], process.argv[3])
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => sequelize.close());
