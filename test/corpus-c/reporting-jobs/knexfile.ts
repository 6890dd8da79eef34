import type { Knex } from "knex";

/**
 * Knex configuration of the reporting worker. `production` reads everything from the environment;
 * `staging` was set up in a hurry for the 2022 audit and never cleaned.
 */
const config: Record<string, Knex.Config> = {
  development: {
    client: "pg",
    // ok: hardcoded-credentials
    connection: "postgres://localhost:5432/lis_dev",
    migrations: { directory: "./migrations", extension: "js" },
  },
  staging: {
    client: "pg",
    // ruleid: hardcoded-credentials
    connection: "postgres://reporting:R3port!ng2022@db-staging.lab.internal:5432/lis",
    pool: { min: 0, max: 4 },
    migrations: { directory: "./migrations", extension: "js" },
  },
  production: {
    client: "pg",
    connection: {
      host: process.env.PGHOST,
      port: Number(process.env.PGPORT ?? 5432),
      user: process.env.PGUSER,
      // ok: hardcoded-credentials
      password: process.env.PGPASSWORD,
      database: process.env.PGDATABASE,
      ssl: { ca: process.env.PG_CA },
    },
    pool: { min: 1, max: 8 },
    migrations: { directory: "./migrations", extension: "js" },
  },
};

export default config;
