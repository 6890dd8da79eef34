// Nightly archive of medical records to the GHT archive server.
import { Pool } from "pg";
import SftpClient from "ssh2-sftp-client";
import { createWriteStream, promises as fsp } from "node:fs";
import { once } from "node:events";
import axios from "axios";
import { countDossiers, fetchDossiers } from "./dossier-repository";
import { ARCHIVE_NOTIFY_URL, ARCHIVE_SFTP, EXPORT_DIR, LOCAL_METRICS_URL, REMOTE_DIR } from "./transfer-config";

const pool = new Pool();

async function main(): Promise<void> {
  const data = await fetchDossiers(pool);
  const name = `dossiers_${Date.now()}.json`;
  const file = `${EXPORT_DIR}/${name}`;
  const out = createWriteStream(file);
  // ruleid: unencrypted-patient-write
  out.end(JSON.stringify(data));
  await once(out, "finish");

  const sftp = new SftpClient();
  try {
    await sftp.connect(ARCHIVE_SFTP);
    // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
    // ok: no-delete-after-transfer
    await sftp.put(file, `${REMOTE_DIR}/${name}`);
  } finally {
    await fsp.rm(file, { force: true });
    await sftp.end();
  }

  const total = await countDossiers(pool);
  // ok: unencrypted-patient-write
  await axios.post(ARCHIVE_NOTIFY_URL, { file: name, total });
  // ok: unencrypted-patient-write
  await axios.post(LOCAL_METRICS_URL, `ght_archive_rows ${data.length}\n`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => pool.end());
