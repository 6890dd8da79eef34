// Pushes the product catalogue to the local search indexer.
import mysql from "mysql2/promise";
import axios from "axios";

// ok: plaintext-transfer
const INDEXER = "http://localhost:8080/api/products/bulk";
// ok: plaintext-transfer
const HEALTH = "http://127.0.0.1:8080/health";

const pool = mysql.createPool({ uri: process.env.SHOP_DB_URI });

export async function syncProducts() {
  await axios.get(HEALTH, { timeout: 2000 });
  // ok: unfiltered-extraction
  const [products] = await pool.query("SELECT * FROM products");
  // ok: unfiltered-extraction
  const [categories] = await pool.query("SELECT id, label FROM product_categories");
  const byId = new Map(categories.map((c) => [c.id, c.label]));
  const docs = products.map((p) => ({ sku: p.sku, name: p.name, price: p.price_ttc, category: byId.get(p.category_id) }));
  // ok: unencrypted-patient-write
  await axios.post(INDEXER, docs, { headers: { "Content-Type": "application/json" } });
  console.log(`${docs.length} products indexed`);
}

syncProducts()
  .catch((e) => console.error(e))
  .finally(() => pool.end());
