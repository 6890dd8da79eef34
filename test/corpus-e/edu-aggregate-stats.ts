/**
 * Indicateurs de vie scolaire pour le conseil d'administration (données agrégées uniquement).
 */
import { MongoClient } from "mongodb";
import { Sequelize, QueryTypes } from "sequelize";

const sequelize = new Sequelize(process.env.SCOLARITE_DB_URL as string, { logging: false });
const mongo = new MongoClient(process.env.VIE_SCOLAIRE_MONGO_URL as string);

export async function indicateurs(annee: string): Promise<void> {
  // ok: unfiltered-extraction
  const parClasse = await sequelize.query("SELECT classe, COUNT(*) AS effectif, AVG(moyenne_generale) AS moyenne FROM eleves GROUP BY classe", {
    type: QueryTypes.SELECT,
  });
  // ok: unfiltered-extraction
  const [{ total }] = await sequelize.query<{ total: number }>("SELECT COUNT(*) AS total FROM eleves", { type: QueryTypes.SELECT });

  await mongo.connect();
  const db = mongo.db("vie_scolaire");
  // ok: unfiltered-extraction
  const absences = await db
    .collection("absences")
    .aggregate([{ $match: { annee } }, { $group: { _id: "$classe", demiJournees: { $sum: "$demiJournees" } } }, { $sort: { _id: 1 } }])
    .toArray();
  // ok: unfiltered-extraction
  const matieres = await db.collection("matieres").find().toArray();
  // ok: unfiltered-extraction
  const delegues = await db.collection("eleves").find({ annee, delegue: true }, { projection: { nom: 1, prenom: 1, classe: 1 } }).toArray();

  console.log(`Effectif total : ${total}, ${matieres.length} matières, ${delegues.length} délégués`);
  console.table(parClasse);
  console.table(absences.map((a) => ({ classe: a._id, demiJournees: a.demiJournees })));
  await mongo.close();
}

indicateurs(process.argv[2] ?? "2024-2025")
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => sequelize.close());
