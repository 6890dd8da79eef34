import JSFtp from "jsftp";
import Cursor from "pg-cursor";
import { appendFileSync } from "node:fs";
import { pool } from "../lib/db";

interface Assure {
  id: number;
  nir: string;
  nom: string;
  contrat: string;
  pathologie: string | null;
}

/** Full dump of insured persons grouped by contract, for the co-insurer. */
export class AssuresDump {
  constructor(private readonly file: string) {}

  private async *iterate(): AsyncGenerator<Assure[]> {
    const client = await pool.connect();
    // ruleid: unfiltered-extraction
    const cursor = client.query(new Cursor<Assure>("SELECT * FROM assures ORDER BY id"));
    try {
      for (;;) {
        const rows = await cursor.read(250);
        if (rows.length === 0) return;
        yield rows;
      }
    } finally {
      await cursor.close();
      client.release();
    }
  }

  async write(): Promise<number> {
    let n = 0;
    for await (const batch of this.iterate()) {
      const byContrat = batch.reduce<Record<string, Assure[]>>((acc, a) => {
        (acc[a.contrat] ??= []).push(a);
        return acc;
      }, {});
      for (const [contrat, assures] of Object.entries(byContrat)) {
        const line = `${contrat}\t${assures.map((a) => `${a.nir}|${a.nom}|${a.pathologie ?? ""}`).join(",")}\n`;
        // ruleid: unencrypted-patient-write
        appendFileSync(this.file, line);
        n += assures.length;
      }
    }
    return n;
  }

  upload(done: (err?: Error) => void): void {
    // ruleid: plaintext-transfer
    const ftp = new JSFtp({
      host: "ftp.example-coassureur.fr",
      // ok: anonymous-access
      user: process.env.COASSUR_USER,
      // ok: hardcoded-credentials
      pass: process.env.COASSUR_PASS,
    });
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    ftp.put(this.file, "/depot/assures.tsv", (err: Error | null) => {
      ftp.raw("quit", () => done(err ?? undefined));
    });
  }
}

if (require.main === module) {
  const dump = new AssuresDump("/var/tmp/assures.tsv");
  dump.write().then((n) => {
    console.log(`${n} assurés`);
    dump.upload((err) => (err ? console.error(err) : console.log("uploaded")));
  });
}
