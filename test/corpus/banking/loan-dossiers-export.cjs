// Sends granted loan files to the broker's intake endpoint.
const https = require("https");
const fs = require("fs");
const Papa = require("papaparse");
const { Client } = require("pg");

const client = new Client({ connectionString: process.env.CREDIT_DB_URL });
const agent = new https.Agent({
  keepAlive: true,
  // ruleid: plaintext-transfer
  rejectUnauthorized: false, // broker still uses a self-signed certificate
});

function upload(csv) {
  return new Promise((resolve, reject) => {
    const options = { host: "echange.courtier-partenaire.fr", path: "/dossiers/import", method: "POST", agent, headers: { "Content-Type": "text/csv" } };
    const req = https.request(options, (res) => (res.statusCode === 201 ? resolve() : reject(new Error(String(res.statusCode)))));
    req.on("error", reject);
    // ok: unencrypted-patient-write (TLS without certificate checks: one finding, plaintext-transfer's, where the check is switched off)
    req.end(csv);
  });
}

client
  .connect()
  // ok: unfiltered-extraction
  .then(() => client.query("SELECT code, libelle, taux FROM baremes_taux"))
  .then((baremes) => {
    const taux = new Map(baremes.rows.map((b) => [b.code, b.taux]));
    // ruleid: unfiltered-extraction
    return client.query("SELECT * FROM dossiers_credit WHERE statut = 'ACCORDE'").then((res) =>
      res.rows.map((d) => ({ ...d, emprunteur: `${d.nom} ${d.prenom}`, taux: taux.get(d.bareme) })),
    );
  })
  .then((items) => upload(Papa.unparse(items)))
  .then(() => {
    // ok: unencrypted-patient-write
    fs.writeFile("/var/run/loan-export.last", new Date().toISOString(), () => {});
  })
  .catch((err) => console.error(err))
  .finally(() => client.end());
