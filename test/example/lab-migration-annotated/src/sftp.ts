// SFTP connection to the new LIS vendor's import server (key-based, per-operator key).
import SftpClient from "ssh2-sftp-client";
import { readFileSync } from "node:fs";
import { env } from "./db";

export async function openSftp(): Promise<SftpClient> {
  const client = new SftpClient("lab-migration");
  await client.connect({
    host: env("NEWLIS_SFTP_HOST"),
    port: 22,
    username: env("NEWLIS_SFTP_USER"),
    // ok: hardcoded-credentials
    privateKey: readFileSync(env("NEWLIS_SFTP_KEY_PATH")),
    // ok: hardcoded-credentials
    passphrase: process.env.NEWLIS_SFTP_KEY_PASSPHRASE,
  });
  return client;
}
