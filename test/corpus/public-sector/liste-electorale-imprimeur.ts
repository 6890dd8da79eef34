// Sends the electoral roll extract (polling-card run) to the printing contractor.
// The file is PGP-encrypted and the link is FTPS, but the drop account is the
// contractor's shared "ftp" login.
import { Client } from "basic-ftp";
import * as openpgp from "openpgp";
import { Readable } from "node:stream";
import knex from "knex";

const db = knex({ client: "pg", connection: process.env.ELECTIONS_DB_URL });

const PRINTER_FTP = {
  host: "depot.imprimerie-rhone-alpes.fr",
  port: 21,
  // ruleid: anonymous-access
  user: "ftp",
};

export async function envoyerListe(bureau: string, scrutin: string): Promise<void> {
  // ok: unfiltered-extraction
  const electeurs = await db("electeurs").select("nom", "prenom", "date_naissance", "adresse", "numero_ordre").where({ bureau, radie: false });
  const armoredKey = process.env.IMPRIMEUR_PGP_PUBLIC_KEY as string;
  const encryptionKeys = await openpgp.readKey({ armoredKey });
  const message = await openpgp.createMessage({ text: JSON.stringify(electeurs) });
  const encrypted = await openpgp.encrypt({ message, encryptionKeys, format: "binary" });

  const client = new Client();
  try {
    // ok: plaintext-transfer
    await client.access({ ...PRINTER_FTP, secure: true });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await client.uploadFrom(Readable.from([Buffer.from(encrypted as Uint8Array)]), `/${scrutin}/bureau_${bureau}.pgp`);
  } finally {
    client.close();
  }
}
