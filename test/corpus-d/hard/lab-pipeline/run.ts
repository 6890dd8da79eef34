// Entry point: node run.js LAB02
import { Pool } from "pg";
import { PatientRepository, writeExtract, SecureDrop, extractPath, remotePath } from "./index";

async function migrate(labCode: string): Promise<void> {
  const runId = new Date().toISOString().replace(/[:.]/g, "-");
  const pool = new Pool({ connectionString: process.env.DXLAB_URL });
  const repo = new PatientRepository(pool);
  const expected = await repo.count();
  const written = await writeExtract(extractPath(labCode, runId), repo.pages());
  if (written !== expected) console.warn(`count mismatch: ${written} written, ${expected} in table`);

  const drop = await new SecureDrop().open();
  try {
    await drop.send(extractPath(labCode, runId), remotePath(labCode, runId));
  } finally {
    await drop.close();
    await pool.end();
  }
  console.log(`${labCode}: ${written} patients sent`);
}

migrate(process.argv[2] ?? "LAB02").catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
