/**
 * Learns tables and their columns from the workspace, so `SELECT *` can be expanded into the
 * columns at risk and a table whose name says nothing (`dossiers`, `t_pat`) is recognised by its
 * columns (`nir`). Sources: SQL DDL (`.sql` files and CREATE TABLE strings in code, read with
 * node-sql-parser), `schema.prisma` (@mrleebo/prisma-ast), knex migrations, TypeORM entities,
 * Sequelize models and Mongoose schemas.
 */
import * as fs from "fs";
import * as path from "path";
import type { Parser as SqlParser } from "node-sql-parser";
import { ts } from "ts-morph";
import { propertyNameText, stringLiteralValue, unwrap } from "../ast/nodes";
import { fileIndex } from "../resolve/fileIndex";
import { readRegularText } from "../load/regularFile";
import { constString, Resolver } from "../resolve/values";

export interface LearnedTable {
  table: string;
  columns: string[];
  source: string;
}

const DIALECTS = ["postgresql", "mysql", "transactsql", "sqlite"];
let parserInstance: SqlParser | undefined;
function parser(): SqlParser {
  if (!parserInstance)
    parserInstance = new (require("node-sql-parser") as typeof import("node-sql-parser")).Parser();
  return parserInstance;
}

/** Tables from SQL DDL text (several statements). */
export function tablesFromSql(text: string, source: string): LearnedTable[] {
  const out: LearnedTable[] = [];
  // Statement by statement, so one dialect-specific statement does not hide the others.
  const statements = splitStatements(text).filter((s) =>
    /^\s*create\s+(global\s+|local\s+)?(temporary\s+|temp\s+)?table\b/i.test(s),
  );
  for (const st of statements) {
    let learned: LearnedTable | undefined;
    for (const db of DIALECTS) {
      try {
        const ast = parser().astify(st, { database: db }) as unknown;
        const list = (Array.isArray(ast) ? ast : [ast]) as Array<Record<string, unknown>>;
        for (const a of list) {
          if (a.type !== "create" || a.keyword !== "table") continue;
          const t = (a.table as Array<{ table: string }> | undefined)?.[0]?.table;
          const defs = (a.create_definitions as Array<Record<string, unknown>> | undefined) ?? [];
          const cols = defs
            .filter((d) => d.resource === "column")
            .map((d) => colName(d.column))
            .filter((c): c is string => !!c);
          if (t) learned = { table: t.toLowerCase(), columns: cols.map((c) => c.toLowerCase()), source };
        }
        if (learned) break;
      } catch {
        /* expected: not SQL in this dialect, try the next one */
      }
    }
    if (!learned) learned = fallbackCreate(st, source);
    if (learned) out.push(learned);
  }
  return out;
}

function colName(c: unknown): string | undefined {
  if (!c || typeof c !== "object") return undefined;
  const o = c as Record<string, unknown>;
  if (typeof o.column === "string") return o.column;
  const inner = o.column as Record<string, unknown> | undefined;
  const expr = inner?.expr as Record<string, unknown> | undefined;
  return typeof expr?.value === "string" ? expr.value : undefined;
}

