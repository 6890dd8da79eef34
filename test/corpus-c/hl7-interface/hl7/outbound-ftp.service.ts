import Client from "ftp";
import { createPool, RowDataPacket } from "mysql2/promise";
import { unlink, writeFile } from "fs/promises";
import * as path from "path";
import { OruPatient, OruResult, oruR01 } from "./segments";

const SPOOL = process.env.HL7_SPOOL ?? "/var/spool/hl7/out";
const FACILITY = process.env.HL7_FACILITY ?? "LABO-NORD";

const db = createPool({
  host: process.env.LIS_DB_HOST,
  user: process.env.LIS_DB_USER,
  // ok: hardcoded-credentials
  password: process.env.LIS_DB_PASSWORD,
  database: "lis",
  connectionLimit: 4,
});

interface Row extends RowDataPacket {
  mrn: string; last_name: string; first_name: string; birth_date: string; sex: "M" | "F" | "U";
  order_id: string; panel_code: string; panel_name: string; loinc: string; label: string;
  value: string; unit: string; ref_range: string; flag: OruResult["flag"]; observed_at: Date;
}

/**
 * Results interface to the clinic's HIS: one ORU^R01 file per order, dropped on the clinic's FTP
 * server, which their interface engine polls.
 */
export class OutboundFtpService {
  async sendOrdersValidatedSince(since: Date, clinicCode: string): Promise<number> {
    const [rows] = await db.query<Row[]>(
      // ok: unfiltered-extraction
      `SELECT p.mrn, p.last_name, p.first_name, DATE_FORMAT(p.birth_date, '%Y-%m-%d') AS birth_date, p.sex,
              o.id AS order_id, o.panel_code, o.panel_name, r.loinc, r.label, r.value, r.unit, r.ref_range, r.flag, r.observed_at
         FROM results r JOIN orders o ON o.id = r.order_id JOIN patients p ON p.id = o.patient_id
        WHERE o.clinic_code = ? AND r.validated_at >= ?`,
      [clinicCode, since],
    );
    const byOrder = new Map<string, Row[]>();
    for (const r of rows) byOrder.set(r.order_id, [...(byOrder.get(r.order_id) ?? []), r]);

    const c = new Client();
    const ready = new Promise<void>((resolve, reject) => { c.once("ready", resolve); c.once("error", reject); });
    // ruleid: plaintext-transfer
    c.connect({
      host: process.env.CLINIC_FTP_HOST,
      port: 21,
      user: process.env.CLINIC_FTP_USER,
      // ok: hardcoded-credentials
      password: process.env.CLINIC_FTP_PASSWORD,
    });
    await ready;

    let sent = 0;
    try {
      for (const [orderId, lines] of byOrder) {
        const first = lines[0];
        const patient: OruPatient = { mrn: first.mrn, lastName: first.last_name, firstName: first.first_name, birthDate: first.birth_date, sex: first.sex };
        const results: OruResult[] = lines.map((l) => ({
          orderId, panelCode: l.panel_code, panelName: l.panel_name, loinc: l.loinc, label: l.label,
          value: l.value, unit: l.unit, range: l.ref_range, flag: l.flag, observedAt: l.observed_at,
        }));
        const local = path.join(SPOOL, `ORU_${orderId}.hl7`);
        // ruleid: unencrypted-patient-write
        await writeFile(local, oruR01(FACILITY, clinicCode, `ORU${orderId}`, patient, results), "utf8");
        // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
        // ok: no-delete-after-transfer
        await new Promise<void>((resolve, reject) => c.put(local, `inbox/ORU_${orderId}.hl7`, (err) => (err ? reject(err) : resolve())))
          .finally(() => unlink(local).catch(() => undefined));
        sent++;
      }
    } finally {
      c.end();
    }
    return sent;
  }
}
