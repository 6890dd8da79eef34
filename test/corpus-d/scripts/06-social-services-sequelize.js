// Transfer of the social-aid beneficiaries to the departmental depot (public zone).
const { Sequelize, DataTypes } = require("sequelize");
const Client = require("ftp");
const fs = require("fs");

// ruleid: hardcoded-credentials
const sequelize = new Sequelize("mysql://cas_app:cas2021@10.2.0.14:3306/social", { logging: false });

const Beneficiary = sequelize.define(
  "Beneficiary",
  {
    fileNumber: DataTypes.STRING,
    lastName: DataTypes.STRING,
    firstName: DataTypes.STRING,
    birthDate: DataTypes.DATEONLY,
    householdIncome: DataTypes.DECIMAL,
    disability: DataTypes.BOOLEAN,
    caseNotes: DataTypes.TEXT,
  },
  { tableName: "beneficiaries", timestamps: false }
);

async function main() {
  // ruleid: unfiltered-extraction
  const all = await Beneficiary.findAll({ raw: true });
  const file = `/tmp/beneficiaires_${Date.now()}.json`;
  // ruleid: unencrypted-patient-write
  fs.writeFileSync(file, JSON.stringify(all));

  const c = new Client();
  c.on("ready", () => {
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    c.put(file, "depot/beneficiaires.json", (err) => {
      if (err) console.error("put failed", err);
      c.end();
    });
  });
  c.on("error", (err) => console.error(err));
  // ruleid: plaintext-transfer
  // ruleid: anonymous-access
  c.connect({ host: "depot.departement-exemple.fr", port: 21 });
}

main().finally(() => sequelize.close());
