import { Client, AccessOptions } from "basic-ftp";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { knex } from "../../lib/db";

interface ResultLine {
  dossier: string;
  nom: string;
  code: string;
  resultat: string;
  valide_le: Date;
}

type Site = { code: string; options: AccessOptions; dir: string };

/** Drops the validated results of the day on each partner lab's FTP box. */
export class LabDropbox {
  private readonly sites: Site[] = [
    // ruleid: anonymous-access
    { code: "NORD", options: { host: "ftp.labo-nord.example.fr", user: "anonymous" }, dir: "/incoming" },
    {
      code: "EST",
      options: {
        host: "ftps.labo-est.example.fr",
        user: "depot",
        // ruleid: anonymous-access
        password: "",
        secure: true,
      },
      dir: "/depot",
    },
  ];

  constructor(private readonly client = new Client(45_000)) {}

  private async results(siteCode: string, day: string): Promise<ResultLine[]> {
    // ok: unfiltered-extraction
    return knex("resultats").join("dossiers", "dossiers.id", "resultats.dossier_id").select("dossiers.numero as dossier", "dossiers.nom", "resultats.code", "resultats.resultat", "resultats.valide_le").where({ "resultats.site": siteCode }).andWhere("resultats.valide_le", ">=", day);
  }

  private async drop(site: Site, csv: string): Promise<void> {
    // ruleid: plaintext-transfer
    await this.client.access(site.options);
    await this.client.ensureDir(site.dir);
    // ruleid: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await this.client.uploadFrom(Readable.from([csv]), `resultats-${Date.now()}.csv`);
  }

  /** Sud still uses the old box of the maintenance team. */
  private async dropSud(csv: string): Promise<void> {
    // ruleid: plaintext-transfer
    // ruleid: anonymous-access
    await this.client.access({ host: "ftp.labo-sud.example.fr" });
    // ruleid: unencrypted-patient-write
    await this.client.uploadFrom(Readable.from([csv]), "/pub/resultats.csv");
  }

  async run(day: string): Promise<void> {
    try {
      for (const site of this.sites) {
        const rows = await this.results(site.code, day);
        await this.drop(site, stringify(rows, { header: true, delimiter: ";" }));
      }
      const sud = await this.results("SUD", day);
      await this.dropSud(stringify(sud, { header: true }));
    } finally {
      this.client.close();
    }
  }
}
