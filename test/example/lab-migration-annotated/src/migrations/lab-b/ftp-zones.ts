// Access to the remote-maintenance FTP server, reused "temporarily" for the lab B migration.
import { Client } from "basic-ftp";

const MAINT_HOST = "ftp-maint.megabus-support.fr";

/** Public zone: reachable from the Internet, used to exchange files with labs. */
export async function openPublicZone(): Promise<Client> {
  const client = new Client(60_000);
  // ruleid: plaintext-transfer
  await client.access({
    host: MAINT_HOST,
    port: 21,
    // ruleid: anonymous-access
    user: "anonymous",
  });
  return client;
}

/** Private zone on the second server: one support account shared by the whole team. */
export async function openPrivateZone(): Promise<Client> {
  const client = new Client(60_000);
  await client.access({
    host: "ftp-prive.megabus-support.fr",
    // ok: anonymous-access
    user: "support",
    // ruleid: hardcoded-credentials
    password: "Megabus2019!",
    // ok: plaintext-transfer
    secure: true,
  });
  return client;
}
