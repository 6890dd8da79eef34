// Reaching the old LIS database through an SSH tunnel: SSH and database passwords written in
// the code next to look-alikes read from the environment or from a secrets file.
import { Client as SshClient } from "ssh2";
import { readFileSync } from "fs";
import { Pool } from "pg";
import mysql from "mysql2/promise";

export function openTunnel(): Promise<SshClient> {
  return new Promise((resolve, reject) => {
    const ssh = new SshClient();
    ssh.on("ready", () => resolve(ssh)).on("error", reject);
    ssh.connect({
      host: "bastion.megabus-legacy.example",
      port: 22,
      username: "maintenance",
      // ruleid: hardcoded-credentials
      password: "maint2019!",
    });
  });
}

export function openTunnelWithKey(): Promise<SshClient> {
  return new Promise((resolve, reject) => {
    const ssh = new SshClient();
    ssh.on("ready", () => resolve(ssh)).on("error", reject);
    ssh.connect({
      host: process.env.BASTION_HOST,
      username: process.env.BASTION_USER,
      // ok: hardcoded-credentials
      privateKey: readFileSync(process.env.BASTION_KEY_FILE ?? `${process.env.HOME}/.ssh/id_ed25519`),
    });
  });
}

export const legacyPool = new Pool({
  host: "127.0.0.1",
  port: 15432,
  // ok: hardcoded-credentials
  user: "postgres",
  // ruleid: hardcoded-credentials
  password: "postgres",
  database: "megabus",
});

export const targetPool = new Pool({
  host: process.env.TARGET_PGHOST,
  user: process.env.TARGET_PGUSER,
  // ok: hardcoded-credentials
  password: readFileSync("/run/secrets/target_pg_password", "utf8").trim(),
  database: "sil",
});

export async function mysqlLegacy() {
  return mysql.createConnection({
    host: "127.0.0.1",
    port: 13306,
    user: "dxlab",
    // ok: hardcoded-credentials
    password: process.env.DXLAB_DB_PASSWORD,
    database: "dxlab",
  });
}
