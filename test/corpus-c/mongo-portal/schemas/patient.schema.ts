import { Schema, Types, model } from "mongoose";

/** Patient account of the results portal (patients log in to download their reports). */
export interface IPatient {
  _id: Types.ObjectId;
  labId: string;
  externalId: string;
  lastName: string;
  firstName: string;
  birthDate: Date;
  email: string;
  phone?: string;
  address?: { line1: string; city: string; postalCode: string };
  insuranceNumber?: string;
  portalPasswordHash: string;
  reports: Array<{ reportId: string; issuedAt: Date; summary: string }>;
  consentToResearch: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const AddressSchema = new Schema(
  { line1: String, city: String, postalCode: String },
  { _id: false },
);

const PatientSchema = new Schema<IPatient>(
  {
    labId: { type: String, required: true, index: true },
    externalId: { type: String, required: true },
    lastName: { type: String, required: true },
    firstName: { type: String, required: true },
    birthDate: { type: Date, required: true },
    email: { type: String, required: true, lowercase: true },
    phone: String,
    address: AddressSchema,
    insuranceNumber: String,
    portalPasswordHash: { type: String, required: true, select: false },
    reports: [{ reportId: String, issuedAt: Date, summary: String }],
    consentToResearch: { type: Boolean, default: false },
  },
  { timestamps: true, collection: "patients" },
);

PatientSchema.index({ labId: 1, externalId: 1 }, { unique: true });
PatientSchema.index({ updatedAt: 1 });

export const PatientModel = model<IPatient>("Patient", PatientSchema);
