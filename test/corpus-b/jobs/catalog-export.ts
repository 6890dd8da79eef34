// Clean look-alike: SELECT * and an unencrypted CSV, but of the product catalogue (no personal
// data); uploaded over FTPS with an authenticated user and removed in finally.
import { Client } from "basic-ftp";
import { stringify } from "csv-stringify/sync";
import { promises as fs } from "fs";
import mysql from "mysql2/promise";
import path from "path";

interface Product {
  sku: string;
  libelle: string;
  prix_ht: number;
  tva: number;
}

export async function publishCatalog(outDir: string): Promise<void> {
  const conn = await mysql.createConnection({
    host: process.env.DB_HOST,
    user: process.env.DB_USER,
    // ok: hardcoded-credentials
    password: process.env.DB_PASSWORD,
    database: "catalogue",
  });
  // ok: unfiltered-extraction
  const [rows] = await conn.query("SELECT * FROM products");
  await conn.end();

  const csv = stringify(rows as Product[], { header: true });
  const file = path.join(outDir, "catalogue.csv");
  // ok: unencrypted-patient-write
  await fs.writeFile(file, csv);

  const client = new Client();
  try {
    // ok: plaintext-transfer
    // ok: anonymous-access
    await client.access({
      host: process.env.FTP_HOST,
      user: process.env.FTP_USER,
      // ok: hardcoded-credentials
      password: process.env.FTP_PASSWORD,
      secure: true,
    });
    // ok: unencrypted-patient-write
    // ok: no-delete-after-transfer
    await client.uploadFrom(file, "/public/catalogue.csv");
  } finally {
    client.close();
    await fs.unlink(file);
  }
}
