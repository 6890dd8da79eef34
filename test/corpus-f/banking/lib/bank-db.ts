import knexFactory, { Knex } from "knex";

/** Core banking database (read-only replica). */
export const knexBank: Knex = knexFactory({
  client: "mysql2",
  connection: {
    host: process.env.BANK_DB_HOST ?? "mysql-ro.example-bank.com",
    port: 3306,
    // ok: hardcoded-credentials
    user: process.env.BANK_DB_USER ?? "bank_ro",
    // ruleid: hardcoded-credentials
    password: process.env.BANK_DB_PASSWORD ?? "ChangeMe123",
    database: "core",
  },
  pool: { min: 0, max: 6 },
});

/** Reporting warehouse. */
// ruleid: hardcoded-credentials
const reportingUrl = process.env.REPORTING_DB_URL ?? "postgres://reporting:Rep0rting!@pg.example-bank.com:5432/reporting";

export const knexReporting: Knex = knexFactory({ client: "pg", connection: reportingUrl });

/** Audit database: URL injected by the platform, no fallback. */
// ok: hardcoded-credentials
export const knexAudit: Knex = knexFactory({ client: "pg", connection: process.env.AUDIT_DB_URL });

/** Keyset pagination over any query builder ordered by "id". */
export async function* byId<T extends { id: number }>(
  build: (afterId: number) => Knex.QueryBuilder,
  pageSize = 500,
): AsyncGenerator<T[]> {
  let after = 0;
  for (;;) {
    const page = (await build(after).orderBy("id").limit(pageSize)) as T[];
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].id;
  }
}

export async function closeAll(): Promise<void> {
  await Promise.all([knexBank.destroy(), knexReporting.destroy(), knexAudit.destroy()]);
}
