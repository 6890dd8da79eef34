"use strict";
// Synchronisation des collaborateurs vers le SIRH en mode SaaS.
const axios = require("axios");
const https = require("https");
const mysql = require("mysql2/promise");

const monitoringAgent = new https.Agent({
  // ok: plaintext-transfer
  rejectUnauthorized: true,
});

async function main() {
  const conn = await mysql.createConnection({
    host: process.env.RH_HOST,
    user: process.env.RH_USER,
    // ok: hardcoded-credentials
    password: process.env.RH_PASSWORD,
    database: "rh",
  });
  const [employes] = await conn.execute(
    // ok: unfiltered-extraction
    "SELECT matricule, nom, prenom, email_pro, date_entree, poste FROM employes WHERE entite = ? AND date_sortie IS NULL",
    [process.env.ENTITE]
  );

  const agent = new https.Agent({
    keepAlive: true,
    // ruleid: plaintext-transfer
    rejectUnauthorized: false,
  });

  // ok: plaintext-transfer
  // ok: unencrypted-patient-write (TLS without certificate checks: one finding, plaintext-transfer's, where the check is switched off)
  await axios.post("https://sirh-cloud.example.com/api/v1/employees/bulk", employes, {
    httpsAgent: agent,
    auth: {
      username: "integration",
      // ruleid: hardcoded-credentials
      password: "Sirh!2024",
    },
    timeout: 60000,
  });

  // ok: unencrypted-patient-write
  await axios.get("https://status.sirh-cloud.example.com/api/health", { httpsAgent: monitoringAgent });
  await conn.end();
}

main().catch((e) => {
  console.error(e.response ? e.response.data : e);
  process.exit(1);
});
