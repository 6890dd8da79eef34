import { readFileSync } from "fs";
import type { ConnectOptions } from "ssh2-sftp-client";

export interface ExportTarget {
  remoteDir: string;
  connect: ConnectOptions;
}

function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`missing environment variable ${name}`);
  return v;
}

/**
 * SFTP target of the regional health data hub. Credentials come from the secret store, mounted as
 * environment variables and files by the deployment; nothing is kept in the repository.
 */
export function hubTarget(): ExportTarget {
  return {
    remoteDir: process.env.HUB_REMOTE_DIR ?? "/incoming/lis",
    connect: {
      host: requireEnv("HUB_SFTP_HOST"),
      port: Number(process.env.HUB_SFTP_PORT ?? 22),
      username: requireEnv("HUB_SFTP_USER"),
      // ok: hardcoded-credentials
      privateKey: readFileSync(requireEnv("HUB_SFTP_KEY_FILE")),
      // ok: hardcoded-credentials
      passphrase: process.env.HUB_SFTP_KEY_PASSPHRASE,
      readyTimeout: 20_000,
      algorithms: { serverHostKey: ["ssh-ed25519", "rsa-sha2-512"] },
    },
  };
}
