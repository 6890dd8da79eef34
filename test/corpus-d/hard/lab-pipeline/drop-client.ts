// Thin wrapper around ssh2-sftp-client for the vendor's drop server.
import SftpClient from "ssh2-sftp-client";
import { promises as fsp } from "node:fs";
import path from "node:path";

export interface DropOptions {
  host: string;
  username: string;
  privateKeyPath: string;
}

const fromEnv = (): DropOptions => ({
  host: process.env.DROP_HOST as string,
  username: process.env.DROP_USER as string,
  privateKeyPath: process.env.DROP_KEY_PATH as string,
});

export class SecureDrop {
  private readonly sftp = new SftpClient("secure-drop");

  constructor(private readonly opts: DropOptions = fromEnv()) {}

  async open(): Promise<this> {
    await this.sftp.connect({
      host: this.opts.host,
      username: this.opts.username,
      privateKey: await fsp.readFile(this.opts.privateKeyPath),
    });
    return this;
  }

  /** Sends a staged extract; the local copy is removed once the server has it. */
  async send(local: string, remote: string): Promise<void> {
    await this.sftp.mkdir(path.posix.dirname(remote), true);
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await this.sftp.fastPut(local, remote);
    await fsp.unlink(local);
  }

  close(): Promise<boolean> {
    return this.sftp.end();
  }
}
