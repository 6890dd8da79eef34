/**
 * Paramètres de connexion au SFTP du SIRH, partagés par les scripts d'export RH
 * (voir hr-sftp-fastput-xlsx.ts).
 */
export interface SftpSettings {
  host: string | undefined;
  port?: number;
  username: string | undefined;
  password?: string;
  readyTimeout?: number;
}

export const sirhSftp: SftpSettings = {
  host: "sftp.sirh.example.fr",
  port: 22,
  username: "export_rh",
  // ruleid: hardcoded-credentials
  password: "Rh-Sftp-2022",
  readyTimeout: 20000,
};

export const sirhSftpRecette: SftpSettings = {
  host: process.env.SIRH_SFTP_HOST_RECETTE,
  username: process.env.SIRH_SFTP_USER_RECETTE,
  // ok: hardcoded-credentials
  password: process.env.SIRH_SFTP_PASSWORD_RECETTE,
};

export const remoteDirs = {
  entrant: "/sirh/entrant",
  archive: "/sirh/archive",
  rejet: "/sirh/rejets",
};
