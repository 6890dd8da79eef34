// Connection objects assembled from spreads: the property that wins is the last one written,
// so a later spread can silently undo an earlier `secure: true`.
import * as ftp from "basic-ftp";
import { Readable } from "stream";

const SECURE_DEFAULTS = {
  host: process.env.FTP_HOST,
  user: process.env.FTP_USER,
  password: process.env.FTP_PASSWORD,
  secure: true,
};

const LEGACY_LAB = {
  host: "ftp.megabus-legacy.example",
  // ruleid: anonymous-access
  user: "anonymous",
  // ruleid: plaintext-transfer
  secure: false,
};

function manifest(batch: string, count: number): Readable {
  return Readable.from([JSON.stringify({ batch, count, at: new Date().toISOString() })]);
}

export async function notifyNewLis(batch: string, count: number): Promise<void> {
  const client = new ftp.Client();
  try {
    // ok: plaintext-transfer
    // ok: anonymous-access
    await client.access({ ...SECURE_DEFAULTS, host: "ftps.new-lis.example" });
    // ok: unencrypted-patient-write
    await client.uploadFrom(manifest(batch, count), `/manifests/${batch}.json`);
  } finally {
    client.close();
  }
}

export async function notifyOldLis(batch: string, count: number): Promise<void> {
  const client = new ftp.Client();
  try {
    // secure: true is overridden by the spread that follows it
    await client.access({ secure: true, ...LEGACY_LAB });
    await client.uploadFrom(manifest(batch, count), `/pub/${batch}.json`);
  } finally {
    client.close();
  }
}

export async function notifyMirror(batch: string, count: number): Promise<void> {
  const client = new ftp.Client();
  try {
    // ok: anonymous-access
    await client.access({
      ...SECURE_DEFAULTS,
      host: process.env.MIRROR_HOST,
      // ruleid: plaintext-transfer
      secure: false,
    });
    await client.uploadFrom(manifest(batch, count), `/mirror/${batch}.json`);
  } finally {
    client.close();
  }
}
