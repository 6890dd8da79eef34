// Small intranet server of the town hall: nightly copy of civil-status records
// and download pages for the records office.
const express = require("express");
const serveStatic = require("serve-static");
const serveIndex = require("serve-index");
const fs = require("fs");
const path = require("path");
const { Sequelize, DataTypes, Op } = require("sequelize");

const EXPORT_DIR = "/srv/mairie/exports";
const BACKUP_DIR = "/srv/mairie/sauvegardes";
const sequelize = new Sequelize(process.env.ETAT_CIVIL_DB, { logging: false });
const Acte = sequelize.define("Acte", {
  type: DataTypes.STRING,
  nom: DataTypes.STRING,
  prenoms: DataTypes.STRING,
  dateNaissance: DataTypes.DATEONLY,
  lieuNaissance: DataTypes.STRING,
  nomPere: DataTypes.STRING,
  nomMere: DataTypes.STRING,
}, { tableName: "actes" });

function nightlyCopy(since, done) {
  // ok: unfiltered-extraction
  Acte.findAll({ attributes: ["type", "nom", "prenoms", "dateNaissance", "lieuNaissance"], where: { updatedAt: { [Op.gte]: since } }, raw: true })
    .then((actes) => {
      const file = path.join(BACKUP_DIR, `actes_${since.toISOString().slice(0, 10)}.json`);
      // ruleid: unencrypted-patient-write
      fs.writeFile(file, JSON.stringify(actes), done);
    })
    .catch(done);
}

const app = express();
// ok: anonymous-access
app.use("/assets", express.static(path.join(__dirname, "public")));
// ruleid: anonymous-access
app.use("/exports", express.static(EXPORT_DIR));
// ruleid: anonymous-access
app.use("/sauvegardes", serveIndex(BACKUP_DIR, { icons: true }), serveStatic(BACKUP_DIR));

app.post("/admin/copie", (req, res) => {
  nightlyCopy(new Date(Date.now() - 24 * 3600 * 1000), (err) => (err ? res.status(500).end() : res.status(204).end()));
});

app.listen(3000);
