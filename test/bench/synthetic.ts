/**
 * A deterministic synthetic workspace for the benchmark: ordinary service code (most files) mixed
 * with migration/export scripts that exercise every rule. Same seed, same files.
 */
import * as fs from "fs";
import * as path from "path";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SERVICE = (i: number, r: () => number): string => {
  const n = 3 + Math.floor(r() * 6);
  const methods: string[] = [];
  for (let m = 0; m < n; m++) {
    methods.push(`
  async item${m}(id: number, opts: Options = {}): Promise<Item${i} | undefined> {
    const key = \`item:\${id}:${m}\`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const found = this.items.find((x) => x.id === id && (opts.includeArchived || !x.archived));
    if (found) this.cache.set(key, found);
    const total = this.items.reduce((acc, x) => acc + x.price * (x.quantity ?? 1), 0);
    this.log(\`item${m} \${id} total=\${total}\`);
    return found;
  }`);
  }
  return `import { EventEmitter } from "events";
import { helper${(i + 1) % 50} } from "../util/helper-${(i + 1) % 50}";

export interface Options { includeArchived?: boolean; limit?: number }
export interface Item${i} { id: number; sku: string; price: number; quantity?: number; archived?: boolean; label: string }

export class Service${i} extends EventEmitter {
  private cache = new Map<string, Item${i}>();
  constructor(private readonly items: Item${i}[] = []) { super(); }
  private log(msg: string): void { if (process.env.DEBUG) console.debug(msg); }
${methods.join("\n")}
  summary(): { count: number; value: number } {
    return { count: this.items.length, value: helper${(i + 1) % 50}(this.items.map((x) => x.price)) };
  }
}
`;
};

const HELPER = (i: number): string => `export function helper${i}(values: number[]): number {
  let acc = 0;
  for (const v of values) acc += Math.round(v * 100) / 100;
  return acc / Math.max(1, values.length);
}

export const LABELS_${i} = ["alpha", "beta", "gamma"].map((x, k) => \`\${x}-\${k}-${i}\`);
`;

/** Migration scripts: one template per rule family, varied by index. */
const SCRIPTS: Array<(i: number) => string> = [
  (i) => `import { Pool } from "pg";
import * as fs from "fs";
import * as ftp from "basic-ftp";

const pool = new Pool();

export async function exportLab${i}(): Promise<void> {
  const { rows } = await pool.query("SELECT * FROM patients WHERE lab_id = ${i}");
  const csv = rows.map((r) => Object.values(r).join(";")).join("\\n");
  const file = "/tmp/export-${i}.csv";
  fs.writeFileSync(file, csv);
  const client = new ftp.Client();
  await client.access({ host: "ftp.partner-${i}.example", user: "anonymous" });
  await client.uploadFrom(file, "export-${i}.csv");
}
`,
  (i) => `import { createCipheriv, randomBytes } from "crypto";
import { promises as fsp } from "fs";
import SftpClient from "ssh2-sftp-client";
import knex from "knex";

const db = knex({ client: "pg", connection: process.env.DATABASE_URL });

function seal(text: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", Buffer.from(process.env.KEY ?? "", "hex"), iv);
  return Buffer.concat([iv, c.update(text), c.final(), c.getAuthTag()]);
}

export async function handover${i}(since: string): Promise<void> {
  const rows = await db("patients").select("id", "nom", "prenom").where("derniere_visite", ">=", since);
  const file = \`/tmp/handover-${i}.bin\`;
  await fsp.writeFile(file, seal(JSON.stringify(rows)));
  const sftp = new SftpClient();
  try {
    await sftp.connect({ host: process.env.SFTP_HOST, username: process.env.SFTP_USER, privateKey: process.env.SFTP_KEY });
    await sftp.fastPut(file, "/in/handover-${i}.bin");
  } finally {
    await fsp.rm(file, { force: true });
    await sftp.end();
  }
}
`,
  (i) => `import { PrismaClient } from "@prisma/client";
import axios from "axios";

const prisma = new PrismaClient();

export async function push${i}(): Promise<number> {
  const dossiers = await prisma.dossier.findMany();
  await axios.post("http://import.partner-${i}.example/api", dossiers, { auth: { username: "svc", password: "s3cret-${i}" } });
  return dossiers.length;
}
`,
  (i) => `import mysql from "mysql2/promise";
import { stringify } from "csv-stringify/sync";
import { writeFile } from "fs/promises";

export async function payroll${i}(month: string): Promise<void> {
  const conn = await mysql.createConnection({ host: "db", user: "rh", password: process.env.RH_PASSWORD });
  const [rows] = await conn.query("SELECT matricule, nom, prenom, iban FROM employees WHERE mois = ?", [month]);
  await writeFile(\`/data/paie-${i}-\${month}.csv\`, stringify(rows as object[], { header: true }));
  const [stats] = await conn.query("SELECT count(*) AS n FROM employees");
  console.log(stats);
}
`,
];

export interface SyntheticOptions {
  files: number;
  seed?: number;
}

/** Writes the workspace under `dir` (emptied first); returns the number of script files among them. */
export function generate(dir: string, o: SyntheticOptions): { files: number; scripts: number } {
  fs.rmSync(dir, { recursive: true, force: true });
  const r = rng(o.seed ?? 42);
  fs.mkdirSync(path.join(dir, "src", "util"), { recursive: true });
  fs.mkdirSync(path.join(dir, "src", "services"), { recursive: true });
  fs.mkdirSync(path.join(dir, "src", "migrations"), { recursive: true });
  let written = 0;
  let scripts = 0;
  for (let i = 0; i < 50 && written < o.files; i++, written++)
    fs.writeFileSync(path.join(dir, "src", "util", `helper-${i}.ts`), HELPER(i));
  for (let i = 0; written < o.files; i++, written++) {
    if (r() < 0.15) {
      fs.writeFileSync(
        path.join(dir, "src", "migrations", `script-${i}.ts`),
        SCRIPTS[scripts % SCRIPTS.length](i),
      );
      scripts++;
    } else {
      fs.writeFileSync(path.join(dir, "src", "services", `service-${i}.ts`), SERVICE(i, r));
    }
  }
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "synthetic", private: true }, null, 2),
  );
  return { files: written, scripts };
}

/**
 * `files` modules that each export a constant of the same name holding an http:// URL, and one
 * file that imports and requests one of them: the shape that made plaintext-transfer quadratic
 * (each constant's uses were looked for in every file containing its name).
 */
export function generateSameNameExports(dir: string, files: number): { files: number } {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const body = Array.from({ length: 399 }, (_, j) => `export function f${j}(x: number) { return x + ${j}; }`);
  for (let i = 0; i < files; i++) {
    const head = `export const BASE_URL = "http://partner${i}.example.org/api";`;
    fs.writeFileSync(path.join(dir, `module-${i}.ts`), [head, ...body].join("\n") + "\n");
  }
  fs.writeFileSync(
    path.join(dir, "use.ts"),
    'import { BASE_URL } from "./module-0";\nexport async function go() { await fetch(BASE_URL + "/x"); }\n',
  );
  return { files: files + 1 };
}
