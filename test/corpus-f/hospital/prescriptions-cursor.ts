import Cursor from "pg-cursor";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { pool } from "../lib/db";
import { encryptBuffer, frame } from "../lib/crypto";
import { sftpPut } from "../lib/transport";
import { exportPath, removeQuietly } from "../lib/storage";

const BATCH = 500;

interface PrescriptionRow {
  id: number;
  patient_id: number;
  medicament: string;
  posologie: string;
  emise_le: Date;
}

async function* readPrescriptions(pharmacyId: string, since: Date): AsyncGenerator<PrescriptionRow[]> {
  const client = await pool.connect();
  // ok: unfiltered-extraction
  const cursor = client.query(new Cursor<PrescriptionRow>("SELECT id, patient_id, medicament, posologie, emise_le FROM prescriptions WHERE pharmacie_id = $1 AND emise_le >= $2 ORDER BY id", [pharmacyId, since]));
  try {
    for (;;) {
      const rows = await cursor.read(BATCH);
      if (rows.length === 0) return;
      yield rows;
    }
  } finally {
    await cursor.close();
    client.release();
  }
}

/** Sends the prescriptions of one pharmacy, encrypted chunk by chunk. */
export async function exportPrescriptions(pharmacyId: string, since: Date): Promise<number> {
  const file = exportPath(`prescriptions-${pharmacyId}.bin`);
  const out = createWriteStream(file, { mode: 0o600 });
  let total = 0;
  try {
    for await (const batch of readPrescriptions(pharmacyId, since)) {
      const sealed = encryptBuffer(Buffer.from(JSON.stringify(batch)));
      // ok: unencrypted-patient-write
      if (!out.write(frame(sealed))) await once(out, "drain");
      total += batch.length;
    }
    out.end();
    await once(out, "finish");
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await sftpPut(file, `/pharmacies/${pharmacyId}/prescriptions.bin`);
  } finally {
    out.destroy();
    await removeQuietly(file);
  }
  return total;
}
