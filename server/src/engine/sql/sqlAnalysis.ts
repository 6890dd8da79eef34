/**
 * Reads SQL text with a real parser (node-sql-parser), trying the common dialects in turn, and
 * reduces each SELECT to what the rules need: the base tables read, the columns read from each
 * (or `*`), whether rows are filtered (WHERE/LIMIT/TOP) and whether only aggregates come out.
 * When no dialect parses the text, a token-level reading gives an approximate answer, marked so.
 */
import { Parser } from "node-sql-parser";

export interface SelectScope {
  /** Base tables read in this SELECT (CTE names and derived tables excluded), lower case, no schema. */
  tables: string[];
  /** Columns read per table; "*" when every column is read. */
  columns: Map<string, Set<string>>;
  hasWhere: boolean;
  hasLimit: boolean;
  aggregateOnly: boolean;
  /** The WHERE clause as parsed (node-sql-parser AST), for instruction checks. */
  where?: unknown;
}

export interface SqlInfo {
  kind: "select" | "write" | "other" | "unparsed";
  scopes: SelectScope[];
  approximate: boolean;
  dialect?: string;
}

const DIALECTS = ["postgresql", "mysql", "transactsql", "sqlite", "bigquery"];
const parser = new Parser();
const memo = new Map<string, SqlInfo>();

/** Placeholders that stand for a code expression inside a template: valid as a table, column or value. */
export const EXPR_PLACEHOLDER = "__pr_expr_";

