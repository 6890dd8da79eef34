"use strict";
/**
 * Cron entry point of the migration appliance: once a night, sends the patient files changed since
 * the last run for every lab enrolled in the migration, then records the run.
 */
const cron = require("node-cron");
const axios = require("axios");
const { sequelize } = require("./db");
const { DossierRepository } = require("./dossier.repository");
const { Hl7DossierExportService } = require("./hl7-dossier-export.service");

// ruleid: plaintext-transfer
const SUPERVISION_HOOK = "http://supervision.lab-interne.example/hooks/migration";

const labs = (process.env.MIGRATING_LABS || "").split(",").filter(Boolean).map(Number);
const service = new Hl7DossierExportService(new DossierRepository());

async function lastRun(laboratoireId) {
  const [rows] = await sequelize.query(
    // ok: unfiltered-extraction
    "SELECT MAX(finished_at) AS last FROM migration_runs WHERE laboratoire_id = ?",
    { replacements: [laboratoireId] },
  );
  return rows[0] && rows[0].last ? new Date(rows[0].last) : new Date("2017-05-07T00:00:00Z");
}

async function runOnce() {
  for (const laboratoireId of labs) {
    const seenSince = await lastRun(laboratoireId);
    const started = new Date();
    try {
      const file = await service.exportScope({ laboratoireId, seenSince });
      await sequelize.query(
        "INSERT INTO migration_runs (laboratoire_id, started_at, finished_at, file_name) VALUES (?, ?, NOW(), ?)",
        { replacements: [laboratoireId, started, file] },
      );
      // ok: unencrypted-patient-write
      await axios.post(SUPERVISION_HOOK, { laboratoireId, status: "done", startedAt: started.toISOString() });
    } catch (err) {
      console.error(`[migration] lab ${laboratoireId} failed:`, err.message);
    }
  }
}

cron.schedule("30 1 * * *", () => {
  runOnce().catch((e) => console.error(e));
}, { timezone: "Europe/Paris" });

module.exports = { runOnce };
