import { Pool } from "pg";
import { createWriteStream, readFileSync } from "node:fs";
import { unlink } from "node:fs/promises";
import { once } from "node:events";
import SftpClient from "ssh2-sftp-client";

interface ClientRow {
  id: number;
  nom: string;
  prenom: string;
  date_naissance: string;
  piece_identite: string;
  iban: string;
  agence: string;
}

/** Repository over the "clients" table (pg). */
export class ClientRepository {
  constructor(private readonly pool: Pool) {}

  async all(): Promise<ClientRow[]> {
    // ruleid: unfiltered-extraction
    const res = await this.pool.query<ClientRow>("SELECT * FROM clients");
    return res.rows;
  }

  async byAgency(agence: string): Promise<Pick<ClientRow, "id" | "nom" | "prenom">[]> {
    // ok: unfiltered-extraction
    const res = await this.pool.query("SELECT id, nom, prenom FROM clients WHERE agence = $1", [agence]);
    return res.rows;
  }
}

/** KYC review file for the compliance provider: clients opened in a given year. */
export async function kycExport(repo: ClientRepository, year: number, file: string): Promise<void> {
  const clients = (await repo.all()).filter((c) => c.id > 0 && c.date_naissance.startsWith(String(year)));
  const out = createWriteStream(file, { encoding: "utf8" });
  const lines = clients.map((c) => `${c.id};${c.nom};${c.prenom};${c.piece_identite};${c.iban}`);
  // ruleid: unencrypted-patient-write
  out.end(lines.join("\n"));
  await once(out, "finish");

  const sftp = new SftpClient();
  try {
    await sftp.connect({
      host: "sftp.example-compliance.com",
      username: "kyc",
      // ok: hardcoded-credentials
      password: readFileSync("/run/secrets/kyc_sftp_password", "utf8").trim(),
    });
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ok: no-delete-after-transfer
    await sftp.put(file, `/kyc/${year}/clients.csv`);
  } finally {
    await sftp.end().catch(() => undefined);
    await unlink(file);
  }
}
