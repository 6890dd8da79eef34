// Monthly copy of the social declarations (DSN) to the HR archive box.
import * as http from "node:http";
import mysql from "mysql2/promise";

// ruleid: plaintext-transfer
const ARCHIVE = new URL("http://archives-rh.intranet-acme.fr:8081/put/dsn");
// ok: plaintext-transfer
const METRICS = "http://127.0.0.1:9091/metrics/job/dsn_backup";

const db = mysql.createPool({
  host: process.env.PAIE_DB_HOST,
  user: "paie_ro",
  // ok: hardcoded-credentials
  password: process.env.PAIE_DB_PASSWORD,
  database: "paie",
});

function put(url: URL, payload: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "PUT", headers: { "content-length": payload.length } }, (res) => {
      res.resume();
      res.on("end", () => resolve());
    });
    req.on("error", reject);
    // ruleid: unencrypted-patient-write
    req.end(payload);
  });
}

export async function backupDsn(): Promise<void> {
  // ruleid: unfiltered-extraction
  const [declarations] = await db.query("SELECT nir, nom, prenom, date_naissance, brut, net FROM dsn_salaries");
  await put(ARCHIVE, Buffer.from(JSON.stringify(declarations)));

  const count = (declarations as unknown[]).length;
  const m = http.request(METRICS, { method: "POST" });
  // ok: unencrypted-patient-write
  m.end(`dsn_backup_rows ${count}\n`);
  await db.end();
}
