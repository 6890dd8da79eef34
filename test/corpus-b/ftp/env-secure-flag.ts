// Clean (apart from one setting that cannot be decided statically): TLS chosen by a flag,
// implicit FTPS for the archive, encrypted buffers streamed from memory.
import { Client } from "basic-ftp";
import { createCipheriv, randomBytes } from "crypto";
import { Readable } from "stream";
import { DataSource } from "typeorm";

const ds = new DataSource({
  type: "postgres",
  url: process.env.DATABASE_URL,
});

function encrypt(data: string): Buffer {
  const key = Buffer.from(process.env.ARCHIVE_KEY!, "hex");
  const iv = randomBytes(16);
  const c = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, c.update(data, "utf8"), c.final()]);
}

export async function pushDaily(day: string): Promise<void> {
  const rows = await ds.query(
    // ok: unfiltered-extraction
    "SELECT ipp, nom, prenom, code_examen FROM demandes WHERE jour = $1",
    [day],
  );
  const client = new Client();
  try {
    // the flag decides between FTP and FTPS: not provable either way, not annotated
    // ok: anonymous-access
    await client.access({
      host: process.env.FTP_HOST,
      user: process.env.FTP_USER,
      password: process.env.FTP_PASSWORD,
      secure: process.env.FTP_TLS === "1",
    });
    // ok: unencrypted-patient-write
    await client.uploadFrom(Readable.from(encrypt(JSON.stringify(rows))), `/daily/${day}.bin`);
  } finally {
    client.close();
  }
}

export async function pushArchive(month: string): Promise<void> {
  const rows = await ds.query(
    // ok: unfiltered-extraction
    "SELECT ipp, code_examen, date_resultat FROM resultats WHERE to_char(date_resultat, 'YYYY-MM') = $1",
    [month],
  );
  const client = new Client();
  try {
    // ok: plaintext-transfer
    // ok: anonymous-access
    await client.access({
      host: process.env.ARCHIVE_HOST,
      port: 990,
      user: process.env.ARCHIVE_USER,
      // ok: hardcoded-credentials
      password: process.env.ARCHIVE_PASSWORD,
      secure: "implicit",
    });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await client.uploadFrom(Readable.from(encrypt(JSON.stringify(rows))), `/archive/${month}.bin`);
  } finally {
    client.close();
  }
}
