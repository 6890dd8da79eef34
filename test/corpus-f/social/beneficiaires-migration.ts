import got from "got";
import { pool } from "../lib/db";

export interface Beneficiaire {
  nir: string;
  nom: string;
  prenom: string;
  situation_familiale: string;
  handicap: boolean;
  ressources: number;
}

/** Migration of the beneficiaries file to the legacy allowance system. */
export class BeneficiairesMigration {
  // ruleid: plaintext-transfer
  private readonly legacyApi = "http://legacy.example-caf.fr/api/import";
  // ok: plaintext-transfer
  private readonly statusApi = "https://status.example-caf.fr/api/migrations";

  constructor(private readonly batchSize = 200) {}

  async load(): Promise<Beneficiaire[]> {
    // ruleid: unfiltered-extraction
    const res = await pool.query<Beneficiaire>("SELECT nir, nom, prenom, situation_familiale, handicap, ressources FROM beneficiaires");
    return res.rows;
  }

  private batches(all: Beneficiaire[]): Beneficiaire[][] {
    return Array.from({ length: Math.ceil(all.length / this.batchSize) }, (_, i) =>
      all.slice(i * this.batchSize, (i + 1) * this.batchSize),
    );
  }

  private async send(batch: Beneficiaire[]): Promise<void> {
    // ruleid: unencrypted-patient-write
    await got.post(this.legacyApi, {
      json: batch,
      username: "migration",
      // ruleid: hardcoded-credentials
      password: "Caf-Legacy-01",
      timeout: { request: 30_000 },
    });
  }

  private async report(sent: number): Promise<void> {
    // ok: unencrypted-patient-write
    await got.post(this.statusApi, {
      json: { sent, at: new Date().toISOString() },
      headers: { authorization: `Bearer ${process.env.STATUS_TOKEN}` },
    });
  }

  async migrate(): Promise<number> {
    const all = await this.load();
    const chunks = this.batches(all);
    for (let i = 0; i < chunks.length; i += 4) {
      await Promise.all(chunks.slice(i, i + 4).map((b) => this.send(b)));
    }
    await this.report(all.length);
    return all.length;
  }
}
