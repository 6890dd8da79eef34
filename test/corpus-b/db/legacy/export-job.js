// Uses the DAO through module.exports and a saveJson(path, obj) helper that wraps fs.
const fs = require("fs");
const os = require("os");
const path = require("path");
const SftpClient = require("ssh2-sftp-client");
const dao = require("./patients-dao");

function saveJson(file, obj) {
  // ruleid: unencrypted-patient-write
  fs.writeFileSync(file, JSON.stringify(obj, null, 2));
  return file;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mig-"));
  const sftp = new SftpClient();
  try {
    const patients = await dao.tousLesPatients();
    const notes = await dao.commentaires();
    const file = saveJson(path.join(dir, "patients.json"), { patients, notes });

    await sftp.connect({
      host: process.env.SFTP_HOST,
      username: process.env.SFTP_USER,
      // ok: hardcoded-credentials
      privateKey: fs.readFileSync(process.env.SFTP_KEY),
    });
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ok: no-delete-after-transfer
    await sftp.fastPut(file, "/in/patients.json");

    const prices = await dao.tarifs();
    // ok: unencrypted-patient-write
    fs.writeFileSync(path.join(dir, "tarifs.json"), JSON.stringify(prices));
  } finally {
    await sftp.end();
    fs.rmSync(dir, { recursive: true, force: true });
    await dao.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
