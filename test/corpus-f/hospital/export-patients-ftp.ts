import { Pool } from "pg";
import { Client } from "basic-ftp";
import { stringify } from "csv-stringify/sync";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

interface PatientRow {
  id: number;
  nir: string;
  nom: string;
  prenom: string;
  date_naissance: Date;
  telephone: string;
  commentaire: string | null;
}

/**
 * Migration export requested by the lab "Bio Sud": patient file for the new LIS.
 * Files are dropped on the maintenance FTP where the integrator picks them up.
 */
export class PatientExportService {
  constructor(private readonly pool: Pool, private readonly ftp: Client = new Client(60_000)) {}

  private async fetchAll(): Promise<PatientRow[]> {
    // ruleid: unfiltered-extraction
    const res = await this.pool.query<PatientRow>("SELECT * FROM patients");
    return res.rows;
  }

  private toCsv(rows: PatientRow[]): string {
    const shaped = rows.map((r) => ({
      ...r,
      date_naissance: r.date_naissance.toISOString().slice(0, 10),
      commentaire: (r.commentaire ?? "").replace(/\s+/g, " "),
    }));
    return stringify(shaped, { header: true, delimiter: ";" });
  }

  private async publish(localFile: string, labCode: string): Promise<void> {
    // ruleid: plaintext-transfer
    await this.ftp.access({
      host: "ftp.example-lab.fr",
      // ruleid: anonymous-access
      user: "anonymous",
    });
    await this.ftp.ensureDir(`/pub/migration/${labCode}`);
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await this.ftp.uploadFrom(localFile, "patients.csv");
    this.ftp.close();
  }

  async run(labCode: string): Promise<string> {
    const rows = await this.fetchAll();
    const file = path.join(os.tmpdir(), `patients-${labCode}-${Date.now()}.csv`);
    // ruleid: unencrypted-patient-write
    fs.writeFileSync(file, this.toCsv(rows), "utf8");
    await this.publish(file, labCode);
    console.log(`exported ${rows.length} patients for ${labCode}`);
    return file;
  }
}

if (require.main === module) {
  // ok: hardcoded-credentials
  const pool = new Pool({ connectionString: process.env.LIS_DATABASE_URL });
  new PatientExportService(pool)
    .run(process.argv[2] ?? "BIOSUD")
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    })
    .finally(() => pool.end());
}
