"use strict";
// Archive chiffrée des bulletins de paie d'une période (libsodium secretbox).
const sodium = require("libsodium-wrappers");
const mysql = require("mysql2");
const fs = require("fs/promises");

const pool = mysql
  .createPool({
    host: process.env.PAIE_HOST,
    user: process.env.PAIE_USER,
    // ok: hardcoded-credentials
    password: process.env.PAIE_PASSWORD,
    database: "paie",
  })
  .promise();

async function exportBulletins(periode) {
  await sodium.ready;
  const [rows] = await pool.execute(
    // ok: unfiltered-extraction
    "SELECT matricule, nom, prenom, net_a_payer FROM bulletins WHERE periode = ?",
    [periode]
  );
  const key = sodium.from_hex(process.env.PAIE_SECRETBOX_KEY);
  const nonce = sodium.randombytes_buf(sodium.crypto_secretbox_NONCEBYTES);
  const ciphertext = sodium.crypto_secretbox_easy(sodium.from_string(JSON.stringify(rows)), nonce, key);
  // ok: unencrypted-patient-write
  await fs.writeFile(`/srv/paie/bulletins_${periode}.bin`, Buffer.concat([Buffer.from(nonce), Buffer.from(ciphertext)]));

  const [stats] = await pool.query(
    // ok: unfiltered-extraction
    "SELECT service, COUNT(*) AS effectif, SUM(net_a_payer) AS masse FROM bulletins WHERE periode = ? GROUP BY service",
    [periode]
  );
  console.table(stats);
}

exportBulletins(process.argv[2])
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => pool.end());
