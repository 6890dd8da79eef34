"use strict";
const fs = require("fs");
const path = require("path");
const ftp = require("basic-ftp");
const { Sequelize, DataTypes } = require("sequelize");

// ok: hardcoded-credentials
const sequelize = new Sequelize(process.env.SCHOOL_DB_URL, { logging: false });

const Student = sequelize.define(
  "Student",
  {
    ine: DataTypes.STRING,
    nom: DataTypes.STRING,
    prenom: DataTypes.STRING,
    dateNaissance: DataTypes.DATEONLY,
    classe: DataTypes.STRING,
    telResponsable: DataTypes.STRING,
    besoinsParticuliers: DataTypes.TEXT,
  },
  { tableName: "students" },
);

const OUT = path.join(__dirname, "out", "eleves.json");

/** Yearly transfer of the pupil list to the education authority. */
function exportStudents() {
  // ruleid: unfiltered-extraction
  return Student.findAll()
    .then((rows) => rows.map((s) => s.toJSON()))
    .then((data) => {
      // ruleid: unencrypted-patient-write
      fs.writeFileSync(OUT, JSON.stringify(data));
      return OUT;
    })
    .then(async (file) => {
      const client = new ftp.Client();
      // ruleid: plaintext-transfer
      await client.access({
        host: "ftp.example-rectorat.fr",
        // ok: anonymous-access
        user: "scolarite",
        // ruleid: hardcoded-credentials
        password: "ecole2020",
      });
      // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
      // ruleid: no-delete-after-transfer
      await client.uploadFrom(file, "eleves.json");
      client.close();
      return file;
    })
    .then((file) => fs.promises.unlink(file));
}

function classSizes() {
  // ok: unfiltered-extraction
  return Student.count({ group: ["classe"] });
}

module.exports = { exportStudents, classSizes };

if (require.main === module) {
  exportStudents()
    .then(() => console.log("done"))
    .catch((err) => console.error(err))
    .finally(() => sequelize.close());
}
