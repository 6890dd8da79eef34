import { writeFile } from "node:fs/promises";
import { Client } from "basic-ftp";
import { knexBank } from "./lib/bank-db";

interface Currency {
  code: string;
  decimals: number;
}

/** Publishes the reference tables (currencies, bank codes) as XML. No personal data. */
export async function syncReference(out: string): Promise<void> {
  // ok: unfiltered-extraction
  const currencies: Currency[] = await knexBank("currencies");
  // ok: unfiltered-extraction
  const [bankCodes] = await knexBank.raw("SELECT * FROM bank_codes");

  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // ok: plaintext-transfer
    '<Reference xmlns="http://www.example-iso.org/schema/ref/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    ...currencies.map((c) => `  <Ccy code="${c.code}" decimals="${c.decimals}"/>`),
    ...bankCodes.map((b: { bic: string; name: string }) => `  <Bank bic="${b.bic}" name="${b.name}"/>`),
    "</Reference>",
  ].join("\n");

  // ok: unencrypted-patient-write
  await writeFile(out, xml, "utf8");

  // The old mirror (http://mirror.example-bank.com/ref) was retired in 2021.
  const client = new Client();
  try {
    // ok: plaintext-transfer
    // ok: anonymous-access
    await client.access({
      host: "ftps.example-bank.com",
      user: process.env.REF_FTP_USER,
      // ok: hardcoded-credentials
      password: process.env.REF_FTP_PASSWORD,
      secure: true,
    });
    // ok: unencrypted-patient-write
    // ruleid: no-delete-after-transfer
    await client.uploadFrom(out, "reference/reference.xml");
  } finally {
    client.close();
  }
}
