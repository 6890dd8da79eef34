"use strict";
const { DataTypes } = require("sequelize");
const { sequelize } = require("../db");

/** Samples taken for a patient file. `commentaire` is typed by the nurse at sampling time. */
const Prelevement = sequelize.define(
  "Prelevement",
  {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    dossierId: { type: DataTypes.INTEGER, allowNull: false, field: "dossier_id" },
    codeTube: { type: DataTypes.STRING(12), allowNull: false, field: "code_tube" },
    datePrelevement: { type: DataTypes.DATE, allowNull: false, field: "date_prelevement" },
    preleveur: { type: DataTypes.STRING(80) },
    jeune: { type: DataTypes.BOOLEAN, defaultValue: false },
    commentaire: { type: DataTypes.TEXT },
  },
  { tableName: "prelevements", timestamps: false },
);

/** Price list of the tests (nomenclature). No patient data. */
const Tarif = sequelize.define(
  "Tarif",
  {
    code: { type: DataTypes.STRING(8), primaryKey: true },
    libelle: { type: DataTypes.STRING(200), allowNull: false },
    coefficientB: { type: DataTypes.INTEGER, field: "coefficient_b" },
    remboursable: { type: DataTypes.BOOLEAN, defaultValue: true },
  },
  { tableName: "tarifs", timestamps: false },
);

module.exports = { Prelevement, Tarif };
