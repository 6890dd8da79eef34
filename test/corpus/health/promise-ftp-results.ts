// Weekly results file for the MEGABUS support team.
import PromiseFtp from "promise-ftp";
import { Client as PgClient } from "pg";
import { createReadStream, writeFileSync } from "fs";

// ruleid: hardcoded-credentials
const FTP_PASSWORD = "Mgb#2019";
const TMP = "/tmp/resultats_hebdo.txt";

interface ResultRow {
  nom: string;
  prenom: string;
  code_examen: string;
  resultat: string;
}

const pg = new PgClient({ connectionString: process.env.SIL_URL });
const ftp = new PromiseFtp();

pg.connect()
  .then(() =>
    pg.query<ResultRow>(
      // ok: unfiltered-extraction
      "SELECT p.nom, p.prenom, a.code_examen, a.resultat FROM analyses a JOIN patients p ON p.id = a.patient_id WHERE a.valide_le >= now() - interval '7 days'",
    ),
  )
  .then((res) => {
    const body = res.rows.map((r) => `${r.nom};${r.prenom};${r.code_examen};${r.resultat}`).join("\r\n");
    // ruleid: unencrypted-patient-write
    writeFileSync(TMP, body);
    // ruleid: plaintext-transfer
    // ok: anonymous-access
    return ftp.connect({ host: "ftp.megabus-support.fr", user: "support", password: FTP_PASSWORD });
  })
  // ruleid: unencrypted-patient-write
  // ruleid: no-delete-after-transfer
  .then(() => ftp.put(createReadStream(TMP), "hebdo/resultats.txt"))
  .then(() => ftp.end())
  .catch((err) => console.error("weekly export failed", err))
  .finally(() => pg.end());
