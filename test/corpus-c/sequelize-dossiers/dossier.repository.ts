import { Op } from "sequelize";
import { Dossier } from "./models/dossier.model";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { Prelevement, Tarif } = require("./models/prelevement.model");

/** Field list agreed with the receiving lab (instruction sheet of 2023-03-14). */
export const AGREED_FIELDS = ["id", "numeroDossier", "nom", "prenom", "dateNaissance", "sexe", "caisseAssurance"] as const;

export interface MigrationScope {
  laboratoireId: number;
  seenSince: Date;
}

export class DossierRepository {
  /** Used by the "complete copy" option of the migration wizard. */
  async allDossiers(): Promise<Dossier[]> {
    // ruleid: unfiltered-extraction
    return Dossier.findAll();
  }

  /** What the instructions ask for: agreed fields, one lab, patients seen since the cut-off date. */
  async dossiersInScope(scope: MigrationScope): Promise<Dossier[]> {
    // ok: unfiltered-extraction
    return Dossier.findAll({
      attributes: [...AGREED_FIELDS],
      where: {
        laboratoireId: scope.laboratoireId,
        derniereVisite: { [Op.gte]: scope.seenSince },
      },
      order: [["nom", "ASC"]],
    });
  }

  async samplesOf(dossierIds: number[]): Promise<Array<{ dossierId: number; codeTube: string; datePrelevement: Date }>> {
    // ok: unfiltered-extraction
    return Prelevement.findAll({
      attributes: ["dossierId", "codeTube", "datePrelevement"],
      where: { dossierId: { [Op.in]: dossierIds } },
      raw: true,
    });
  }

  /** Every sample, then keep those of the lab: the legacy schema has no laboratoire_id on samples. */
  async samplesOfLab(dossierIds: Set<number>): Promise<unknown[]> {
    // ruleid: unfiltered-extraction
    const all = await Prelevement.findAll({ raw: true });
    return all.filter((s: { dossierId: number }) => dossierIds.has(s.dossierId));
  }

  async countInScope(scope: MigrationScope): Promise<number> {
    // ok: unfiltered-extraction
    return Dossier.count({ where: { laboratoireId: scope.laboratoireId, derniereVisite: { [Op.gte]: scope.seenSince } } });
  }

  /** The price list is copied as is to the new product. */
  async priceList(): Promise<unknown[]> {
    // ok: unfiltered-extraction
    return Tarif.findAll({ raw: true });
  }
}
