// Publishes the exam catalogue (codes, labels, prices) to the regional exchange platform.
const ftp = require("basic-ftp");
const { Pool } = require("pg");
const { stringify } = require("csv-stringify/sync");
const fs = require("fs/promises");

const pool = new Pool({ connectionString: process.env.SIL_URL });

async function publishCatalogue() {
  // ok: unfiltered-extraction
  const { rows } = await pool.query("SELECT * FROM catalogue_examens");
  const file = "/tmp/catalogue_examens.csv";
  const client = new ftp.Client();
  try {
    // ok: unencrypted-patient-write
    await fs.writeFile(file, stringify(rows, { header: true }));
    await client.access({
      host: process.env.EXCHANGE_HOST,
      // ok: anonymous-access
      user: process.env.EXCHANGE_USER,
      // ok: hardcoded-credentials
      password: process.env.EXCHANGE_PASSWORD,
      // ok: plaintext-transfer
      secure: true,
    });
    // ok: no-delete-after-transfer
    await client.uploadFrom(file, "catalogue/catalogue_examens.csv");
  } finally {
    await fs.rm(file, { force: true });
    client.close();
  }
}

publishCatalogue()
  .catch((err) => console.error(err))
  .finally(() => pool.end());
