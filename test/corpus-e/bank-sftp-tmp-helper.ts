/**
 * Remise des prélèvements SEPA de l'échéance au prestataire de compensation.
 * Fichier temporaire géré par tmp-promise (supprimé à la sortie du callback).
 */
import { withFile } from "tmp-promise";
import { createCipheriv, randomBytes } from "crypto";
import { createWriteStream } from "fs";
import { pipeline } from "stream/promises";
import { Transform } from "stream";
import knex from "knex";
import SftpClient from "ssh2-sftp-client";

const db = knex({ client: "pg", connection: process.env.SEPA_DB_URL });
const KEY = Buffer.from(process.env.SEPA_FILE_KEY as string, "hex");

const toLine = new Transform({
  writableObjectMode: true,
  transform(m: { rum: string; iban_debiteur: string; nom_debiteur: string; montant: string }, _enc, cb) {
    cb(null, `${m.rum};${m.iban_debiteur};${m.nom_debiteur};${m.montant}\n`);
  },
});

export async function envoyerMandats(dateEcheance: string): Promise<void> {
  // ok: unfiltered-extraction
  const mandats = db("mandats_sepa")
    .where({ date_echeance: dateEcheance, statut: "actif" })
    .select("rum", "iban_debiteur", "nom_debiteur", "montant")
    .stream();

  const sftp = new SftpClient("sepa");
  await sftp.connect({
    host: process.env.SEPA_SFTP_HOST,
    username: process.env.SEPA_SFTP_USER,
    // ok: hardcoded-credentials
    privateKey: process.env.SEPA_SFTP_PRIVATE_KEY,
  });
  try {
    await withFile(
      async ({ path }) => {
        const iv = randomBytes(16);
        // ok: unencrypted-patient-write
        await pipeline(mandats, toLine, createCipheriv("aes-256-cbc", KEY, iv), createWriteStream(path));
        // ok: unencrypted-patient-write
        // ok: no-delete-after-transfer
        await sftp.fastPut(path, `/remises/${dateEcheance}_${iv.toString("hex")}.enc`);
      },
      { postfix: ".enc" }
    );
  } finally {
    await sftp.end();
  }
}

envoyerMandats(process.argv[2])
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => db.destroy());
