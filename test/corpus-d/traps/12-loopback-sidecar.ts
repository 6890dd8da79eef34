// Notifies the local sidecars when an export job ends (counts only).
import http from "node:http";
import axios from "axios";

// ok: plaintext-transfer
const EVENTS_SIDECAR = "http://127.0.0.1:8125";
// ok: plaintext-transfer
const HEALTH_URL = "http://localhost:8080/healthz";

export async function notifyExportDone(jobId: string, rowCount: number): Promise<void> {
  // ok: unencrypted-patient-write
  await axios.post(`${EVENTS_SIDECAR}/events`, { jobId, rowCount, status: "done" });
  // ok: plaintext-transfer
  // ok: unencrypted-patient-write
  http.request("http://[::1]:9000/jobs/" + encodeURIComponent(jobId), { method: "PUT" }).end(JSON.stringify({ rowCount }));
}

export async function sidecarHealthy(): Promise<boolean> {
  try {
    const res = await fetch(HEALTH_URL, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}
