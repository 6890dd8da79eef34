import { Schema, model } from "mongoose";

/** Connectivity events of the analyzers (heartbeats, QC runs). Technical data only. */
export interface IInstrumentEvent {
  labId: string;
  instrumentSerial: string;
  kind: "heartbeat" | "qc" | "error";
  code?: string;
  at: Date;
}

const InstrumentEventSchema = new Schema<IInstrumentEvent>(
  {
    labId: { type: String, required: true },
    instrumentSerial: { type: String, required: true },
    kind: { type: String, enum: ["heartbeat", "qc", "error"], required: true },
    code: String,
    at: { type: Date, default: () => new Date() },
  },
  { collection: "instrument_events", capped: { size: 50 * 1024 * 1024 } },
);

export const InstrumentEventModel = model<IInstrumentEvent>("InstrumentEvent", InstrumentEventSchema);
