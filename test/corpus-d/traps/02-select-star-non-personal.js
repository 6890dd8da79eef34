// Nightly catalogue export for the web shop of the lab's consumables.
const { Pool } = require("pg");
const fs = require("fs");
const knex = require("knex")({ client: "pg", connection: process.env.ERP_URL });

const pool = new Pool({ connectionString: process.env.ERP_URL });

async function exportCatalog() {
  // ok: unfiltered-extraction
  const { rows: products } = await pool.query("SELECT * FROM products");
  // ok: unfiltered-extraction
  const settings = await knex("settings");
  // ok: unfiltered-extraction
  const failed = await pool.query("SELECT * FROM job_runs WHERE status = 'failed' AND finished_at > now() - interval '1 day'");
  // ok: unfiltered-extraction
  const catalog = await knex.select("*").from("catalog_items");
  // ok: unfiltered-extraction
  const { rows: vat } = await pool.query("SELECT * FROM config WHERE key LIKE 'vat.%'");

  const out = { products, settings, catalog, vat, failedJobs: failed.rowCount };
  fs.mkdirSync("./public", { recursive: true });
  // ok: unencrypted-patient-write
  fs.writeFileSync("./public/catalog.json", JSON.stringify(out));
  // ok: unencrypted-patient-write
  fs.createWriteStream("./public/products.csv").end(products.map((p) => `${p.sku};${p.label};${p.price}`).join("\n"));
}

exportCatalog()
  .catch((e) => console.error(e))
  .finally(() => Promise.all([pool.end(), knex.destroy()]));
