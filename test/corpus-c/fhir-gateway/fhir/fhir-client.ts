import axios, { AxiosInstance } from "axios";
import type { OperationOutcome, Patient } from "fhir/r4";
import https from "https";
import { Pool } from "pg";
import { ResultRow, toFhirPatient } from "./patient-mapper";

/**
 * Client of the regional identity server (MPI). The server's certificate is issued by the regional
 * PKI, which is not in Node's trust store: instead of configuring the CA, checks were switched off.
 */
const insecureAgent = new https.Agent({
  keepAlive: true,
  // ruleid: plaintext-transfer
  rejectUnauthorized: false,
});

export const mpi: AxiosInstance = axios.create({
  baseURL: process.env.MPI_BASE_URL ?? "https://mpi.region-sante.example/fhir",
  httpsAgent: insecureAgent,
  timeout: 15_000,
  auth: {
    username: process.env.MPI_USER ?? "lis-gateway",
    // ruleid: hardcoded-credentials
    password: process.env.MPI_PASSWORD ?? "gateway#2021",
  },
  headers: { accept: "application/fhir+json" },
});

const pool = new Pool({ connectionString: process.env.LIS_DATABASE_URL });

/** Registers or updates one patient identity at the MPI after reception desk changes. */
export async function syncPatient(patientId: string): Promise<OperationOutcome | Patient> {
  const { rows } = await pool.query<ResultRow>(
    // ok: unfiltered-extraction
    "SELECT id AS patient_id, ins_nir, last_name, first_name, birth_date, gender FROM patients WHERE id = $1",
    [patientId],
  );
  if (rows.length === 0) throw new Error(`unknown patient ${patientId}`);
  const resource: Patient = toFhirPatient(rows[0]);
  // ok: unencrypted-patient-write (request body over verified TLS: encrypted in transit, not a stored copy)
  const res = await mpi.put<Patient>(`/Patient/${patientId}`, resource);
  return res.data;
}

/** Health check used by the readiness probe: no patient data involved. */
export async function mpiReady(): Promise<boolean> {
  const res = await mpi.get("/metadata", { validateStatus: () => true });
  return res.status === 200;
}
