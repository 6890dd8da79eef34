// Nightly backup of the patient table: mysql2 row stream -> csv-stringify -> gzip -> file with
// .pipe(), then the gzip is PUT to a NAS over plain HTTP and left on disk.
const fs = require("fs");
const zlib = require("zlib");
const { finished } = require("stream/promises");
const mysql = require("mysql2");
const { stringify } = require("csv-stringify");

// ruleid: plaintext-transfer
const NAS = "http://nas-sauvegarde.labo.example:5005/webdav/lis";

async function backup(day) {
  const conn = mysql.createConnection({ uri: process.env.MYSQL_URL });
  const file = `/var/backups/patients-${day}.csv.gz`;

  // ruleid: unfiltered-extraction
  const rowStream = conn.query("SELECT * FROM patients").stream();
  const gz = zlib.createGzip();
  const out = fs.createWriteStream(file);
  // ruleid: unencrypted-patient-write
  rowStream.pipe(stringify({ header: true })).pipe(gz).pipe(out);
  await finished(out);
  conn.end();

  // ruleid: unencrypted-patient-write
  // ruleid: no-delete-after-transfer
  const res = await fetch(`${NAS}/patients-${day}.csv.gz`, {
    method: "PUT",
    body: fs.createReadStream(file),
    duplex: "half",
  });
  if (!res.ok) throw new Error(`NAS said ${res.status}`);
}

async function backupConfig(day) {
  const conn = mysql.createConnection({ uri: process.env.MYSQL_URL });
  const out = fs.createWriteStream(`/var/backups/config-${day}.csv.gz`);
  // ok: unfiltered-extraction
  const rs = conn.query("SELECT * FROM config").stream();
  // ok: unencrypted-patient-write
  rs.pipe(stringify({ header: true })).pipe(zlib.createGzip()).pipe(out);
  await finished(out);
  conn.end();
}

module.exports = { backup, backupConfig };
