// Daily modality worklist pushed to the PACS gateway.
import * as pg from "pg";
import Client from "ssh2-sftp-client";

// ruleid: hardcoded-credentials
const DEPLOY_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBd3x2mZrQk0rW3f9q8LQeXbq1bXqFtYc5nK3zQ3y3nGwAAAJgAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

const pool = new pg.Pool({ connectionString: process.env.RIS_DB });

export async function pushWorklist(modality: string): Promise<number> {
  const { rows } = await pool.query(
    // ok: unfiltered-extraction
    `SELECT accession_no, patient_ipp, patient_name, birth_date, exam_code
       FROM imaging_orders
      WHERE modality = $1 AND scheduled_at::date = CURRENT_DATE`,
    [modality],
  );
  const csv = rows
    .map((r) => [r.accession_no, r.patient_ipp, r.patient_name, r.birth_date, r.exam_code].join("|"))
    .join("\r\n");
  const sftp = new Client("worklist");
  await sftp.connect({ host: "pacs-gw.chu-exemple.fr", username: "worklist", privateKey: DEPLOY_KEY });
  try {
    // ruleid: unencrypted-patient-write
    await sftp.put(Buffer.from(csv, "latin1"), `/worklist/${modality}-${Date.now()}.csv`);
  } finally {
    await sftp.end();
  }
  return rows.length;
}

pushWorklist(process.argv[2] ?? "CT")
  .then((n) => console.log(`${n} orders pushed`))
  .finally(() => pool.end());
