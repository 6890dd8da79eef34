/**
 * Déclaration mensuelle des encours clients à la centrale des risques.
 */
import { Pool } from "pg";
import QueryStream from "pg-query-stream";
import { Transform } from "json2csv";
import { pipeline } from "stream/promises";
import { createWriteStream, promises as fsp } from "fs";
import SftpClient from "ssh2-sftp-client";

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

async function statsParAgence(): Promise<void> {
  const { rows } = await pool.query(
    // ok: unfiltered-extraction
    "SELECT agence, COUNT(*) AS comptes, SUM(solde) AS encours FROM comptes_clients GROUP BY agence"
  );
  console.table(rows);
}

export async function exportComptes(): Promise<void> {
  const local = `/var/tmp/comptes_${Date.now()}.csv`;
  const client = await pool.connect();
  try {
    // ruleid: unfiltered-extraction
    const qs = new QueryStream("SELECT id_client, nom, prenom, date_naissance, iban, solde FROM comptes_clients");
    const stream = client.query(qs);
    const toCsv = new Transform(
      { fields: ["id_client", "nom", "prenom", "date_naissance", "iban", "solde"], delimiter: ";" },
      { objectMode: true }
    );
    // ruleid: unencrypted-patient-write
    await pipeline(stream, toCsv, createWriteStream(local));
  } finally {
    client.release();
  }

  const sftp = new SftpClient();
  await sftp.connect({
    host: "sftp.centrale-risques.example.fr",
    username: "export_banque",
    // ruleid: hardcoded-credentials
    privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBkZW1vLWtleS1ub3QtcmVhbC1kZW1vLWtleS1ub3QtcmVhbAAAAJg=\n-----END OPENSSH PRIVATE KEY-----\n",
  });
  try {
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ok: no-delete-after-transfer
    await sftp.put(local, "/depot/comptes.csv");
  } finally {
    await fsp.rm(local, { force: true });
    await sftp.end();
  }
}

statsParAgence()
  .then(exportComptes)
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => pool.end());
