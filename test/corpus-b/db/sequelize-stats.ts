// Clean: statistics endpoint. Aggregates over the patient table, full read of the product
// table, nothing written to disk and no personal data leaves the process.
import express from "express";
import { DataTypes, Sequelize, fn, col, Op } from "sequelize";

const sequelize = new Sequelize(process.env.DATABASE_URL!, { logging: false });

const Patient = sequelize.define("Patient", {
  nir: DataTypes.STRING,
  nom: DataTypes.STRING,
  ville: DataTypes.STRING,
  dateNaissance: DataTypes.DATEONLY,
});
const Product = sequelize.define("Product", {
  sku: DataTypes.STRING,
  libelle: DataTypes.STRING,
  prix: DataTypes.DECIMAL,
});

export const router = express.Router();

router.get("/stats/villes", async (_req, res) => {
  // ok: unfiltered-extraction
  const rows = await Patient.findAll({
    attributes: ["ville", [fn("COUNT", col("id")), "n"]],
    group: ["ville"],
    raw: true,
  });
  res.json(rows);
});

router.get("/stats/total", async (_req, res) => {
  const total = await Patient.count();
  const recent = await Patient.count({ where: { createdAt: { [Op.gte]: new Date(Date.now() - 30 * 864e5) } } });
  res.json({ total, recent });
});

router.get("/stats/mois", async (_req, res) => {
  const [rows] = await sequelize.query(
    // ok: unfiltered-extraction
    "SELECT date_trunc('month', \"createdAt\") AS mois, COUNT(*) AS n FROM \"Patients\" GROUP BY 1 ORDER BY 1",
  );
  res.json(rows);
});

router.get("/produits", async (_req, res) => {
  // ok: unfiltered-extraction
  const items = await Product.findAll();
  res.json(items);
});
