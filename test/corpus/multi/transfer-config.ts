// Shared endpoints for the GHT archive transfer.
// Reviewed with the infrastructure team, 2021-03.

export const ARCHIVE_SFTP = {
  host: "sftp.archives-ght-sud.fr",
  port: 22,
  username: "ght_archive",
  // ruleid: hardcoded-credentials
  password: "Gh7-Archiv3!",
  readyTimeout: 20_000,
};

// ruleid: plaintext-transfer
export const ARCHIVE_NOTIFY_URL = "http://archives-ght-sud.fr/api/notify";

// ok: plaintext-transfer
export const LOCAL_METRICS_URL = "http://localhost:9273/metrics";

export const EXPORT_DIR = process.env.EXPORT_DIR ?? "/var/lib/ght/exports";

export const REMOTE_DIR = "/archives/dossiers";

export const RETRY = { attempts: 3, delayMs: 5_000 };
