// Partner endpoints used by the insurance jobs.
// The mutuelle never finished its TLS migration; the EDI gateway still listens on port 80.
// ruleid: plaintext-transfer
export const MUTUELLE_EDI_URL = "http://edi.mutuelle-partenaire.example/upload";
// local job queue sidecar
// ok: plaintext-transfer
export const LOCAL_QUEUE_URL = "http://localhost:7070/queue";
export const TIMEOUT_MS = 30_000;

export const RETRY = {
  limit: 3,
  methods: ["POST"] as const,
  statusCodes: [502, 503, 504],
};

export function describeEndpoint(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}
