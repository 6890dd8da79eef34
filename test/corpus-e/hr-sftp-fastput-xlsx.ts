/**
 * Alimentation du SIRH : fichier Excel des salariés présents, déposé sur le SFTP.
 */
import { DataSource } from "typeorm";
import * as XLSX from "xlsx";
import * as fs from "fs";
import * as path from "path";
import SftpClient from "ssh2-sftp-client";
import { sirhSftp, remoteDirs } from "./hr-sftp-config";

const ds = new DataSource({
  type: "postgres",
  url: process.env.RH_DATABASE_URL,
  entities: [],
});

async function run(): Promise<void> {
  await ds.initialize();
  const rows = await ds.manager.query(
    // ok: unfiltered-extraction
    "SELECT matricule, nom, prenom, date_naissance, rib FROM salaries WHERE date_sortie IS NULL AND societe = $1",
    [process.env.SOCIETE]
  );
  const effectifs = await ds.manager.query(
    // ok: unfiltered-extraction
    "SELECT service, COUNT(*) AS effectif FROM salaries WHERE date_sortie IS NULL GROUP BY service"
  );

  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.json_to_sheet(rows), "Salariés");
  const local = path.join("/tmp", `salaries_${Date.now()}.xlsx`);
  // ruleid: unencrypted-patient-write
  XLSX.writeFile(wb, local);
  console.table(effectifs);

  const sftp = new SftpClient("rh-export");
  await sftp.connect(sirhSftp);
  // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
  // ruleid: no-delete-after-transfer
  await sftp.fastPut(local, `${remoteDirs.entrant}/salaries.xlsx`);
  await sftp.end();
  // n'est atteint qu'en cas de succès
  fs.unlinkSync(local);
  await ds.destroy();
}

run().catch((err) => {
  console.error("export SIRH en échec", err);
  process.exit(2);
});
