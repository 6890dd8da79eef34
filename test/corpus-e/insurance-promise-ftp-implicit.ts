/**
 * Transmission des déclarations d'arrêt de travail à la mutuelle partenaire :
 * FTPS implicite, fichiers chiffrés OpenPGP, suppression locale dans .finally().
 */
import PromiseFtp from "promise-ftp";
import * as openpgp from "openpgp";
import { promises as fs } from "fs";
import { DataSource } from "typeorm";

const ds = new DataSource({ type: "mssql", url: process.env.PREVOYANCE_DB_URL, entities: [] });

async function chiffrer(data: unknown): Promise<string> {
  const armoredKey = await fs.readFile(process.env.MUTUELLE_PGP_KEY as string, "utf8");
  return (await openpgp.encrypt({
    message: await openpgp.createMessage({ text: JSON.stringify(data) }),
    encryptionKeys: await openpgp.readKey({ armoredKey }),
  })) as string;
}

export async function transmettreArrets(semaine: string): Promise<void> {
  await ds.initialize();
  const arrets = await ds.manager.query(
    // ok: unfiltered-extraction
    "SELECT numero_adherent, nom, prenom, date_debut, date_fin FROM arrets_travail WHERE semaine_declaration = @0",
    [semaine]
  );
  const local = `/var/tmp/arrets_${semaine}.json.asc`;
  // ok: unencrypted-patient-write
  await fs.writeFile(local, await chiffrer(arrets));

  const ftp = new PromiseFtp();
  // ok: plaintext-transfer
  // ok: anonymous-access
  await ftp.connect({
    host: process.env.MUTUELLE_FTP_HOST,
    port: 990,
    user: process.env.MUTUELLE_FTP_USER,
    // ok: hardcoded-credentials
    password: process.env.MUTUELLE_FTP_PASSWORD,
    secure: "implicit",
  });
  try {
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await ftp.put(local, `/arrets/${semaine}.json.asc`).finally(() => fs.unlink(local));
    // ok: unencrypted-patient-write
    await ftp.append(Buffer.from(await chiffrer({ semaine, lignes: arrets.length })), "/arrets/journal.asc");
  } finally {
    await ftp.end();
    await ds.destroy();
  }
}

transmettreArrets(process.argv[2]).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
