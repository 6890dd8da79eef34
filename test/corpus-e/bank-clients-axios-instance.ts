/**
 * Reprise des fiches clients vers l'ancien CRM (API REST interne).
 */
import axios from "axios";
import mongoose, { Schema } from "mongoose";

interface IClient {
  numeroClient: string;
  nom: string;
  prenom: string;
  email: string;
  telephone: string;
  iban: string;
  dateNaissance: Date;
  agence: string;
}

const ClientModel = mongoose.model<IClient>(
  "Client",
  new Schema<IClient>({
    numeroClient: { type: String, index: true },
    nom: String,
    prenom: String,
    email: String,
    telephone: String,
    iban: String,
    dateNaissance: Date,
    agence: String,
  })
);

const crmLegacy = axios.create({
  // ruleid: plaintext-transfer
  baseURL: "http://crm-legacy.banque-exemple.fr/api",
  timeout: 15000,
  auth: {
    username: "batch_migration",
    // ruleid: hardcoded-credentials
    password: "Crm2021batch",
  },
});

const devMock = axios.create({
  // ok: plaintext-transfer
  baseURL: "http://localhost:8089/api",
});

export async function migrateClients(): Promise<void> {
  await mongoose.connect(process.env.MONGO_URL as string);
  // ruleid: unfiltered-extraction
  const clients = await ClientModel.find().lean();
  for (let i = 0; i < clients.length; i += 500) {
    const batch = clients.slice(i, i + 500);
    // ruleid: unencrypted-patient-write
    await crmLegacy.post("/clients/import", batch);
  }
  // ok: unencrypted-patient-write
  await devMock.post("/jobs/status", { job: "migrate-clients", state: "done" });
  await mongoose.disconnect();
}

if (require.main === module) {
  migrateClients().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
