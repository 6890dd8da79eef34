// Downloads the public fee schedule (no personal data) from the insurer's FTPS server.
const Client = require("ftp");
const fs = require("fs");
const path = require("path");

const FTP_JOB_NAME = "ftp-nomenclature-sync";
const target = path.join(__dirname, "data", "nomenclature-actes.csv");
fs.mkdirSync(path.dirname(target), { recursive: true });

const c = new Client();
c.on("ready", () => {
  c.get("/tarifs/nomenclature-actes.csv", (err, stream) => {
    if (err) {
      console.error(FTP_JOB_NAME, err.message);
      return c.end();
    }
    stream.once("close", () => c.end());
    // ok: unencrypted-patient-write
    stream.pipe(fs.createWriteStream(target));
  });
});
c.on("error", (err) => console.error(FTP_JOB_NAME, err.message));
// ok: plaintext-transfer
// ok: anonymous-access
// ok: hardcoded-credentials
c.connect({ host: "ftp.assurance-maladie-exemple.fr", user: process.env.NOMENCL_USER, password: process.env.NOMENCL_PASS, secure: true, secureOptions: { rejectUnauthorized: true } });
