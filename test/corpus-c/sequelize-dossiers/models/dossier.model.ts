import {
  CreationOptional,
  DataTypes,
  InferAttributes,
  InferCreationAttributes,
  Model,
} from "sequelize";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { sequelize } = require("../db");

/**
 * A patient file ("dossier") of the legacy DXLAB product. Column names are those of the original
 * MySQL schema; the two free-text comment columns were never part of any lab's field list.
 */
export class Dossier extends Model<InferAttributes<Dossier>, InferCreationAttributes<Dossier>> {
  declare id: CreationOptional<number>;
  declare numeroDossier: string;
  declare nom: string;
  declare prenom: string;
  declare dateNaissance: string;
  declare sexe: "M" | "F" | "I";
  declare nir: string | null;
  declare adresse: string | null;
  declare telephone: string | null;
  declare email: string | null;
  declare medecinPrescripteur: string | null;
  declare caisseAssurance: string | null;
  declare commentaireP: string | null;
  declare commentaireD: string | null;
  declare derniereVisite: Date | null;
  declare laboratoireId: number;
}

Dossier.init(
  {
    id: { type: DataTypes.INTEGER.UNSIGNED, autoIncrement: true, primaryKey: true },
    numeroDossier: { type: DataTypes.STRING(20), allowNull: false, unique: true, field: "num_dossier" },
    nom: { type: DataTypes.STRING(80), allowNull: false },
    prenom: { type: DataTypes.STRING(80), allowNull: false },
    dateNaissance: { type: DataTypes.DATEONLY, allowNull: false, field: "date_naissance" },
    sexe: { type: DataTypes.ENUM("M", "F", "I"), allowNull: false },
    nir: { type: DataTypes.STRING(15) },
    adresse: { type: DataTypes.STRING(255) },
    telephone: { type: DataTypes.STRING(20) },
    email: { type: DataTypes.STRING(120) },
    medecinPrescripteur: { type: DataTypes.STRING(120), field: "medecin_prescripteur" },
    caisseAssurance: { type: DataTypes.STRING(60), field: "caisse_assurance" },
    commentaireP: { type: DataTypes.TEXT, field: "commentaire_p" },
    commentaireD: { type: DataTypes.TEXT, field: "commentaire_d" },
    derniereVisite: { type: DataTypes.DATE, field: "derniere_visite" },
    laboratoireId: { type: DataTypes.INTEGER, allowNull: false, field: "laboratoire_id" },
  },
  { sequelize, tableName: "dossiers", modelName: "Dossier", timestamps: false },
);
