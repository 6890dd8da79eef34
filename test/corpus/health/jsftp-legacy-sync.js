// Sync of the patient index towards the old analyser middleware (fixed-width text files).
const JSFtp = require("jsftp");
const mysql = require("mysql2/promise");

async function collect() {
  const conn = await mysql.createConnection({ uri: process.env.LEGACY_DB });
  try {
    // ok: unfiltered-extraction
    const [[{ n }]] = await conn.query("SELECT COUNT(*) AS n FROM patients WHERE archive = 0");
    // ruleid: unfiltered-extraction
    const [rows] = await conn.execute("SELECT id, nom, prenom, nss, adresse, telephone FROM patients");
    return { n, rows };
  } finally {
    await conn.end();
  }
}

function send(buffer, remote) {
  return new Promise((resolve, reject) => {
    // ruleid: plaintext-transfer
    // ruleid: anonymous-access
    const ftp = new JSFtp({ host: "10.12.0.40", port: 21 });
    // ruleid: unencrypted-patient-write
    ftp.put(buffer, remote, (err) => {
      ftp.raw("quit", () => (err ? reject(err) : resolve()));
    });
  });
}

collect()
  .then(({ n, rows }) => {
    const text = rows.reduce((acc, r) => acc + [r.id, r.nom, r.prenom, r.nss, r.adresse, r.telephone].join("|") + "\r\n", "");
    console.log(`${n} actifs, ${rows.length} envoyés`);
    return send(Buffer.from(text, "latin1"), "/import/PATIENTS.TXT");
  })
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
