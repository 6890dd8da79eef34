// Off-site copy of account balances, run on the 1st of each month.
import SftpClient from "ssh2-sftp-client";
import mysql from "mysql2";
import { stringify } from "csv-stringify";

export class StatementBackup {
  private readonly sftp = new SftpClient("statements");
  private readonly db = mysql.createPool({ uri: process.env.CORE_BANKING_URL });

  async connect(): Promise<void> {
    await this.sftp.connect({
      host: "backup.banque-rhodanienne.fr",
      port: 22,
      username: "svc_backup",
      // ruleid: hardcoded-credentials
      password: "Backup!2022",
    });
  }

  async countAccounts(): Promise<number> {
    // ok: unfiltered-extraction
    const [rows] = await this.db.promise().query("SELECT count(*) AS n FROM comptes");
    return (rows as { n: number }[])[0].n;
  }

  async backupMonth(month: string): Promise<string> {
    // ruleid: unfiltered-extraction
    const rowStream = this.db.query("SELECT iban, titulaire_nom, titulaire_prenom, adresse, solde FROM comptes").stream();
    // ok: unencrypted-patient-write
    const csv = rowStream.pipe(stringify({ header: true }));
    const remote = `/backups/comptes_${month}.csv`;
    // ruleid: unencrypted-patient-write
    await this.sftp.put(csv, remote);
    return remote;
  }

  async listBackups(): Promise<string[]> {
    const entries = await this.sftp.list("/backups");
    return entries.map((e) => e.name);
  }

  async close(): Promise<void> {
    await this.sftp.end();
    this.db.end();
  }
}
