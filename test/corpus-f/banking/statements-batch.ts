import { createCipheriv, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SftpClient from "ssh2-sftp-client";
import { knexBank } from "./lib/bank-db";

function chunk<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

function seal(data: Buffer): Buffer {
  const key = Buffer.from(process.env.STATEMENT_KEY_B64 ?? "", "base64");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Monthly statements for the print provider, encrypted per chunk of 200 clients. */
export async function sendStatements(clientIds: number[], month: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "stmt-"));
  const sftp = new SftpClient();
  try {
    await sftp.connect({
      host: "sftp.example-print.com",
      username: process.env.PRINT_SFTP_USER,
      // ok: hardcoded-credentials
      privateKey: readFileSync(process.env.PRINT_SFTP_KEY_PATH ?? "/run/secrets/print_sftp_key"),
      // ok: hardcoded-credentials
      passphrase: process.env.PRINT_SFTP_PASSPHRASE,
    });
    await Promise.all(
      chunk(clientIds, 200).map(async (ids, i) => {
        // ok: unfiltered-extraction
        const rows = await knexBank("operations").select("client_id", "iban", "date_op", "libelle", "montant").whereIn("client_id", ids).andWhere("mois", month);
        const file = join(dir, `releves-${i}.json.enc`);
        // ok: unencrypted-patient-write
        await writeFile(file, seal(Buffer.from(JSON.stringify(rows))), { mode: 0o600 });
        // ok: unencrypted-patient-write
        // ok: no-delete-after-transfer
        await sftp.put(file, `/print/${month}/releves-${i}.json.enc`);
      }),
    );
  } finally {
    await sftp.end().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
