// EDI list of members for the partner mutuelle; endpoint URL lives in ./shared/endpoints.
import { Sequelize, DataTypes, Model } from "sequelize";
import got from "got";
import { MUTUELLE_EDI_URL, LOCAL_QUEUE_URL, TIMEOUT_MS } from "./shared/endpoints";

class Adherent extends Model {}
const sequelize = new Sequelize(process.env.ADH_DB_URL as string, { logging: false });
Adherent.init(
  { numAdherent: DataTypes.STRING, nom: DataTypes.STRING, prenom: DataTypes.STRING, nir: DataTypes.STRING, rib: DataTypes.STRING },
  { sequelize, tableName: "adherents" },
);

function segment(a: Record<string, string>): Buffer {
  return Buffer.from(`ADH+${a.numAdherent}+${a.nom}:${a.prenom}+${a.nir}+${a.rib}'\n`, "latin1");
}

export async function push(): Promise<void> {
  // ruleid: unfiltered-extraction
  const adherents = await Adherent.findAll();
  const parts = [Buffer.from("UNH+1+ADHLST'\n")];
  for (const a of adherents) parts.push(segment(a.get({ plain: true })));
  const body = Buffer.concat(parts);
  // ruleid: unencrypted-patient-write
  await got.post(MUTUELLE_EDI_URL, { body, timeout: { request: TIMEOUT_MS } });
  // ok: unencrypted-patient-write
  await got.post(LOCAL_QUEUE_URL, { json: { event: "edi-sent", count: adherents.length } });
  await sequelize.close();
}
