/**
 * Envoi du portefeuille clients d'une agence à la plateforme d'échanges du groupe,
 * chiffré avec WebCrypto (AES-GCM) avant transmission.
 */
import "reflect-metadata";
import { webcrypto } from "crypto";
import { DataSource, Entity, Column, PrimaryColumn } from "typeorm";

@Entity("clients")
class ClientBancaire {
  @PrimaryColumn() id!: string;
  @Column() nom!: string;
  @Column() prenom!: string;
  @Column() iban!: string;
  @Column() agence!: string;
  @Column() segment!: string;
}

const ds = new DataSource({ type: "postgres", url: process.env.BANQUE_DB_URL, entities: [ClientBancaire] });

async function importKey(): Promise<CryptoKey> {
  const raw = Buffer.from(process.env.TRANSFER_KEY_B64 as string, "base64");
  return webcrypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt"]) as Promise<CryptoKey>;
}

export async function envoyerClientsAgence(agence: string): Promise<void> {
  await ds.initialize();
  const repo = ds.getRepository(ClientBancaire);
  // ok: unfiltered-extraction
  const clients = await repo.find({ select: { id: true, nom: true, iban: true }, where: { agence, segment: "PRO" } });

  const key = await importKey();
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const encrypted = await webcrypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(JSON.stringify(clients)));

  // ok: plaintext-transfer
  // ok: unencrypted-patient-write
  const res = await fetch("https://echanges.groupe-bancaire.example.fr/v1/agences/" + encodeURIComponent(agence), {
    method: "PUT",
    headers: { "Content-Type": "application/octet-stream", Authorization: `Bearer ${process.env.ECHANGES_TOKEN}` },
    body: Buffer.concat([Buffer.from(iv), Buffer.from(encrypted)]),
  });
  if (!res.ok) throw new Error(`échec ${res.status}`);
  await ds.destroy();
}

envoyerClientsAgence(process.argv[2]).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
