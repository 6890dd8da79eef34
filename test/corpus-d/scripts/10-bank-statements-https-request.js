// Pushes open statements to the interbank archiving service.
const mysql = require("mysql2");
const { request } = require("https");

const conn = mysql.createConnection({
  host: process.env.CORE_DB_HOST,
  user: "stmt_export",
  password: process.env.CORE_DB_PASS,
  database: "corebank",
  // ruleid: plaintext-transfer
  ssl: { rejectUnauthorized: false },
});

function postBatch(rows, done) {
  const payload = JSON.stringify({ statements: rows });
  const options = {
    host: "archiving.gie-banques.example",
    path: "/statements",
    method: "POST",
    headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
    // ruleid: plaintext-transfer
    rejectUnauthorized: false,
  };
  // ok: unencrypted-patient-write (TLS without certificate checks: one finding, plaintext-transfer's, where the check is switched off)
  request(options, (res) => { res.resume(); res.on("end", () => done(null, res.statusCode)); }).on("error", done).end(payload);
}

conn.query(
  // ruleid: unfiltered-extraction
  "SELECT * FROM accounts a JOIN statements s ON s.account_id = a.id WHERE s.closed_at IS NULL",
  (err, rows) => {
    if (err) throw err;
    postBatch(rows, (e, status) => {
      console.log("archived", rows.length, status, e ? e.message : "");
      conn.end();
    });
  }
);
