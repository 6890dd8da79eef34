/**
 * Envoi quotidien des résultats validés au SIL du laboratoire partenaire.
 */
import PromiseFtp from "promise-ftp";
import { Sequelize, QueryTypes } from "sequelize";

const sequelize = new Sequelize(
  "biologie",
  process.env.DB_USER as string,
  // ok: hardcoded-credentials
  process.env.DB_PASSWORD,
  { host: process.env.DB_HOST, dialect: "mariadb", logging: false }
);

export async function pushResultats(jour: string): Promise<void> {
  const historique = await sequelize.query(
    // ruleid: unfiltered-extraction
    "SELECT * FROM resultats_analyses",
    { type: QueryTypes.SELECT }
  );
  const duJour = await sequelize.query(
    // ok: unfiltered-extraction
    "SELECT id_patient, code_analyse, valeur, unite FROM resultats_analyses WHERE date_validation = :jour",
    { replacements: { jour }, type: QueryTypes.SELECT }
  );

  const ftp = new PromiseFtp();
  // ruleid: plaintext-transfer
  await ftp.connect({
    host: "ftp.sil-partenaire.example.fr",
    user: process.env.SIL_FTP_USER,
    // ruleid: hardcoded-credentials
    password: process.env.SIL_FTP_PASSWORD ?? "Labo2019",
    connTimeout: 20000,
  });
  try {
    // ruleid: unencrypted-patient-write
    await ftp.put(Buffer.from(JSON.stringify(duJour)), `/resultats/${jour}.json`);
    // ruleid: unencrypted-patient-write
    await ftp.append(Buffer.from(historique.map((r) => JSON.stringify(r)).join("\n") + "\n"), "/resultats/historique.ndjson");
  } finally {
    await ftp.end();
  }
}

pushResultats(new Date().toISOString().slice(0, 10))
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => sequelize.close());
