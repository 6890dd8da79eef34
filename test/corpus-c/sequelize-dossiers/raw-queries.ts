import { QueryTypes } from "sequelize";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { sequelize, replica } = require("./db");

/** Raw SQL helpers used by the migration wizard's preview screen and by the support scripts. */

export async function previewDossiers(laboratoireId: number): Promise<unknown[]> {
  return sequelize.query(
    // A preview of 50 rows for the wizard's screen, not exported (issue #10).
    // ok: unfiltered-extraction
    "SELECT * FROM dossiers WHERE laboratoire_id = :laboratoireId LIMIT 50",
    { replacements: { laboratoireId }, type: QueryTypes.SELECT },
  );
}

export async function dossiersForSupport(): Promise<unknown[]> {
  // ruleid: unfiltered-extraction
  return replica.query("SELECT num_dossier, nom, prenom, date_naissance, commentaire_p, commentaire_d FROM dossiers", {
    type: QueryTypes.SELECT,
  });
}

export async function dossiersPerLab(): Promise<Array<{ laboratoire_id: number; n: number }>> {
  // ok: unfiltered-extraction
  return replica.query("SELECT laboratoire_id, COUNT(*) AS n FROM dossiers GROUP BY laboratoire_id", {
    type: QueryTypes.SELECT,
  });
}

export async function agreedColumns(laboratoireId: number, since: string): Promise<unknown[]> {
  return replica.query(
    // ok: unfiltered-extraction
    `SELECT num_dossier, nom, prenom, date_naissance, sexe
       FROM dossiers
      WHERE laboratoire_id = :laboratoireId AND derniere_visite >= :since`,
    { replacements: { laboratoireId, since }, type: QueryTypes.SELECT },
  );
}

export async function tariffCodes(): Promise<unknown[]> {
  // ok: unfiltered-extraction
  return sequelize.query("SELECT code, libelle FROM tarifs", { type: QueryTypes.SELECT });
}
