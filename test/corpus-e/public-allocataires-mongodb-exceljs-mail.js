"use strict";
// Tableau mensuel des allocataires envoyé par courriel au service des prestations.
const { MongoClient } = require("mongodb");
const ExcelJS = require("exceljs");
const nodemailer = require("nodemailer");
const path = require("path");

// ruleid: hardcoded-credentials
const MONGO_URL = "mongodb://admin:Caf2022@mongo.interne.example.fr:27017/prestations?authSource=admin";

const transporter = nodemailer.createTransport({
  host: "smtp.interne.example.fr",
  port: 587,
  requireTLS: true,
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
});

async function main() {
  const mongo = new MongoClient(MONGO_URL);
  await mongo.connect();
  try {
    const db = mongo.db("prestations");
    // ruleid: unfiltered-extraction
    const allocataires = await db.collection("allocataires").find().toArray();
    // ok: unfiltered-extraction
    const parCommune = await db
      .collection("allocataires")
      .aggregate([{ $group: { _id: "$codeCommune", total: { $sum: 1 }, montant: { $sum: "$montantMensuel" } } }])
      .toArray();

    const wb = new ExcelJS.Workbook();
    wb.creator = "batch-prestations";
    const ws = wb.addWorksheet("Allocataires");
    ws.columns = [
      { header: "N° allocataire", key: "numeroAllocataire", width: 16 },
      { header: "Nom", key: "nom", width: 24 },
      { header: "Prénom", key: "prenom", width: 20 },
      { header: "NIR", key: "nir", width: 18 },
      { header: "Adresse", key: "adresse", width: 40 },
      { header: "Quotient familial", key: "quotientFamilial", width: 12 },
    ];
    ws.addRows(allocataires);
    const stats = wb.addWorksheet("Par commune");
    stats.addRow(["Commune", "Allocataires", "Montant"]);
    parCommune.forEach((c) => stats.addRow([c._id, c.total, c.montant]));

    const file = path.join("/data/exports", `allocataires_${Date.now()}.xlsx`);
    // ruleid: unencrypted-patient-write
    await wb.xlsx.writeFile(file);

    // ruleid: no-delete-after-transfer
    await transporter.sendMail({
      from: "batch-prestations@interne.example.fr",
      to: "service.prestations@interne.example.fr",
      subject: "Allocataires du mois",
      text: "Veuillez trouver ci-joint le tableau mensuel.",
      attachments: [{ filename: "allocataires.xlsx", path: file }],
    });
  } finally {
    await mongo.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
