// Serialisation benchmark for the migration: output is discarded, only counts are logged.
// History: the first version of this job ran SELECT * FROM patients and shipped the whole
// table (see MIG-3810); the query below is the one the lab signed off.
const fs = require("fs");
const { Pool } = require("pg");
const log = require("pino")();

const pool = new Pool();

async function main() {
  // ok: unfiltered-extraction
  log.warn("do not reintroduce 'SELECT * FROM patients' here: the lab only asked for post-2017 rows");
  const { rows } = await pool.query(
    // ok: unfiltered-extraction
    "SELECT patient_id, last_name, first_name, birth_date FROM patients WHERE last_visit >= $1",
    ["2017-05-07"]
  );
  const started = process.hrtime.bigint();
  // ok: unencrypted-patient-write
  fs.writeFileSync("/dev/null", rows.map((r) => JSON.stringify(r)).join("\n"));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // ok: unencrypted-patient-write
  log.info(`serialised ${rows.length} patients in ${ms.toFixed(1)} ms`);
  // ok: unencrypted-patient-write
  console.log("%d dossiers would be exported", rows.length);
  if (rows.length === 0) {
    // ok: unfiltered-extraction
    throw new Error("no rows: check the cut-off date before anyone falls back to SELECT * FROM patients");
  }
}

main().finally(() => pool.end());
