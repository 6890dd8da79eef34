// Migration of civil-servant records from the old SIRH (SQL Server) to JSON lines
// that the new HR suite imports.
const fs = require("fs");
const knex = require("knex")({
  client: "mssql",
  connection: {
    server: process.env.SIRH_HOST,
    user: "sirh_ro",
    // ruleid: hardcoded-credentials
    password: process.env.SIRH_PASSWORD ?? "Sirh2018!",
    database: "SIRH",
  },
});

const OUT = "/data/migration/agents.jsonl";

async function migrate() {
  // ok: unencrypted-patient-write
  fs.writeFileSync(OUT, "");
  // ruleid: unfiltered-extraction
  const agents = await knex.select("*").from("agents");
  agents.forEach((a) => {
    const rec = {
      matricule: a.matricule,
      nom: a.nom_usuel,
      prenom: a.prenom,
      naissance: a.date_naissance,
      insee: a.numero_insee,
      grade: a.grade,
    };
    // ruleid: unencrypted-patient-write
    fs.appendFileSync(OUT, JSON.stringify(rec) + "\n");
  });

  // ok: unfiltered-extraction
  const grades = await knex("ref_grades").select("code", "libelle");
  // ok: unencrypted-patient-write
  fs.writeFileSync("/data/migration/grades.json", JSON.stringify(grades));
  await knex.destroy();
}

migrate().catch((err) => {
  console.error(err);
  process.exit(1);
});
