// CommonJS data-access object: every query goes through runQuery(sql, params).
const mysql = require("mysql2/promise");

const pool = mysql.createPool({
  uri: process.env.LIS_DB_URL,
  connectionLimit: 4,
});

async function runQuery(sql, params = []) {
  const [rows] = await pool.query(sql, params);
  return rows;
}

module.exports = {
  // ruleid: unfiltered-extraction
  tousLesPatients: () => runQuery("SELECT * FROM patients"),

  parVille: () =>
    // ok: unfiltered-extraction
    runQuery("SELECT ville, COUNT(*) AS n FROM patients GROUP BY ville"),

  parDossier: (id) =>
    // ok: unfiltered-extraction
    runQuery("SELECT id, nom, prenom, ddn FROM patients WHERE id = ?", [id]),

  tarifs: () =>
    // ok: unfiltered-extraction
    runQuery("SELECT * FROM products"),

  commentaires: () =>
    // ruleid: unfiltered-extraction
    runQuery("SELECT id, commentaire_p, commentaire_d FROM patients"),

  runQuery,
  close: () => pool.end(),
};
