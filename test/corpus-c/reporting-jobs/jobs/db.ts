import knex, { Knex } from "knex";
import config from "../knexfile";

const env = process.env.NODE_ENV === "production" ? "production" : process.env.NODE_ENV === "staging" ? "staging" : "development";

/** One shared Knex instance per worker process. */
export const db: Knex = knex(config[env]);

/** Readiness probe of the worker: the database answers and the schema is migrated. */
export async function dbReady(): Promise<boolean> {
  try {
    await db.raw("SELECT 1");
    const [, pending] = await db.migrate.list();
    return pending.length === 0;
  } catch (err) {
    console.error(`[db] not ready: ${(err as Error).message}`);
    return false;
  }
}

export async function closeDb(): Promise<void> {
  await db.destroy();
}
