// SFTP exporter classes: client, pool and connection settings held in fields set by the constructor.
import { readFileSync } from "fs";
import { Pool } from "pg";
import SftpClient from "ssh2-sftp-client";

type Cfg = { host: string; username: string; password?: string; privateKey?: Buffer };

export class SftpExporter {
  private sftp: SftpClient;
  private pool: Pool;
  private cfg: Cfg;

  constructor() {
    this.sftp = new SftpClient("exporter");
    this.pool = new Pool({ connectionString: process.env.DATABASE_URL });
    this.cfg = {
      host: "sftp.hds-partner.example",
      // ok: hardcoded-credentials
      username: "migration",
      // ruleid: hardcoded-credentials
      password: "Migr@tion2022",
    };
  }

  async exportDossiers(site: string): Promise<void> {
    const { rows } = await this.pool.query(
      // ok: unfiltered-extraction
      `SELECT d.ipp, d.nom, d.prenom, d.commentaire FROM dossiers d WHERE d.site = $1 AND d.archived = false`,
      [site],
    );
    const payload = Buffer.from(rows.map((r) => Object.values(r).join("|")).join("\n"), "latin1");
    await this.sftp.connect(this.cfg);
    try {
      // ruleid: unencrypted-patient-write
      // ok: no-delete-after-transfer
      await this.sftp.put(payload, `/upload/${site}-dossiers.txt`);
    } finally {
      await this.sftp.end();
    }
  }
}

export class SiteDirectoryExporter {
  private readonly sftp = new SftpClient("sites");
  private readonly pool: Pool;

  constructor(pool: Pool) {
    this.pool = pool;
  }

  async run(): Promise<void> {
    // ok: unfiltered-extraction
    const r = await this.pool.query("SELECT * FROM sites");
    await this.sftp.connect({
      host: process.env.SFTP_HOST,
      username: process.env.SFTP_USER,
      // ok: hardcoded-credentials
      privateKey: readFileSync(process.env.SFTP_KEY_PATH ?? "/etc/lis/id_ed25519"),
    });
    try {
      // ok: unencrypted-patient-write
      await this.sftp.put(Buffer.from(JSON.stringify(r.rows)), "/ref/sites.json");
    } finally {
      await this.sftp.end();
    }
  }
}
