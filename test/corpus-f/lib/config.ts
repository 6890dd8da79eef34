/**
 * Central configuration for the export / migration jobs.
 * Values come from the environment; a few legacy fallbacks are still here
 * because the on-premise installations never set them.
 */
const env = process.env;

export interface FtpSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  secure: boolean | "implicit";
}

const ftpDefaults = {
  port: 21,
  secure: true as boolean | "implicit",
};

export const config = {
  db: {
    host: env.PGHOST ?? "localhost",
    database: env.PGDATABASE ?? "lab",
    // ok: hardcoded-credentials
    user: env.PGUSER ?? "export_ro",
    // ok: hardcoded-credentials
    password: env.PGPASSWORD,
    port: Number(env.PGPORT ?? 5432),
  },
  ftp: {
    ...ftpDefaults,
    host: env.FTP_HOST ?? "ftps.example-lab.fr",
    // ok: hardcoded-credentials
    // ok: anonymous-access
    user: env.FTP_USER ?? "labexport",
    // ruleid: hardcoded-credentials
    password: env.FTP_PASSWORD ?? "Labo2020!",
  } as FtpSettings,
  sftp: {
    host: env.SFTP_HOST ?? "sftp.example-lab.fr",
    port: Number(env.SFTP_PORT ?? 22),
    username: env.SFTP_USER ?? "migration",
    // ok: hardcoded-credentials
    privateKeyPath: env.SFTP_KEY_PATH ?? "/etc/lab-export/id_ed25519",
  },
  endpoints: {
    // ok: plaintext-transfer
    audit: "https://audit.example-lab.fr/hooks/export",
    // ok: plaintext-transfer
    search: env.SEARCH_URL ?? "http://localhost:9200",
    // kept for the rollback script of the 2019 maintenance platform
    // ruleid: plaintext-transfer
    // ruleid: hardcoded-credentials
    legacyMaintenance: "ftp://maint:maint2019@ftp.example-lab.fr/pub/migrations",
  },
  smtp: {
    host: env.SMTP_HOST ?? "smtp.example-lab.fr",
    port: 465,
    // ruleid: hardcoded-credentials
    password: env.SMTP_PASSWORD || "relay-2020",
  },
  exportDir: env.EXPORT_DIR ?? "/var/lib/lab-export/out",
  retentionDays: Number(env.EXPORT_RETENTION_DAYS ?? 7),
};

export type AppConfig = typeof config;

export function describeConfig(c: AppConfig = config): string {
  return [
    `db=${c.db.host}:${c.db.port}/${c.db.database}`,
    `ftp=${c.ftp.host}:${c.ftp.port} secure=${String(c.ftp.secure)}`,
    `sftp=${c.sftp.host}:${c.sftp.port}`,
    `exportDir=${c.exportDir}`,
  ].join(" ");
}