/** Approximate reading of one CREATE TABLE no dialect accepts: the first word of each column line. */
function fallbackCreate(st: string, source: string): LearnedTable | undefined {
  const m = /create\s+(?:\w+\s+)*?table\s+(?:if\s+not\s+exists\s+)?([`"[\]\w.]+)\s*\(([\s\S]*)\)/i.exec(st);
  if (!m) return undefined;
  const table = m[1]
    .replace(/[`"[\]]/g, "")
    .split(".")
    .pop()!
    .toLowerCase();
  const cols: string[] = [];
  let depth = 0,
    cur = "";
  for (const ch of m[2]) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      cols.push(cur);
      cur = "";
    } else cur += ch;
  }
  cols.push(cur);
  const names = cols
    .map((c) =>
      c
        .trim()
        .split(/\s+/)[0]
        ?.replace(/[`"[\]]/g, ""),
    )
    .filter((n) => n && !/^(primary|foreign|unique|constraint|check|key|index)$/i.test(n));
  return { table, columns: names.map((n) => n.toLowerCase()), source };
}

function splitStatements(text: string): string[] {
  const noComments = text.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
  const out: string[] = [];
  let cur = "",
    quote: string | undefined;
  for (const ch of noComments) {
    if (quote) {
      if (ch === quote) quote = undefined;
      cur += ch;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    if (ch === ";") {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

/** Models of a schema.prisma: the model name (as Prisma clients spell it) and the mapped table. */
export function tablesFromPrisma(text: string, source: string): LearnedTable[] {
  // Loaded lazily: only workspaces with a Prisma schema pay for the parser.
  const { getSchema } = require("@mrleebo/prisma-ast") as typeof import("@mrleebo/prisma-ast");
  const out: LearnedTable[] = [];
  let schema: ReturnType<typeof getSchema>;
  try {
    schema = getSchema(text);
  } catch {
    return out; // expected: not a Prisma schema the parser reads, no tables learned from it
  }
  for (const block of schema.list) {
    if (block.type !== "model") continue;
    const cols: string[] = [];
    let mapped: string | undefined;
    for (const p of block.properties) {
      if (p.type === "field") {
        const scalar =
          typeof p.fieldType === "string" &&
          /^(String|Int|BigInt|Float|Decimal|Boolean|DateTime|Json|Bytes)$/.test(p.fieldType);
        if (!scalar) continue;
        const map = p.attributes?.find((a) => a.name === "map");
        const arg = map?.args?.[0] as { value?: unknown } | undefined;
        cols.push((typeof arg?.value === "string" ? arg.value.replace(/^"|"$/g, "") : p.name).toLowerCase());
        if (map) cols.push(p.name.toLowerCase());
      } else if (p.type === "attribute" && p.name === "map") {
        const arg = p.args?.[0] as { value?: unknown } | undefined;
        if (typeof arg?.value === "string") mapped = arg.value.replace(/^"|"$/g, "");
      }
    }
    const clientName = block.name[0].toLowerCase() + block.name.slice(1);
    out.push({ table: clientName.toLowerCase(), columns: cols, source });
    if (mapped) out.push({ table: mapped.toLowerCase(), columns: cols, source });
  }
  return out;
}

/** Tables declared in code: knex migrations, TypeORM entities, Sequelize models, Mongoose schemas, DDL strings. */
const SCHEMA_HINTS =
  /create\s+table|createTable|\.define\(|\.init\(|\bmodel\s*[<(]|@Entity|@Table|alterTable/i;

export function tablesFromCode(r: Resolver, sf: ts.SourceFile): LearnedTable[] {
  const out: LearnedTable[] = [];
  // Most files declare no table: a text search spares indexing and binding them here.
  if (!SCHEMA_HINTS.test(sf.text)) return out;
  const source = sf.fileName;
  const idx = fileIndex(sf);
  // CREATE TABLE strings (TypeORM/knex raw migrations)
  for (const s of idx.strings) {
    const text = ts.isTemplateExpression(s) ? undefined : s.text;
    if (text && /\bcreate\s+table\b/i.test(text)) out.push(...tablesFromSql(text, source));
  }
  for (const call of idx.calls) {
    const callee = unwrap(call.expression);
    const name = ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : ts.isIdentifier(callee)
        ? callee.text
        : "";
    // knex.schema.createTable("t", (table) => { table.string("col") ... })
    if (
      (name === "createTable" ||
        name === "createTableIfNotExists" ||
        name === "alterTable" ||
        name === "table") &&
      call.arguments.length >= 2
    ) {
      const t = constString(r, call.arguments[0]);
      const cb = unwrap(call.arguments[1]);
      if (
        t &&
        (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) &&
        cb.parameters[0] &&
        ts.isIdentifier(cb.parameters[0].name)
      ) {
        const tb = cb.parameters[0].name.text;
        const cols: string[] = [];
        const visit = (n: ts.Node): void => {
          if (
            ts.isCallExpression(n) &&
            ts.isPropertyAccessExpression(n.expression) &&
            ts.isIdentifier(n.expression.expression) &&
            n.expression.expression.text === tb &&
            n.arguments[0]
          ) {
            const c = stringLiteralValue(unwrap(n.arguments[0]));
            if (c && !/^(primary|index|unique|foreign|dropColumn)$/.test(n.expression.name.text))
              cols.push(c.toLowerCase());
          }
          ts.forEachChild(n, visit);
        };
        visit(cb);
        if (cols.length) out.push({ table: t.toLowerCase(), columns: cols, source });
      }
    }
    // sequelize.define("name", { attrs }, { tableName })
    if (name === "define" && call.arguments.length >= 2) {
      const t = constString(r, call.arguments[0]);
      const attrs = unwrap(call.arguments[1]);
      if (t && ts.isObjectLiteralExpression(attrs)) {
        const cols = keysOf(attrs);
        const opts = call.arguments[2] && unwrap(call.arguments[2]);
        const tn = opts && ts.isObjectLiteralExpression(opts) ? literalProp(r, opts, "tableName") : undefined;
        out.push({ table: t.toLowerCase(), columns: cols, source });
        if (tn) out.push({ table: tn.toLowerCase(), columns: cols, source });
      }
    }
    // Model.init({ attrs }, { tableName, modelName }) and model("Name", new Schema({...}))
    if (
      name === "init" &&
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      call.arguments.length >= 1
    ) {
      const attrs = unwrap(call.arguments[0]);
      if (ts.isObjectLiteralExpression(attrs)) {
        const cols = keysOf(attrs);
        const opts = call.arguments[1] && unwrap(call.arguments[1]);
        const tn =
          opts && ts.isObjectLiteralExpression(opts)
            ? (literalProp(r, opts, "tableName") ?? literalProp(r, opts, "modelName"))
            : undefined;
        out.push({ table: (tn ?? callee.expression.text).toLowerCase(), columns: cols, source });
        out.push({ table: callee.expression.text.toLowerCase(), columns: cols, source });
      }
    }
    if (name === "model" && call.arguments.length >= 2) {
      const t = constString(r, call.arguments[0]);
      const schema = schemaObject(r, call.arguments[1]);
      if (t && schema) {
        const cols = keysOf(schema);
        out.push({ table: t.toLowerCase(), columns: cols, source });
        const coll = call.arguments[2] ? constString(r, call.arguments[2]) : undefined;
        if (coll) out.push({ table: coll.toLowerCase(), columns: cols, source });
      }
    }
  }
  // TypeORM / sequelize-typescript entity classes
  for (const st of sf.statements) {
    if (!ts.isClassDeclaration(st) || !st.name) continue;
    const decos = ts.getDecorators(st) ?? [];
    const entity = decos.find(
      (d) =>
        ts.isCallExpression(d.expression) &&
        ts.isIdentifier(d.expression.expression) &&
        /^(Entity|Table)$/.test(d.expression.expression.text),
    );
    if (!entity) continue;
    const call = entity.expression as ts.CallExpression;
    let table = st.name.text;
    const a0 = call.arguments[0] && unwrap(call.arguments[0]);
    if (a0)
      table =
        constString(r, a0) ??
        (ts.isObjectLiteralExpression(a0)
          ? (literalProp(r, a0, "name") ?? literalProp(r, a0, "tableName"))
          : undefined) ??
        table;
    const cols: string[] = [];
    for (const m of st.members) {
      if (!ts.isPropertyDeclaration(m) || !m.name) continue;
      const ds = ts.getDecorators(m) ?? [];
      if (
        !ds.some((d) =>
          /Column|PrimaryGeneratedColumn|PrimaryColumn|CreateDateColumn|UpdateDateColumn/.test(
            d.expression.getText(),
          ),
        )
      )
        continue;
      const pn = propertyNameText(m.name);
      if (!pn) continue;
      let colName = pn;
      for (const d of ds) {
        const arg = ts.isCallExpression(d.expression)
          ? d.expression.arguments.find((x) => ts.isObjectLiteralExpression(unwrap(x)))
          : undefined;
        const n = arg ? literalProp(r, unwrap(arg) as ts.ObjectLiteralExpression, "name") : undefined;
        if (n) colName = n;
      }
      cols.push(colName.toLowerCase());
      if (colName !== pn) cols.push(pn.toLowerCase());
    }
    out.push({ table: table.toLowerCase(), columns: cols, source });
    if (table !== st.name.text) out.push({ table: st.name.text.toLowerCase(), columns: cols, source });
  }
  return out;
}

function keysOf(o: ts.ObjectLiteralExpression): string[] {
  return o.properties
    .map((p) => (p.name ? propertyNameText(p.name) : undefined))
    .filter((x): x is string => !!x)
    .map((x) => x.toLowerCase());
}

function literalProp(r: Resolver, o: ts.ObjectLiteralExpression, name: string): string | undefined {
  for (const p of o.properties)
    if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === name) return constString(r, p.initializer);
  return undefined;
}

function schemaObject(r: Resolver, e: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const u = unwrap(e);
  if (ts.isNewExpression(u) && u.arguments?.[0] && ts.isObjectLiteralExpression(unwrap(u.arguments[0])))
    return unwrap(u.arguments[0]) as ts.ObjectLiteralExpression;
  for (const v of r.values(u)) {
    if (v.kind === "api" && v.ref.steps.length) {
      const last = v.ref.steps[v.ref.steps.length - 1];
      const n = last.k === "c" ? last.node : undefined;
      if (
        n &&
        ts.isNewExpression(n) &&
        n.arguments?.[0] &&
        ts.isObjectLiteralExpression(unwrap(n.arguments[0]))
      )
        return unwrap(n.arguments[0]) as ts.ObjectLiteralExpression;
    }
  }
  return undefined;
}

/** Schema files (`.sql`, `schema.prisma`) under a folder, skipping dependencies and build output. */
export function findSchemaFiles(root: string, maxFiles = 2000): string[] {
  const out: string[] = [];
  const skip = new Set(["node_modules", ".git", "dist", "build", "out", "coverage", ".vscode-test"]);
  const walk = (dir: string, depth: number): void => {
    if (depth > 12 || out.length >= maxFiles) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // expected: an unreadable folder holds no schema file we can read
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!skip.has(e.name)) walk(path.join(dir, e.name), depth + 1);
      } else if (
        e.isFile() &&
        (/\.sql$/i.test(e.name) || e.name === "schema.prisma" || /\.prisma$/.test(e.name))
      )
        out.push(path.join(dir, e.name));
    }
  };
  walk(root, 0);
  return out;
}

export function tablesFromSchemaFile(file: string): LearnedTable[] {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (st.size > 5 * 1024 * 1024) return [];
    text = readRegularText(file);
  } catch {
    return []; // expected: removed or unreadable since it was listed, no tables from it
  }
  return file.endsWith(".prisma") ? tablesFromPrisma(text, file) : tablesFromSql(text, file);
}
