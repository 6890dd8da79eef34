"use strict";
/**
 * Copies the patients of the legacy schema into the v2 schema (same PostgreSQL cluster), keeping
 * only the columns listed in the data-mapping sheet and the patients seen since the lab's cut-off
 * date. Runs inside the migration transaction; nothing is written to disk.
 */
const CUTOFF = "2017-05-07";
const BATCH = 1000;

exports.up = async function up(knex) {
  await knex.schema.withSchema("v2").createTable("patients", (t) => {
    t.uuid("id").primary();
    t.string("last_name", 120).notNullable();
    t.string("first_name", 120).notNullable();
    t.date("birth_date").notNullable();
    t.string("insurer_code", 12);
    t.timestamp("last_visit_at", { useTz: true });
  });

  let lastId = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    // ok: unfiltered-extraction
    const rows = await knex("legacy.patients")
      .select("id", "last_name", "first_name", "birth_date", "insurer_code", "last_visit_at")
      .where("last_visit_at", ">=", CUTOFF)
      .andWhere("id", ">", lastId)
      .orderBy("id")
      .limit(BATCH);
    if (rows.length === 0) break;
    await knex("v2.patients").insert(rows);
    lastId = rows[rows.length - 1].id;
  }

  // ok: unfiltered-extraction
  const [{ count }] = await knex("v2.patients").count({ count: "*" });
  console.log(`[migration] copied ${count} patients seen since ${CUTOFF}`);
};

exports.down = async function down(knex) {
  await knex.schema.withSchema("v2").dropTableIfExists("patients");
};
