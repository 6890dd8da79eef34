import * as ftp from "basic-ftp";
import * as fs from "fs";
import { Pool } from "pg";

const pool = new Pool();

export async function exportLab(labId: number): Promise<void> {
  const { rows } = await pool.query("SELECT nom, prenom, nir FROM patients WHERE lab_id = $1", [labId]);
  const csv = rows.map((r) => Object.values(r).join(";")).join("\n");
  fs.writeFileSync("/tmp/lab-export.csv", csv);

  const client = new ftp.Client();
  await client.access({
    // the partner's drop box
    host: "ftp.partner.example",
    user: "anonymous",
    secure: true,
  });
  await client.uploadFrom("/tmp/lab-export.csv", "lab-export.csv");
}
