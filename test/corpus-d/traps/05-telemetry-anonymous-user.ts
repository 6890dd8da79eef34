// UI labels and job telemetry for the export console. Nothing here logs into an FTP server.
import axios from "axios";

type UiLabel = { key: string; user: string; text: string };

export const LOGIN_LABELS: UiLabel[] = [
  // ok: anonymous-access
  { key: "guest", user: "anonymous", text: "Continuer sans compte" },
  { key: "staff", user: "staff", text: "Personnel du laboratoire" },
];

export function displayName(user?: { name?: string }): string {
  return user?.name ?? "anonymous";
}

export async function reportJobFinished(jobName: string, durationMs: number, rowCount: number): Promise<void> {
  const event = {
    name: "export_job_finished",
    // ok: anonymous-access
    user: "anonymous",
    props: { jobName, durationMs, rowCount },
  };
  // ok: unencrypted-patient-write
  await axios.post("https://telemetry.internal-tools.example/v1/events", event, { timeout: 2000 }).catch(() => undefined);
}

// Sentry-like scope: the export worker runs without an end-user identity
export const workerScope = {
  // ok: anonymous-access
  user: { id: "worker", username: "ftp" },
  tags: { component: "export-worker", protocol: "sftp" },
};
