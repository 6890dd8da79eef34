// Yearly membership file for the company health insurance (mutuelle).
const { Client } = require("basic-ftp");
const mongoose = require("mongoose");
const fs = require("fs");

const Employee = mongoose.model(
  "Employee",
  new mongoose.Schema({
    lastName: String,
    firstName: String,
    birthDate: Date,
    nir: String,
    email: String,
    ayantsDroit: [{ nom: String, prenom: String, dateNaissance: Date }],
  }),
);

async function sendToMutuelle() {
  await mongoose.connect(process.env.MONGO_URL);
  // ok: unfiltered-extraction
  const headcount = await Employee.countDocuments();
  // ruleid: unfiltered-extraction
  const staff = await Employee.find().lean();
  const lines = staff.map((e) => [e.nir, e.lastName, e.firstName, e.birthDate.toISOString().slice(0, 10), e.email].join(";"));
  const file = "/var/spool/mutuelle/adhesions.csv";
  // ruleid: unencrypted-patient-write
  fs.writeFileSync(file, lines.join("\n"));

  const client = new Client();
  await client.access({
    host: "ftp.mutuelle-entreprises.fr",
    // ok: anonymous-access
    user: process.env.MUTUELLE_FTP_USER,
    // ok: hardcoded-credentials
    password: process.env.MUTUELLE_FTP_PASSWORD,
    // ruleid: plaintext-transfer
    secure: false,
  });
  // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
  // ruleid: no-delete-after-transfer
  const res = await client.uploadFrom(file, "adhesions.csv");
  if (res.code === 226) {
    fs.unlinkSync(file);
  }
  client.close();
  console.log(`${headcount} salariés, fichier transmis (code ${res.code})`);
  await mongoose.disconnect();
}

sendToMutuelle().catch((e) => {
  console.error(e);
  process.exit(1);
});
