// Shared transfer settings for the HR exports (copied from the old Jenkins job).
export const ftpBase = {
  port: 21,
  // ruleid: plaintext-transfer
  secure: false,
  timeout: 60_000,
};

export const transferConfig = {
  payrollBureau: {
    ...ftpBase,
    host: "ftp.bureau-paie.example",
    user: "acme_payroll",
    // ruleid: hardcoded-credentials
    password: "Acme#Payroll#2019",
  },
  archive: {
    ...ftpBase,
    host: "archive.acme-rh.example",
  },
};

export default transferConfig;
