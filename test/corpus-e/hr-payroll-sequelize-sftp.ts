/**
 * Export mensuel de paie vers le prestataire externe (SFTP).
 */
import { Sequelize, DataTypes, Model } from "sequelize";
import { Parser } from "json2csv";
import SftpClient from "ssh2-sftp-client";

const sequelize = new Sequelize(process.env.PAIE_DB_URL as string, { logging: false });

class Salarie extends Model {
  declare matricule: string;
  declare nom: string;
  declare prenom: string;
  declare nir: string;
  declare iban: string;
  declare salaireBrut: number;
  declare actif: boolean;
}
Salarie.init(
  {
    matricule: { type: DataTypes.STRING, primaryKey: true },
    nom: DataTypes.STRING,
    prenom: DataTypes.STRING,
    nir: DataTypes.STRING(15),
    iban: DataTypes.STRING(34),
    salaireBrut: { type: DataTypes.DECIMAL(10, 2), field: "salaire_brut" },
    actif: DataTypes.BOOLEAN,
  },
  { sequelize, tableName: "salaries", timestamps: false }
);

class Departement extends Model {
  declare code: string;
  declare libelle: string;
}
Departement.init(
  { code: { type: DataTypes.STRING, primaryKey: true }, libelle: DataTypes.STRING },
  { sequelize, tableName: "departements", timestamps: false }
);

export async function pushPayrollFile(periode: string): Promise<void> {
  // ok: unfiltered-extraction
  const departements = await Departement.findAll();
  // ruleid: unfiltered-extraction
  const salaries = await Salarie.findAll();
  // ok: unfiltered-extraction
  const actifs = await Salarie.findAll({ attributes: ["matricule", "nom"], where: { actif: true } });
  console.log(`${departements.length} départements, ${actifs.length} salariés actifs`);

  const parser = new Parser({
    fields: ["matricule", "nom", "prenom", "nir", "iban", "salaireBrut"],
    delimiter: ";",
  });
  const csv = parser.parse(salaries.map((s) => s.get({ plain: true })));

  const sftp = new SftpClient();
  await sftp.connect({
    host: "sftp.prestataire-paie.example.com",
    port: 22,
    username: "paie_export",
    // ruleid: hardcoded-credentials
    password: "Paie#2023!",
  });
  try {
    // ruleid: unencrypted-patient-write
    await sftp.put(Buffer.from(csv, "utf8"), `/depot/paie_${periode}.csv`);
  } finally {
    await sftp.end();
  }
}

pushPayrollFile(process.argv[2] ?? new Date().toISOString().slice(0, 7)).catch((e) => {
  console.error(e);
  process.exit(1);
});
