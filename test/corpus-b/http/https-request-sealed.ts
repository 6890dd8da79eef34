// Clean: node's https.request with a pinned CA, the body encrypted before it is sent; the
// only plain-HTTP call goes to a sidecar on the loopback interface.
import { createCipheriv, randomBytes } from "crypto";
import { readFileSync } from "fs";
import http from "http";
import https from "https";
import { Pool } from "pg";

const pool = new Pool();

const agent = new https.Agent({
  ca: readFileSync(process.env.IMPORT_CA_FILE ?? "/etc/lis/import-ca.pem"),
  // ok: plaintext-transfer
  rejectUnauthorized: true,
  keepAlive: true,
});

function encrypt(plain: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", Buffer.from(process.env.IMPORT_KEY!, "base64"), iv);
  const ct = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]);
}

function post(path: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    // ok: unencrypted-patient-write
    const req = https.request(
      { host: "import.nouveau-sil.example", port: 443, path, method: "POST", agent, headers: { "Content-Type": "application/octet-stream" } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    // ok: unencrypted-patient-write
    req.end(body);
  });
}

export async function sendLab(labId: number): Promise<void> {
  const { rows } = await pool.query(
    // ok: unfiltered-extraction
    "SELECT ipp, nom, prenom, date_naissance FROM patients WHERE lab_id = $1 AND a_migrer",
    [labId],
  );
  const status = await post(`/labs/${labId}/patients`, encrypt(JSON.stringify(rows)));
  if (status >= 300) throw new Error(`import refused: ${status}`);
}

export function sidecarReady(): Promise<boolean> {
  return new Promise((resolve) => {
    // ok: plaintext-transfer
    http.get("http://127.0.0.1:4195/ready", (res) => resolve(res.statusCode === 200)).on("error", () => resolve(false));
  });
}
