// AES-256-GCM sealing of extracts before they touch the disk.
// Layout of a sealed file: "MGB1" | iv (12 bytes) | auth tag (16 bytes) | ciphertext.
// The key is generated per migration and handed to the new vendor out of band.
import { createCipheriv, randomBytes } from "node:crypto";
import { env } from "./db";

const MAGIC = Buffer.from("MGB1");

function migrationKey(): Buffer {
  const key = Buffer.from(env("MIGRATION_KEY_B64"), "base64");
  if (key.length !== 32) throw new Error("MIGRATION_KEY_B64 must decode to 32 bytes");
  return key;
}

export function sealBuffer(plain: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", migrationKey(), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}
