// ok: plaintext-transfer
// Clean: an XML manifest (no personal data) whose namespaces are http:// URIs, sent to a
// sidecar on the loopback interface; the remote call uses HTTPS.
import axios from "axios";
import { Pool } from "pg";

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

// ok: plaintext-transfer
const NS_MANIFEST = "http://schemas.labo-migration.example/manifest/v1";
// ok: plaintext-transfer
const NS_XSI = "http://www.w3.org/2001/XMLSchema-instance";

async function volumes(labId: number): Promise<{ table: string; n: number }[]> {
  const { rows } = await pool.query(
    // ok: unfiltered-extraction
    "SELECT 'patients' AS table, count(*)::int AS n FROM patients WHERE lab_id = $1",
    [labId],
  );
  return rows;
}

function manifestXml(labId: number, items: { table: string; n: number }[]): string {
  const body = items.map((i) => `    <volume table="${i.table}" rows="${i.n}"/>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="${NS_MANIFEST}" xmlns:xsi="${NS_XSI}" lab="${labId}">
${body}
</manifest>`;
}

export async function announce(labId: number): Promise<void> {
  const xml = manifestXml(labId, await volumes(labId));
  // ok: plaintext-transfer
  // ok: unencrypted-patient-write
  await axios.post("http://localhost:7070/manifests", xml, { headers: { "Content-Type": "application/xml" } });
  // ok: plaintext-transfer
  // ok: unencrypted-patient-write
  await axios.post("https://orchestrateur.labo-migration.example/manifests", xml, {
    headers: { "Content-Type": "application/xml", Authorization: `Bearer ${process.env.ORCH_TOKEN}` },
  });
}
