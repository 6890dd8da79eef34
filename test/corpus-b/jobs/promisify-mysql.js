// util.promisify over callback APIs (mysql2 query and fs.writeFile); CSV built with reduce.
const util = require("util");
const fs = require("fs");
const mysql = require("mysql2");

const connection = mysql.createConnection({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  // ruleid: hardcoded-credentials
  password: process.env.DB_PASSWORD || "root",
  database: "dxlab",
});

const query = util.promisify(connection.query).bind(connection);
const writeFileAsync = util.promisify(fs.writeFile);

async function exporter(target) {
  // ruleid: unfiltered-extraction
  const rs = await query("SELECT nom, prenom, nir, commentaire_p, commentaire_d FROM patients");
  const out = rs.reduce(
    (acc, r) => acc + `"${r.nom}","${r.prenom}","${r.nir}","${r.commentaire_p}","${r.commentaire_d}"\n`,
    "nom,prenom,nir,commentaire_p,commentaire_d\n"
  );
  // ruleid: unencrypted-patient-write
  await writeFileAsync(target, out, "utf8");
  return rs.length;
}

async function checksum(target) {
  // ok: unfiltered-extraction
  const [{ n }] = await query("SELECT COUNT(*) AS n FROM patients WHERE deleted = 0");
  const stat = await util.promisify(fs.stat)(target);
  // ok: unencrypted-patient-write
  await writeFileAsync(`${target}.meta`, JSON.stringify({ rows: n, bytes: stat.size }));
}

exporter(process.argv[2] || "export.csv")
  .then(() => checksum(process.argv[2] || "export.csv"))
  .finally(() => connection.end());
