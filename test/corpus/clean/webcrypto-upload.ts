// Sends recent pathology results to the regional cancer registry, encrypted with Web Crypto.
import { Sequelize, DataTypes, Op } from "sequelize";

const sequelize = new Sequelize(process.env.ANAPATH_DB as string, { logging: false });
const CompteRendu = sequelize.define("CompteRendu", {
  patientId: DataTypes.INTEGER,
  dateNaissance: DataTypes.DATEONLY,
  diagnostic: DataTypes.TEXT,
  codeAdicap: DataTypes.STRING,
  valideLe: DataTypes.DATE,
}, { tableName: "comptes_rendus" });

async function importKey(): Promise<CryptoKey> {
  const raw = Buffer.from(process.env.REGISTRY_AES_KEY as string, "base64");
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt"]);
}

export async function sendToRegistry(since: Date): Promise<void> {
  // ok: unfiltered-extraction
  const rows = await CompteRendu.findAll({ attributes: ["patientId", "dateNaissance", "diagnostic", "codeAdicap"], where: { valideLe: { [Op.gte]: since } }, raw: true });
  const key = await importKey();
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(JSON.stringify(rows)));
  // ok: unencrypted-patient-write
  const res = await fetch("https://depot.registre-cancers-region.fr/api/lots", {
    method: "PUT",
    headers: { "Content-Type": "application/octet-stream", "X-IV": Buffer.from(iv).toString("base64") },
    body: new Uint8Array(ciphertext),
  });
  if (!res.ok) throw new Error(`registry returned ${res.status}`);
  // ok: unfiltered-extraction
  const total = await CompteRendu.count();
  console.log(`sent ${rows.length} / ${total}`);
}
