// Anonymous login hidden behind constants, and TLS whose certificate check is switched off.
import { Client } from "basic-ftp";
import { Readable } from "stream";
import { Sequelize, DataTypes } from "sequelize";

// ruleid: anonymous-access
const ANON = "anonymous";
const PUBLIC_ZONE = {
  host: "ftp.labo-public.example",
  // ruleid: anonymous-access
  user: "ftp",
};

const sequelize = new Sequelize(process.env.DATABASE_URL!);
const Patient = sequelize.define("Patient", {
  nir: DataTypes.STRING,
  nom: DataTypes.STRING,
  prenom: DataTypes.STRING,
  telephone: DataTypes.STRING,
});

export async function publishAnnouncement(text: string): Promise<void> {
  const c = new Client();
  try {
    await c.access({ host: PUBLIC_ZONE.host, user: ANON, secure: true });
    // ok: unencrypted-patient-write
    await c.uploadFrom(Readable.from([text]), "/pub/annonce.txt");
  } finally {
    c.close();
  }
}

export async function mirrorPublic(): Promise<void> {
  const c = new Client();
  try {
    await c.access({ ...PUBLIC_ZONE, secure: true });
    await c.downloadTo("/tmp/annonce.txt", "/pub/annonce.txt");
  } finally {
    c.close();
  }
}

export async function pushContacts(site: string): Promise<void> {
  // ruleid: unfiltered-extraction
  const all = await Patient.findAll();
  const csv = all.map((p) => `${p.get("nir")},${p.get("nom")},${p.get("telephone")}`).join("\n");
  const c = new Client();
  try {
    // ok: plaintext-transfer
    // ok: anonymous-access
    await c.access({
      host: process.env.PRIVATE_FTP_HOST,
      user: process.env.PRIVATE_FTP_USER,
      password: process.env.PRIVATE_FTP_PASSWORD,
      secure: true,
      // ruleid: plaintext-transfer
      secureOptions: { rejectUnauthorized: false },
    });
    // ruleid: unencrypted-patient-write
    await c.uploadFrom(Readable.from([csv]), `/contacts/${site}.csv`);
  } finally {
    c.close();
  }
}
