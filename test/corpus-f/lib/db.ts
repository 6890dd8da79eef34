import { Pool, PoolClient } from "pg";
import knexFactory, { Knex } from "knex";
import { config } from "./config";

/** Shared pg pool; credentials come from lib/config (environment). */
// ok: hardcoded-credentials
export const pool = new Pool({ ...config.db, max: 5, idleTimeoutMillis: 10_000 });

/** Query builder on the same database, used by the repositories. */
export const knex: Knex = knexFactory({
  client: "pg",
  // ok: hardcoded-credentials
  connection: process.env.DATABASE_URL,
  pool: { min: 0, max: 4 },
});

export async function withClient<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

const COUNTABLE = new Set(["patients", "analyses", "prescriptions", "dossiers", "employees"]);

export async function countRows(table: string): Promise<number> {
  if (!COUNTABLE.has(table)) throw new Error(`unknown table ${table}`);
  // ok: unfiltered-extraction
  const res = await pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(res.rows[0].n);
}

export async function ping(): Promise<boolean> {
  // ok: unfiltered-extraction
  const res = await pool.query("SELECT 1 AS ok");
  return res.rows.length === 1;
}

export async function close(): Promise<void> {
  await Promise.all([pool.end(), knex.destroy()]);
}
