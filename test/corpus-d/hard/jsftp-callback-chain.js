// Canteen supplier file: students with dietary/medical requirements, callback style.
const JSFtp = require("jsftp");
const { writeFile: persist } = require("fs");
const knex = require("knex")({ client: "pg", connection: process.env.SCHOOL_DB });

const BASE = { host: process.env.CANTINE_FTP_HOST, port: 21 };
const file = `${__dirname}/eleves-regimes.csv`;

function fetchStudents(cb) {
  knex
    // ruleid: unfiltered-extraction
    .raw("select * from students s join dietary_requirements d on d.student_id = s.id")
    .then((res) => cb(null, res.rows), cb);
}

function writeCsv(rows, cb) {
  const csv = rows.map((r) => `${r.last_name},${r.first_name},${r.class_name},${r.allergy},${r.medical_diet}`).join("\n");
  // ruleid: unencrypted-patient-write
  persist(file, csv, cb);
}

function send(cb) {
  // ruleid: plaintext-transfer
  const ftp = new JSFtp({ ...BASE, user: process.env.CANTINE_FTP_USER, pass: process.env.CANTINE_FTP_PASS });
  // ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
  // ruleid: no-delete-after-transfer
  ftp.put(file, "/commandes/eleves-regimes.csv", (err) => {
    ftp.raw("quit", () => cb(err));
  });
}

fetchStudents((err, rows) => {
  if (err) throw err;
  writeCsv(rows, (e) => {
    if (e) throw e;
    send((e2) => {
      knex.destroy();
      if (e2) console.error(e2);
    });
  });
});
