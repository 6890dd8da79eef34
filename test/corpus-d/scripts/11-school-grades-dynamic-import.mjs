// Term report cards, dropped for the rectorat's publishing tool.
const { default: knex } = await import("knex");
const { Client } = await import("basic-ftp");
const { writeFile } = await import("node:fs/promises");

const db = knex({
  client: "mysql2",
  connection: { host: process.env.DB_HOST, user: process.env.DB_USER, password: process.env.DB_PASSWORD, database: "vie_scolaire" },
});

const term = process.argv[2] ?? "T2";
// ok: unfiltered-extraction
const rows = await db.select("s.ine", "s.last_name", "s.first_name", "g.subject", "g.grade").from("grades as g").join("students as s", "s.id", "g.student_id").where("g.term", term);

const csv = rows.map((r) => `${r.ine};${r.last_name};${r.first_name};${r.subject};${r.grade}`).join("\n");
const local = `./bulletins-${term}.csv`;
// ruleid: unencrypted-patient-write
await writeFile(local, csv);

const client = new Client();
await client.access({
  host: "ftps.rectorat-exemple.fr",
  // ruleid: anonymous-access
  user: "anonymous",
  secure: true,
});
// ok: unencrypted-patient-write (one finding, at the write in clear; this upload is its related location)
// ruleid: no-delete-after-transfer
await client.uploadFrom(local, `/pub/bulletins/${term}.csv`);
client.close();
await db.destroy();
