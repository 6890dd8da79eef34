// Daily results file for the partner clinic, over explicit FTPS, encrypted before upload.
import PromiseFtp from "promise-ftp";
import mysql from "mysql2/promise";
import { createCipheriv, randomBytes } from "crypto";

const ftp = new PromiseFtp();

function encrypt(text: string): Buffer {
  const key = Buffer.from(process.env.CLINIC_KEY_HEX as string, "hex");
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([c.update(text, "utf8"), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

export function sendDaily(day: string): Promise<void> {
  return mysql
    .createConnection({ uri: process.env.SIL_DB_URI })
    .then((conn) =>
      conn
        // ok: unfiltered-extraction
        .query("SELECT dossier, code_examen, resultat, unite FROM resultats WHERE clinique = 'CLIN-07' AND date_validation = ?", [day])
        .finally(() => conn.end()),
    )
    .then(([rows]) => encrypt(JSON.stringify(rows)))
    .then((sealed) =>
      ftp
        .connect({
          host: "ftp.clinique-des-cedres.fr",
          // ok: anonymous-access
          user: process.env.CLINIC_FTP_USER,
          // ok: hardcoded-credentials
          password: process.env.CLINIC_FTP_PASSWORD,
          // ok: plaintext-transfer
          secure: true,
        })
        // ok: unencrypted-patient-write
        // ok: no-delete-after-transfer
        .then(() => ftp.put(sealed, `resultats/${day}.bin`))
        .then(() => ftp.end()),
    )
    .then(() => undefined);
}
