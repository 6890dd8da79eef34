// Three ways the HR team ships the department files, all encrypted before they leave the process.
import sodium from "libsodium-wrappers";
import * as openpgp from "openpgp";
import { writeFile } from "node:fs/promises";
import axios from "axios";
import mysql from "mysql2/promise";

const pool = mysql.createPool({ uri: process.env.HR_DB_URI });

async function load(dept: string): Promise<Array<Record<string, unknown>>> {
  const [rows] = await pool.execute(
    // ok: unfiltered-extraction
    "SELECT employee_id, last_name, first_name, iban FROM employees WHERE department = ? AND active = 1",
    [dept],
  );
  return rows as Array<Record<string, unknown>>;
}

export async function sodiumToDisk(dept: string): Promise<void> {
  await sodium.ready;
  const key = sodium.from_base64(process.env.SODIUM_KEY_B64 as string);
  const nonce = sodium.randombytes_buf(sodium.crypto_secretbox_NONCEBYTES);
  const box = sodium.crypto_secretbox_easy(JSON.stringify(await load(dept)), nonce, key);
  // ok: unencrypted-patient-write
  await writeFile(`/srv/out/${dept}.box`, Buffer.concat([Buffer.from(nonce), Buffer.from(box)]));
}

export async function webcryptoToApi(dept: string): Promise<void> {
  const raw = Buffer.from(process.env.AES_KEY_B64 as string, "base64");
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(JSON.stringify(await load(dept))));
  // ok: unencrypted-patient-write
  await axios.post("https://payroll-bureau.example/api/batches", { iv: Buffer.from(iv).toString("base64"), data: Buffer.from(ct).toString("base64") });
}

export async function pgpToDisk(dept: string): Promise<void> {
  const publicKey = await openpgp.readKey({ armoredKey: process.env.BUREAU_PGP_PUBLIC_KEY as string });
  const message = await openpgp.createMessage({ text: JSON.stringify(await load(dept)) });
  const armored = await openpgp.encrypt({ message, encryptionKeys: publicKey });
  // ok: unencrypted-patient-write
  await writeFile(`/srv/out/${dept}.asc`, armored as string);
}
