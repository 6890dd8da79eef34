"use strict";
/**
 * Puts a lab's complete extract in the public zone of the maintenance FTP server, so that the
 * lab's new software vendor can fetch it without an account. Usage: node public-zone-upload.js <labId>
 */
const ftp = require("basic-ftp");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { DossierRepository } = require("./dossier.repository");

const COLS = ["numeroDossier", "nom", "prenom", "dateNaissance", "sexe", "nir", "adresse", "telephone", "caisseAssurance", "commentaireP", "commentaireD"];

async function main(labId) {
  const repo = new DossierRepository();
  const dossiers = (await repo.allDossiers()).filter((d) => d.laboratoireId === Number(labId));
  const csv = [COLS.join(";")].concat(dossiers.map((d) => COLS.map((c) => String(d.get(c) ?? "").replace(/[;\r\n]/g, " ")).join(";"))).join("\r\n");

  const local = path.join(os.tmpdir(), `extract-lab${labId}.csv`);
  const out = fs.createWriteStream(local, { encoding: "latin1" });
  // ruleid: unencrypted-patient-write
  out.end(csv);
  await new Promise((resolve, reject) => out.on("finish", resolve).on("error", reject));

  const client = new ftp.Client();
  try {
    // ruleid: plaintext-transfer, anonymous-access
    await client.access({ host: "ftp.dxlab-support.example", port: 21 });
    await client.ensureDir(`/public/lab${labId}`);
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ruleid: no-delete-after-transfer
    await client.uploadFrom(local, `extract-lab${labId}.csv`);
    console.log(`extract of lab ${labId} (${dossiers.length} dossiers) available in /public/lab${labId}`);
  } finally {
    client.close();
  }
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
