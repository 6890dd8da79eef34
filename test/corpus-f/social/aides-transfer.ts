import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Client } from "basic-ftp";
import { Readable } from "node:stream";
import { encryptBuffer } from "../lib/crypto";
import { pool } from "../lib/db";

interface FtpSecret {
  user: string;
  password: string;
}

const secrets = new SecretsManagerClient({ region: process.env.AWS_REGION ?? "eu-west-3" });

async function ftpCredentials(): Promise<FtpSecret> {
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: "social/departement-ftps" }));
  return JSON.parse(out.SecretString ?? "{}") as FtpSecret;
}

/** Monthly allowances paid, sent encrypted to the county council over FTPS. */
export async function transferAides(month: string): Promise<number> {
  // ok: unfiltered-extraction
  const { rows } = await pool.query("SELECT b.id, b.nom, a.montant, a.type_aide FROM aides a JOIN beneficiaires b ON b.id = a.beneficiaire_id WHERE a.mois = $1", [month]);
  const sealed = encryptBuffer(Buffer.from(JSON.stringify(rows)));
  const creds = await ftpCredentials();
  const client = new Client();
  try {
    // ok: plaintext-transfer
    await client.access({
      host: "ftps.example-departement.fr",
      port: 990,
      // ok: anonymous-access
      user: creds.user,
      // ok: hardcoded-credentials
      password: creds.password,
      secure: "implicit",
    });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await client.uploadFrom(Readable.from(sealed), `aides-${month}.json.enc`);
  } finally {
    client.close();
  }
  return rows.length;
}
