// Supplier invoices (companies only) for the accounting firm, over implicit FTPS.
import { Client } from "basic-ftp";
import { Pool } from "pg";
import { stringify } from "csv-stringify/sync";
import { unlink, writeFile } from "node:fs/promises";

const pool = new Pool({ connectionString: process.env.COMPTA_DB_URL });

export async function exportInvoices(month: string): Promise<void> {
  // ok: unfiltered-extraction
  const { rows } = await pool.query("SELECT numero, siren, raison_sociale, montant_ht, tva, date_echeance FROM factures_fournisseurs");
  const local = `/tmp/factures_${month}.csv`;
  const client = new Client();
  try {
    // ok: unencrypted-patient-write
    await writeFile(local, stringify(rows, { header: true, delimiter: ";" }));
    await client.access({
      host: "ftps.cabinet-expertise.fr",
      port: 990,
      user: process.env.COMPTA_FTP_USER,
      // ok: hardcoded-credentials
      password: process.env.COMPTA_FTP_PASSWORD,
      // ok: plaintext-transfer
      secure: "implicit",
    });
    // ok: no-delete-after-transfer
    await client.uploadFrom(local, `factures/${month}.csv`);
  } finally {
    await unlink(local).catch(() => undefined);
    client.close();
  }
}
