// Weekly hospital stays (RSS) for the regional health agency. Secrets "from the environment".
import Client from "ssh2-sftp-client";
import { Pool } from "pg";

// ruleid: hardcoded-credentials
const DB_URL = process.env.DATABASE_URL ?? "postgres://reporting:rep0rt!@pg-dpi.hopital.local:5432/dpi";
// ruleid: hardcoded-credentials
const SFTP_PASS = process.env.SFTP_PASS || "Sftp-Hop-2022";

// the DB proxy presents a self-signed certificate
// ruleid: plaintext-transfer
process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = "0";

const settings = {
  db: { connectionString: DB_URL, ssl: true },
  sftp: { host: process.env.ARS_SFTP_HOST, port: 22, username: "chu_42", password: SFTP_PASS },
};

type Stay = { ipp: string; nir: string; nom: string; prenom: string; ghm: string; entree: string; sortie: string };

async function loadWeek(pool: Pool): Promise<Stay[]> {
  const { rows } = await pool.query<Stay>(
    // ok: unfiltered-extraction
    "SELECT ipp, nir, nom, prenom, ghm, entree, sortie FROM sejours WHERE sortie >= now() - interval '7 days'",
  );
  return rows;
}

function rss(stays: Stay[]): Buffer {
  return Buffer.concat(
    stays.map((s) => Buffer.from(`${s.ipp}${s.nir.padEnd(15)}${s.nom.padEnd(30)}${s.prenom.padEnd(20)}${s.ghm}${s.entree}${s.sortie}\n`, "latin1")),
  );
}

export async function sendWeekly(): Promise<void> {
  const pool = new Pool(settings.db);
  const sftp = new Client();
  try {
    const payload = rss(await loadWeek(pool));
    await sftp.connect(settings.sftp);
    // ruleid: unencrypted-patient-write
    await sftp.put(payload, `/depot/rss-${new Date().toISOString().slice(0, 10)}.txt`);
  } finally {
    await sftp.end().catch(() => undefined);
    await pool.end();
  }
}
