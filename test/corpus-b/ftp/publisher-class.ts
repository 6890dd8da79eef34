// Publishes lab results to a partner FTP server. The client and the pool live in fields
// initialised by the constructor; the connection options come from the environment.
import { Client } from "basic-ftp";
import { promises as fsp } from "fs";
import * as os from "os";
import * as path from "path";
import { Pool } from "pg";

interface PatientRow {
  nir: string;
  nom: string;
  prenom: string;
  date_naissance: string;
  telephone: string;
}

export class ResultPublisher {
  private readonly client: Client;
  private readonly pool: Pool;

  constructor(private readonly labId: string) {
    this.client = new Client(30_000);
    this.pool = new Pool({
      host: process.env.PGHOST,
      user: process.env.PGUSER,
      // ok: hardcoded-credentials
      password: process.env.PGPASSWORD,
    });
  }

  private async connect(): Promise<void> {
    // ruleid: plaintext-transfer
    // ok: anonymous-access
    await this.client.access({
      host: process.env.PARTNER_FTP_HOST,
      user: process.env.PARTNER_FTP_USER,
      // ok: hardcoded-credentials
      password: process.env.PARTNER_FTP_PASSWORD,
    });
  }

  private async load(since: Date): Promise<PatientRow[]> {
    const res = await this.pool.query<PatientRow>(
      // ok: unfiltered-extraction
      "SELECT nir, nom, prenom, date_naissance, telephone FROM patients WHERE lab_id = $1 AND last_visit >= $2",
      [this.labId, since],
    );
    return res.rows;
  }

  async publish(since: Date): Promise<void> {
    const rows = await this.load(since);
    const body = rows
      .map((r) => [r.nir, r.nom, r.prenom, r.date_naissance, r.telephone].join(";"))
      .join("\n");
    const local = path.join(os.tmpdir(), `resultats-${this.labId}.csv`);
    // ruleid: unencrypted-patient-write
    await fsp.writeFile(local, body, "utf8");
    await this.connect();
    try {
      // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
      // ruleid: no-delete-after-transfer
      await this.client.uploadFrom(local, `/in/${path.basename(local)}`);
      // only reached when the upload succeeded: a failed upload leaves the extract behind
      await fsp.unlink(local);
    } finally {
      this.client.close();
    }
  }
}
