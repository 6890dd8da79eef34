// Envelope encryption helpers shared by the export jobs (AES-256-GCM, key from the KMS-fed env).
import { createCipheriv, randomBytes } from "node:crypto";
import type { Transform } from "node:stream";

export interface Sealed {
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

function loadKey(): Buffer {
  const k = process.env.EXPORT_DEK_B64;
  if (!k) throw new Error("EXPORT_DEK_B64 is not set");
  return Buffer.from(k, "base64");
}

export function seal(plain: Buffer | string): Sealed {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", loadKey(), iv);
  const data = Buffer.concat([c.update(plain), c.final()]);
  return { iv, tag: c.getAuthTag(), data };
}

export function sealToBuffer(plain: Buffer | string): Buffer {
  const { iv, tag, data } = seal(plain);
  return Buffer.concat([iv, tag, data]);
}

export function encryptingStream(): { stream: Transform; iv: Buffer } {
  const iv = randomBytes(16);
  return { stream: createCipheriv("aes-256-ctr", loadKey(), iv), iv };
}
