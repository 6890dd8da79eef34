import { createCipheriv, randomBytes } from "node:crypto";
import { Transform } from "node:stream";

const ALGO = "aes-256-gcm";

/** Loads the 32-byte export key from the environment (base64). */
function loadKey(): Buffer {
  const raw = process.env.EXPORT_KEY_B64;
  if (!raw) throw new Error("EXPORT_KEY_B64 is not set");
  const key = Buffer.from(raw, "base64");
  if (key.length !== 32) throw new Error("export key must be 32 bytes");
  return key;
}

/** Output layout: iv (12) | tag (16) | ciphertext. */
export function encryptBuffer(plain: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGO, loadKey(), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function encryptString(text: string): Buffer {
  return encryptBuffer(Buffer.from(text, "utf8"));
}

/**
 * Streaming variant (AES-CTR, no tag) for very large extracts:
 * the first 16 bytes written are the IV.
 */
export function encryptStream(): Transform {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-ctr", loadKey(), iv);
  let headerSent = false;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const out = cipher.update(chunk);
      if (!headerSent) {
        headerSent = true;
        cb(null, Buffer.concat([iv, out]));
      } else {
        cb(null, out);
      }
    },
    flush(cb) {
      const tail = cipher.final();
      cb(null, headerSent ? tail : Buffer.concat([iv, tail]));
    },
  });
}

/** Frames an encrypted chunk with a 4-byte length prefix (for append-only files). */
export function frame(sealed: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(sealed.length, 0);
  // ok: unencrypted-patient-write
  return Buffer.concat([len, sealed]);
}
