// Shared transfer configuration imported by jobs/nightly-push.ts. One entry keeps its password
// in the file; the others only name the environment variable that holds it.
export interface FtpTarget {
  host: string;
  port?: number;
  user: string;
  password?: string;
  passwordVar?: string;
  remoteDir: string;
}

export const targets: Record<string, FtpTarget> = {
  laboNord: {
    host: "ftp.labo-nord.example",
    user: "sil_nord",
    // ruleid: hardcoded-credentials
    password: "N0rd#2022",
    remoteDir: "/entrant",
  },
  laboSud: {
    host: "ftp.labo-sud.example",
    user: "sil_sud",
    // ok: hardcoded-credentials
    passwordVar: "LABO_SUD_FTP_PASSWORD",
    remoteDir: "/depot",
  },
};

export function passwordOf(t: FtpTarget): string | undefined {
  return t.passwordVar ? process.env[t.passwordVar] : t.password;
}

export default targets;
