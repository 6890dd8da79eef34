import type { AccessOptions } from "basic-ftp";

/**
 * FTP areas of the vendor's remote-maintenance server, used by the support tooling.
 * - `privateArea`: the support team's shared account, for database dumps sent by the sites.
 * - `publicArea`: the download zone from which sites fetch patches and, occasionally, extracts.
 */
export const privateArea: AccessOptions = {
  host: "ftp.maintenance.editeur-lis.example",
  port: 21,
  user: "support",
  // ruleid: hardcoded-credentials
  password: "Supp0rt-LIS!",
  // ruleid: plaintext-transfer
  secure: false,
};

export const publicArea: AccessOptions = {
  host: "ftp.maintenance.editeur-lis.example",
  port: 21,
  // ruleid: anonymous-access
  user: "ftp",
};

/** Directory layout agreed with the support team. */
export const REMOTE_DIRS = {
  dumps: "/private/dumps",
  public: "/pub/sites",
} as const;
