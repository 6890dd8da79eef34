import https from "node:https";
import axios from "axios";
import { encryptBuffer } from "../lib/crypto";
import { knexBank } from "./lib/bank-db";

// the bureau's staging certificate is self-signed
// ruleid: plaintext-transfer
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

const agent = new https.Agent({
  keepAlive: true,
  // ruleid: plaintext-transfer
  rejectUnauthorized: false,
});

// ok: plaintext-transfer
const strictAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: true });

/** Pushes updated credit scores to the credit bureau (payload encrypted with the shared key). */
export async function pushScores(since: Date): Promise<number> {
  // ok: unfiltered-extraction
  const rows = await knexBank("credit_scores").select("client_id", "score", "updated_at").where("updated_at", ">", since);
  const payload = encryptBuffer(Buffer.from(JSON.stringify(rows)));
  // ok: unencrypted-patient-write
  await axios.post("https://scoring.example-bureau.com/v1/scores", payload, {
    httpsAgent: agent,
    headers: { "content-type": "application/octet-stream" },
    auth: {
      username: process.env.SCORING_USER as string,
      // ok: hardcoded-credentials
      password: process.env.SCORING_PASS as string,
    },
  });
  return rows.length;
}

export async function bureauStatus(): Promise<string> {
  // ok: plaintext-transfer
  const res = await axios.get("https://scoring.example-bureau.com/v1/status", { httpsAgent: strictAgent });
  return String(res.data.status);
}
