// Archives the KYC file to the document-retention bucket (presigned URL from the DMS).
import mongoose, { Schema } from "mongoose";
import ExcelJS from "exceljs";
import axios from "axios";

interface KycCustomer {
  customerId: string;
  lastName: string;
  firstName: string;
  birthDate: Date;
  nationality: string;
  idDocumentNumber: string;
  address: string;
  riskScore: number;
}

const CustomerModel = mongoose.model<KycCustomer>(
  "Customer",
  new Schema<KycCustomer>({
    customerId: String,
    lastName: String,
    firstName: String,
    birthDate: Date,
    nationality: String,
    idDocumentNumber: String,
    address: String,
    riskScore: Number,
  }),
);

export async function archiveKyc(presignedUrl: string): Promise<void> {
  // ruleid: unfiltered-extraction
  const docs = await CustomerModel.find({}).lean();

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("KYC");
  ws.addRow(["Id", "Nom", "Prénom", "Naissance", "Nationalité", "Pièce", "Adresse", "Score"]);
  for (const d of docs) {
    ws.addRow([d.customerId, d.lastName, d.firstName, d.birthDate, d.nationality, d.idDocumentNumber, d.address, d.riskScore]);
  }
  const buffer = await wb.xlsx.writeBuffer();
  // todoruleid: unencrypted-patient-write (a PUT to a presigned storage URL received as a parameter: the code does not show it is storage)
  await axios.put(presignedUrl, buffer, {
    headers: { "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });

  // ok: unfiltered-extraction
  const highRisk = await CustomerModel.countDocuments({ riskScore: { $gte: 80 } });
  // ok: unencrypted-patient-write
  await axios.post("https://monitoring.banque-rhodanienne.fr/api/kyc-archive", { archived: docs.length, highRisk });
}
