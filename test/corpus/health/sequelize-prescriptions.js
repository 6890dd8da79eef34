// Daily feed of prescriptions to the partner pharmacy network.
const { Sequelize, DataTypes } = require("sequelize");
const { Parser } = require("json2csv");
const SftpClient = require("ssh2-sftp-client");

const sequelize = new Sequelize(process.env.PG_URL, { logging: false });

const Prescription = sequelize.define(
  "Prescription",
  {
    patientNom: DataTypes.STRING,
    patientPrenom: DataTypes.STRING,
    nir: DataTypes.STRING,
    medicament: DataTypes.STRING,
    posologie: DataTypes.STRING,
    diagnostic: DataTypes.TEXT,
  },
  { tableName: "prescriptions" },
);

const Pharmacie = sequelize.define(
  "Pharmacie",
  { finess: DataTypes.STRING, raisonSociale: DataTypes.STRING },
  { tableName: "pharmacies" },
);

async function pushToPartner() {
  // ok: unfiltered-extraction
  const total = await Prescription.count();
  // ok: unfiltered-extraction
  const pharmacies = await Pharmacie.findAll();
  // ruleid: unfiltered-extraction
  const data = await Prescription.findAll({ raw: true });
  const csv = new Parser({ delimiter: ";" }).parse(data);

  const sftp = new SftpClient();
  await sftp.connect({
    host: "sftp.partenaire-pharma.fr",
    username: "chu_export",
    // ruleid: hardcoded-credentials
    password: "Chu!Export2021",
  });
  try {
    // ruleid: unencrypted-patient-write
    await sftp.put(Buffer.from(csv, "utf8"), `/in/prescriptions_${Date.now()}.csv`);
    const manifest = { total, pharmacies: pharmacies.length };
    // ok: unencrypted-patient-write
    await sftp.put(Buffer.from(JSON.stringify(manifest)), "/in/manifest.json");
  } finally {
    await sftp.end();
    await sequelize.close();
  }
}

pushToPartner().catch((e) => {
  console.error(e);
  process.exit(2);
});
