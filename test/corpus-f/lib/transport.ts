import { Client as FtpClient } from "basic-ftp";
import SftpClient from "ssh2-sftp-client";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import * as path from "node:path";
import { config } from "./config";

/**
 * Upload helpers. Callers hand over files / buffers that are already
 * encrypted (see lib/storage.saveEncrypted and lib/crypto.encryptBuffer).
 */
export async function uploadFile(localPath: string, remotePath: string): Promise<void> {
  const client = new FtpClient(30_000);
  try {
    // ok: plaintext-transfer
    // ok: anonymous-access
    await client.access(config.ftp);
    await client.ensureDir(path.posix.dirname(remotePath));
    // ok: unencrypted-patient-write
    await client.uploadFrom(localPath, path.posix.basename(remotePath));
  } finally {
    client.close();
  }
}

export async function uploadSealed(sealed: Buffer, remotePath: string): Promise<void> {
  const client = new FtpClient(30_000);
  try {
    // ok: plaintext-transfer
    // ok: anonymous-access
    await client.access({ ...config.ftp, secure: true });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await client.uploadFrom(Readable.from(sealed), remotePath);
  } finally {
    client.close();
  }
}

export async function sftpPut(localPath: string, remotePath: string): Promise<void> {
  const sftp = new SftpClient("lab-export");
  try {
    await sftp.connect({
      host: config.sftp.host,
      port: config.sftp.port,
      username: config.sftp.username,
      // ok: hardcoded-credentials
      privateKey: readFileSync(config.sftp.privateKeyPath),
      // ok: hardcoded-credentials
      passphrase: process.env.SFTP_KEY_PASSPHRASE,
    });
    await sftp.mkdir(path.posix.dirname(remotePath), true);
    // ok: unencrypted-patient-write
    await sftp.put(localPath, remotePath);
  } finally {
    await sftp.end();
  }
}
