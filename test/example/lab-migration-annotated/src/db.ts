// Connection to a laboratory's legacy MEGABUS database. One read-only account per lab,
// provisioned for the migration window; credentials come from the environment.
import { Pool } from "pg";

export type LabCode = "A" | "B";

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}

export function openSource(lab: LabCode): Pool {
  return new Pool({
    host: env(`MEGABUS_${lab}_HOST`),
    port: 5432,
    database: "megabus",
    user: env(`MEGABUS_${lab}_USER`),
    // ok: hardcoded-credentials
    password: env(`MEGABUS_${lab}_PASSWORD`),
    ssl: { ca: env("MEGABUS_CA_PEM") },
    max: 2,
  });
}
