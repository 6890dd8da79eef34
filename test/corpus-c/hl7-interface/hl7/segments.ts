/**
 * Minimal HL7 v2.5 builder for ORU^R01 result messages. Pure functions: nothing here reads the
 * database or touches the disk.
 */
export interface OruPatient {
  mrn: string;
  lastName: string;
  firstName: string;
  birthDate: string; // YYYY-MM-DD
  sex: "M" | "F" | "U";
}

export interface OruResult {
  orderId: string;
  panelCode: string;
  panelName: string;
  loinc: string;
  label: string;
  value: string;
  unit: string;
  range: string;
  flag: "" | "L" | "H" | "LL" | "HH" | "A";
  observedAt: Date;
}

const FIELD = "|";
const ENCODING = "^~\\&";

export function escapeHl7(v: string): string {
  return v
    .replace(/\\/g, "\\E\\")
    .replace(/\|/g, "\\F\\")
    .replace(/\^/g, "\\S\\")
    .replace(/&/g, "\\T\\")
    .replace(/~/g, "\\R\\")
    .replace(/\r?\n/g, "\\.br\\");
}

export function ts(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export function msh(sendingFacility: string, receivingFacility: string, controlId: string, at = new Date()): string {
  return ["MSH", ENCODING, "LIS", sendingFacility, "HIS", receivingFacility, ts(at), "", "ORU^R01^ORU_R01", controlId, "P", "2.5", "", "", "AL", "NE", "FRA", "UNICODE UTF-8"].join(FIELD);
}

export function pid(p: OruPatient): string {
  return ["PID", "1", "", `${escapeHl7(p.mrn)}^^^LIS^PI`, "", `${escapeHl7(p.lastName)}^${escapeHl7(p.firstName)}`, "", p.birthDate.replace(/-/g, ""), p.sex].join(FIELD);
}

export function obr(seq: number, r: OruResult): string {
  return ["OBR", String(seq), r.orderId, "", `${r.panelCode}^${escapeHl7(r.panelName)}^L`, "", "", ts(r.observedAt)].join(FIELD);
}

export function obx(seq: number, r: OruResult): string {
  return ["OBX", String(seq), "NM", `${r.loinc}^${escapeHl7(r.label)}^LN`, "", escapeHl7(r.value), r.unit, r.range, r.flag, "", "", "F"].join(FIELD);
}

export function oruR01(facility: string, receiver: string, controlId: string, p: OruPatient, results: OruResult[]): string {
  const segs = [msh(facility, receiver, controlId), pid(p)];
  results.forEach((r, i) => {
    segs.push(obr(i + 1, r));
    segs.push(obx(1, r));
  });
  return segs.join("\r") + "\r";
}
