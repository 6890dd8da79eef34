// Clean: SheetJS workbook built in memory from a filtered knex query, encrypted, then written.
const XLSX = require("xlsx");
const crypto = require("crypto");
const fs = require("fs");
const knex = require("knex")({ client: "pg", connection: process.env.DATABASE_URL });

function encrypt(buf) {
  const key = Buffer.from(process.env.SHEET_KEY, "hex");
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, cipher.update(buf), cipher.final()]);
}

async function exportSheet(labId, since, out) {
  // ok: unfiltered-extraction
  const rows = await knex("patients")
    .select("ipp", "nom", "prenom", "ddn")
    .where("lab_id", labId)
    .andWhere("derniere_visite", ">=", since);

  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.json_to_sheet(rows), "Patients");
  const bin = XLSX.write(wb, { type: "buffer", bookType: "xlsx" });

  // ok: unencrypted-patient-write
  fs.writeFileSync(out, encrypt(bin), { mode: 0o600 });
}

async function exportPriceList(out) {
  // ok: unfiltered-extraction
  const items = await knex("products").select("*");
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.json_to_sheet(items), "Tarifs");
  // ok: unencrypted-patient-write
  XLSX.writeFile(wb, out);
}

module.exports = { exportSheet, exportPriceList };
