// Nightly policy export + a small portal from which brokers download the files.
const express = require("express");
const serveIndex = require("serve-index");
const { Pool } = require("pg");
const fs = require("fs/promises");
const path = require("path");
const cron = require("node-cron");

const EXPORT_DIR = path.resolve(__dirname, "../exports");
const BACKUP_DIR = "/var/backups/assurance";
const pool = new Pool();

cron.schedule("0 2 * * *", async () => {
  const since = new Date(Date.now() - 86_400_000).toISOString();
  const { rows } = await pool.query(
    // ok: unfiltered-extraction
    "SELECT policy_no, holder_name, birth_date, iban FROM policies WHERE updated_at > $1",
    [since]
  );
  // ruleid: unencrypted-patient-write
  await fs.writeFile(path.join(EXPORT_DIR, `policies-${since.slice(0, 10)}.json`), JSON.stringify(rows));
});

const app = express();
app.get("/health", (_req, res) => res.send("ok"));
// brokers download the nightly files from here
// ruleid: anonymous-access
app.use("/exports", express.static(EXPORT_DIR), serveIndex(EXPORT_DIR));
// ruleid: anonymous-access
app.use("/backups", serveIndex(BACKUP_DIR, { icons: true }));
app.listen(8080, () => console.log("broker portal on :8080"));