export function looksLikeSql(text: string): boolean {
  return /^\s*(\(\s*)?(select|with)\b[\s\S]*\bfrom\b/i.test(text) || /^\s*copy\b/i.test(text);
}

export function analyseSql(text: string): SqlInfo {
  const hit = memo.get(text);
  if (hit) return hit;
  const info = analyseUncached(text);
  if (memo.size > 5000) memo.clear();
  memo.set(text, info);
  return info;
}

function analyseUncached(raw: string): SqlInfo {
  const text = raw.trim().replace(/;\s*$/, "");
  const copy = /^copy\s+(\(([\s\S]*)\)|([\w."]+)(\s*\([^)]*\))?)\s+to\b/i.exec(text);
  if (copy) {
    if (copy[2]) return analyseSql(copy[2]);
    const table = normTable(copy[3]);
    const cols = copy[4] ? copy[4].replace(/[()"\s]/g, "").split(",").filter(Boolean) : ["*"];
    return { kind: "select", approximate: false, scopes: [{ tables: [table], columns: new Map([[table, new Set(cols)]]), hasWhere: false, hasLimit: false, aggregateOnly: false }] };
  }
  for (const dialect of DIALECTS) {
    let ast: unknown;
    try {
      ast = parser.astify(text, { database: dialect });
    } catch {
      continue;
    }
    const stmts = (Array.isArray(ast) ? ast : [ast]) as Array<Record<string, unknown>>;
    const scopes: SelectScope[] = [];
    let kind: SqlInfo["kind"] = "other";
    for (const s of stmts) {
      if (!s) continue;
      if (s.type === "select") { kind = "select"; collectSelect(s, new Set(), scopes); }
      else if (s.type === "insert" || s.type === "update" || s.type === "delete" || s.type === "replace") {
        if (kind !== "select") kind = "write";
        // INSERT ... SELECT reads too
        const sel = (s.values as Record<string, unknown> | undefined);
        if (sel && sel.type === "select") collectSelect(sel, new Set(), scopes);
      }
    }
    if (kind === "other" && !scopes.length && /^\s*(select|with)\b/i.test(text)) continue;
    return { kind: scopes.length ? "select" : kind, scopes, approximate: false, dialect };
  }
  return tokenFallback(text);
}

type AstNode = Record<string, unknown>;

function collectSelect(s: AstNode, outerCtes: Set<string>, out: SelectScope[]): void {
  const ctes = new Set(outerCtes);
  const withList = s.with as AstNode[] | null | undefined;
  if (Array.isArray(withList)) {
    for (const w of withList) {
      const name = identText(w.name);
      if (name) ctes.add(name.toLowerCase());
      const stmt = (w.stmt as AstNode | undefined);
      const inner = stmt && (stmt.ast as AstNode | undefined) ? (stmt.ast as AstNode) : stmt;
      if (inner && inner.type === "select") collectSelect(inner, ctes, out);
    }
  }
  const aliases = new Map<string, string>();
  const tables: string[] = [];
  const from = (s.from as AstNode[] | null) ?? [];
  for (const f of Array.isArray(from) ? from : []) {
    const sub = f.expr as AstNode | undefined;
    if (sub && (sub.ast as AstNode | undefined)) {
      const inner = sub.ast as AstNode;
      if (inner.type === "select") collectSelect(inner, ctes, out);
      continue;
    }
    if (typeof f.table !== "string") continue;
    const t = normTable(f.table);
    if (ctes.has(t)) continue;
    tables.push(t);
    aliases.set(t, t);
    if (typeof f.as === "string" && f.as) aliases.set(f.as.toLowerCase(), t);
  }
  const columns = new Map<string, Set<string>>();
  for (const t of tables) columns.set(t, new Set());
  const groupBy = collectColumnRefs(s.groupby).map((c) => c.column);
  let anyAggregate = false;
  let allAggregateOrGrouped = true;
  const cols = s.columns;
  if (cols === "*" || (Array.isArray(cols) && (cols as unknown[]).some((c) => c === "*"))) {
    for (const t of tables) columns.get(t)!.add("*");
    allAggregateOrGrouped = false;
  } else if (Array.isArray(cols)) {
    for (const c of cols as AstNode[]) {
      const expr = c.expr as AstNode | undefined;
      if (!expr) continue;
      if (expr.type === "aggr_func") { anyAggregate = true; continue; }
      const refs = collectColumnRefs(expr);
      if (expr.type === "column_ref" && refs.length === 1 && groupBy.includes(refs[0].column) ) { /* grouped key */ } else if (refs.length) allAggregateOrGrouped = false;
      if (expr.type === "subquery" || (expr.ast as AstNode | undefined)) {
        const inner = (expr.ast as AstNode) ?? expr;
        if (inner.type === "select") collectSelect(inner, ctes, out);
      }
      for (const r of refs) {
        const target = r.table ? aliases.get(r.table.toLowerCase()) ?? r.table.toLowerCase() : tables[0];
        if (!target) continue;
        if (!columns.has(target)) columns.set(target, new Set());
        columns.get(target)!.add(r.column);
      }
    }
  }
  // Subqueries in WHERE read too (`WHERE id IN (SELECT ...)`).
  for (const sub of findSubSelects(s.where)) collectSelect(sub, ctes, out);
  const limit = s.limit as AstNode | null | undefined;
  const hasLimit = !!(limit && Array.isArray(limit.value) && (limit.value as unknown[]).length) || !!s.top || !!s.fetch;
  const aggregateOnly = anyAggregate && allAggregateOrGrouped;
  if (tables.length) {
    out.push({ tables, columns, hasWhere: !!s.where, hasLimit, aggregateOnly, where: s.where ?? undefined });
  }
  const next = s._next as AstNode | undefined;
  if (next && next.type === "select") collectSelect(next, ctes, out);
}

interface ColRef { table?: string; column: string }

function collectColumnRefs(node: unknown): ColRef[] {
  const out: ColRef[] = [];
  const rec = (n: unknown): void => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) { n.forEach(rec); return; }
    const o = n as AstNode;
    if (o.type === "column_ref") {
      const col = identText(o.column);
      if (col) out.push({ table: typeof o.table === "string" ? o.table : undefined, column: col.toLowerCase() });
      return;
    }
    if (o.ast) return; // subquery: handled separately
    for (const k of Object.keys(o)) if (k !== "parentheses") rec(o[k]);
  };
  rec(node);
  return out;
}

function findSubSelects(node: unknown): AstNode[] {
  const out: AstNode[] = [];
  const rec = (n: unknown): void => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) { n.forEach(rec); return; }
    const o = n as AstNode;
    if (o.ast && (o.ast as AstNode).type === "select") { out.push(o.ast as AstNode); return; }
    if (o.type === "select" && o.from) { out.push(o); return; }
    for (const k of Object.keys(o)) rec(o[k]);
  };
  rec(node);
  return out;
}

function identText(x: unknown): string | undefined {
  if (typeof x === "string") return x;
  if (x && typeof x === "object") {
    const o = x as AstNode;
    if (o.expr) return identText(o.expr);
    if (typeof o.value === "string") return o.value;
  }
  return undefined;
}

function normTable(t: string): string {
  const parts = t.replace(/[`"[\]]/g, "").split(".");
  return parts[parts.length - 1].toLowerCase();
}

/**
 * Approximate reading for SQL no dialect accepts: tokens after FROM/JOIN are tables, `SELECT *`
 * or `alias.*` reads all columns, WHERE/LIMIT/TOP/FETCH filter rows.
 */
function tokenFallback(text: string): SqlInfo {
  const noStrings = text.replace(/'(?:[^']|'')*'/g, "''").replace(/--[^\n]*/g, " ").replace(/\/\*[\s\S]*?\*\//g, " ");
  const tokens = noStrings.split(/[\s,;()]+/).filter(Boolean);
  const lower = tokens.map((t) => t.toLowerCase());
  if (!lower.includes("select")) return { kind: "unparsed", scopes: [], approximate: true };
  const tables: string[] = [];
  for (let i = 0; i < lower.length - 1; i++) {
    if ((lower[i] === "from" || lower[i] === "join") && /^[\w."`[\]]+$/.test(tokens[i + 1]) && lower[i + 1] !== "select") {
      tables.push(normTable(tokens[i + 1]));
    }
  }
  const selIdx = lower.indexOf("select");
  const fromIdx = lower.indexOf("from");
  const selected = tokens.slice(selIdx + 1, fromIdx > selIdx ? fromIdx : undefined);
  const star = selected.some((t) => t === "*" || t.endsWith(".*"));
  const columns = new Map<string, Set<string>>();
  for (const t of tables) {
    const set = new Set<string>();
    if (star) set.add("*");
    else for (const c of selected) if (/^[A-Za-z_][\w.]*$/.test(c) && !/^(distinct|top|as|case|when|then|else|end|over|partition|by)$/i.test(c)) set.add(c.split(".").pop()!.toLowerCase());
    columns.set(t, set);
  }
  const aggregateOnly = !star && selected.length > 0 && selected.every((c) => /^(count|sum|avg|min|max)$/i.test(c) || c === "*" || /^\d+$/.test(c));
  return {
    kind: "select",
    approximate: true,
    scopes: tables.length ? [{ tables, columns, hasWhere: lower.includes("where"), hasLimit: lower.includes("limit") || lower.includes("top") || lower.includes("fetch"), aggregateOnly }] : [],
  };
}
