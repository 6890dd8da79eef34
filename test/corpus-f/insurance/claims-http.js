"use strict";
const axios = require("axios");
const { Pool } = require("pg");

const pool = new Pool({
  host: "pg.example-assur.fr",
  database: "sinistres",
  // ok: hardcoded-credentials
  user: "claims",
  // ruleid: hardcoded-credentials
  password: process.env.CLAIMS_DB_PASSWORD || "claims",
});

// ruleid: plaintext-transfer
const EXPERT_URL = "http://expertise.example-assur.fr/api/claims";
// ok: plaintext-transfer
const HEALTH_URL = "http://localhost:3001/health";

function fetchOpenClaims() {
  // ruleid: unfiltered-extraction
  return pool.query("SELECT * FROM sinistres WHERE statut = 'OUVERT'").then((r) => r.rows);
}

function fetchCounts() {
  // ok: unfiltered-extraction
  return pool.query("SELECT statut, COUNT(*) AS n FROM sinistres GROUP BY statut").then((r) => r.rows);
}

/** Sends open claims (with the medical expert's diagnosis) to the expertise platform. */
function run() {
  return fetchOpenClaims()
    .then((claims) => claims.map((c) => ({ dossier: c.id, nir: c.nir_assure, diagnostic: c.diagnostic, montant: c.montant })))
    // ruleid: unencrypted-patient-write
    .then((payload) => axios.post(EXPERT_URL, payload, { timeout: 10000 }))
    .then((res) => fetchCounts().then((counts) => ({ status: res.status, counts })))
    // ok: unencrypted-patient-write
    .then((summary) => axios.post(HEALTH_URL, summary))
    .catch((err) => {
      console.error("claims push failed", err.message);
      process.exitCode = 1;
    })
    .finally(() => pool.end());
}

module.exports = { run, fetchOpenClaims };

if (require.main === module) run();
