// got / https with certificate verification disabled versus a properly verifying agent.
import got from "got";
import https from "https";
import { readFileSync } from "fs";
import mongoose from "mongoose";

const Dossier = mongoose.model(
  "Dossier",
  new mongoose.Schema({ ipp: String, nom: String, prenom: String, nir: String, service: String }),
);

const verifyingAgent = new https.Agent({
  ca: readFileSync(process.env.PARTNER_CA ?? "/etc/ssl/certs/partner-ca.pem"),
  // ok: plaintext-transfer
  rejectUnauthorized: true,
});

export async function pushService(service: string): Promise<void> {
  // ok: unfiltered-extraction
  const docs = await Dossier.find({ service }).select("ipp nom prenom nir").lean();
  // ok: unencrypted-patient-write (TLS without certificate checks: one finding, plaintext-transfer's, where the check is switched off)
  await got.post("https://hub.partenaire-sante.example/api/dossiers", {
    json: { service, dossiers: docs },
    https: {
      // ruleid: plaintext-transfer
      rejectUnauthorized: false,
    },
  });
}

export async function pushCounts(): Promise<void> {
  const n = await Dossier.countDocuments();
  // ok: unencrypted-patient-write
  await got.post("https://hub.partenaire-sante.example/api/volumes", {
    json: { total: n, at: new Date().toISOString() },
    agent: { https: verifyingAgent },
  });
}

export async function probeLocal(): Promise<number> {
  // ok: plaintext-transfer
  const r = await got("http://127.0.0.1:3000/health", { throwHttpErrors: false });
  return r.statusCode;
}
