// Validated results -> reference lab over FTPS. Encrypted, but the local file survives any failure.
import FtpClient from "ftp";
import { unlink, writeFileSync } from "fs";
import { createCipheriv, randomBytes } from "crypto";
import { Pool } from "pg";

const pool = new Pool({ connectionString: process.env.LAB_DB });

function sealed(text: string): Buffer {
  const key = Buffer.from(process.env.LAB_EXPORT_KEY as string, "hex");
  const iv = randomBytes(16);
  const c = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, c.update(text, "utf8"), c.final()]);
}

function upload(local: string, remote: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = new FtpClient();
    c.on("ready", () => {
      // ok: unencrypted-patient-write
      // ruleid: no-delete-after-transfer
      c.put(local, remote, (err) => {
        c.end();
        if (err) return reject(err);
        unlink(local, () => resolve()); // removed only when the upload worked
      });
    });
    c.on("error", reject);
    // ok: plaintext-transfer
    // ok: anonymous-access
    c.connect({ host: process.env.LAB_FTPS_HOST, user: process.env.LAB_FTPS_USER, password: process.env.LAB_FTPS_PASS, secure: true });
  });
}

export async function run(day: string): Promise<void> {
  const { rows } = await pool.query(
    // ok: unfiltered-extraction
    "SELECT sample_id, ipp, test_code, value FROM results WHERE validated_on = $1",
    [day],
  );
  const local = `/tmp/results-${day}.enc`;
  // ok: unencrypted-patient-write
  writeFileSync(local, sealed(JSON.stringify(rows)));
  await upload(local, `/in/results-${day}.enc`);
}
