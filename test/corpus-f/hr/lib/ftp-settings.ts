import type { AccessOptions } from "basic-ftp";

/** Connection settings of the payroll FTP servers. */
const defaults: Partial<AccessOptions> = {
  port: 21,
  secure: true,
  secureOptions: { minVersion: "TLSv1.2" },
};

/** Payroll provider: their server still refuses AUTH TLS. */
export const payrollFtp: AccessOptions = {
  ...defaults,
  host: "ftp.example-payroll.com",
  // ok: anonymous-access
  user: "paie",
  // ruleid: hardcoded-credentials
  password: "Paie#2019",
  // ruleid: plaintext-transfer
  secure: false,
};

/** Group archive: FTPS, credentials injected by the deployment. */
export const archiveFtp: AccessOptions = {
  ...defaults,
  host: process.env.ARCHIVE_FTP_HOST ?? "ftps.example-archive.fr",
  // ok: anonymous-access
  user: process.env.ARCHIVE_FTP_USER,
  // ok: hardcoded-credentials
  password: process.env.ARCHIVE_FTP_PASSWORD,
};

export const REMOTE_DIR = "/paie/absences";

export function describe(o: AccessOptions): string {
  return `${o.host}:${o.port ?? 21} (${o.secure ? "tls" : "clear"})`;
}
