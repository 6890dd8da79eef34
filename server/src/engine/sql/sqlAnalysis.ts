/**
 * Reads SQL text with a real parser (node-sql-parser), trying the common dialects in turn, and
 * reduces each SELECT to what the rules need: the base tables read, the columns read from each
 * (or `*`), whether rows are filtered (WHERE/LIMIT/TOP) and whether only aggregates come out.
 * When no dialect parses the text, a token-level reading gives an approximate answer, marked so.
 */
import type { Parser as SqlParser } from "node-sql-parser";

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
// Loaded on first use: a workspace without SQL strings never pays for the parser.
let parserInstance: SqlParser | undefined;
function sqlParser(): SqlParser {
  if (!parserInstance)
    parserInstance = new (require("node-sql-parser") as typeof import("node-sql-parser")).Parser();
  return parserInstance;
}
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
    const cols = copy[4]
      ? copy[4]
          .replace(/[()"\s]/g, "")
          .split(",")
          .filter(Boolean)
      : ["*"];
    return {
      kind: "select",
      approximate: false,
      scopes: [
        {
          tables: [table],
          columns: new Map([[table, new Set(cols)]]),
          hasWhere: false,
          hasLimit: false,
          aggregateOnly: false,
        },
      ],
    };
  }
  for (const dialect of DIALECTS) {
    let ast: unknown;
    try {
      ast = sqlParser().astify(text, { database: dialect });
    } catch {
      continue; // expected: not SQL in this dialect, try the next one
    }
    const stmts = (Array.isArray(ast) ? ast : [ast]) as Array<Record<string, unknown>>;
    const scopes: SelectScope[] = [];
    let kind: SqlInfo["kind"] = "other";
    for (const s of stmts) {
      if (!s) continue;
      if (s.type === "select") {
        kind = "select";
        collectSelect(s, new Set(), scopes);
      } else if (s.type === "insert" || s.type === "update" || s.type === "delete" || s.type === "replace") {
        if (kind !== "select") kind = "write";
        // INSERT ... SELECT reads too
        const sel = s.values as Record<string, unknown> | undefined;
        if (sel && sel.type === "select") collectSelect(sel, new Set(), scopes);
      }
    }
    if (kind === "other" && !scopes.length && /^\s*(select|with)\b/i.test(text)) continue;
    return { kind: scopes.length ? "select" : kind, scopes, approximate: false, dialect };
  }
  return tokenFallback(text);
}

type AstNode = Record<string, unknown>;

/** Collects the SELECT scopes of `s`; returns whether every row `s` yields passed a row filter. */
function collectSelect(
  s: AstNode,
  outerCtes: Map<string, boolean> | Set<string>,
  out: SelectScope[],
): boolean {
  const ctes = new Map<string, boolean>(
    outerCtes instanceof Map ? outerCtes : [...outerCtes].map((c) => [c, false] as [string, boolean]),
  );
  const withList = s.with as AstNode[] | null | undefined;
  if (Array.isArray(withList)) {
    for (const w of withList) {
      const name = identText(w.name);
      const stmt = w.stmt as AstNode | undefined;
      const inner = stmt && (stmt.ast as AstNode | undefined) ? (stmt.ast as AstNode) : stmt;
      const filtered = inner && inner.type === "select" ? collectSelect(inner, ctes, out) : false;
      if (name) ctes.set(name.toLowerCase(), filtered);
    }
  }
  let filteredSource = false;
  let outerJoin = false;
  const aliases = new Map<string, string>();
  const tables: string[] = [];
  const from = (s.from as AstNode[] | null) ?? [];
  for (const f of Array.isArray(from) ? from : []) {
    if (typeof f.join === "string" && /LEFT|RIGHT|FULL|CROSS/i.test(f.join)) outerJoin = true;
    const sub = f.expr as AstNode | undefined;
    if (sub && (sub.ast as AstNode | undefined)) {
      const inner = sub.ast as AstNode;
      if (inner.type === "select" && collectSelect(inner, ctes, out)) filteredSource = true;
      continue;
    }
    if (typeof f.table !== "string") continue;
    const t = normTable(f.table);
    if (ctes.has(t)) {
      if (ctes.get(t)) filteredSource = true;
      continue;
    }
    tables.push(t);
    aliases.set(t, t);
    if (typeof f.as === "string" && f.as) aliases.set(f.as.toLowerCase(), t);
  }
  const columns = new Map<string, Set<string>>();
  for (const t of tables) columns.set(t, new Set());
  const groupNode = s.groupby as AstNode | AstNode[] | null | undefined;
  const groupItems = Array.isArray(groupNode)
    ? groupNode
    : groupNode && Array.isArray(groupNode.columns)
      ? (groupNode.columns as AstNode[])
      : [];
  const groupBy = collectColumnRefs(groupItems).map((c) => c.column);
  const groupPositions = new Set(
    groupItems.filter((g) => g && g.type === "number").map((g) => Number(g.value)),
  );
  let anyAggregate = false;
  let allAggregateOrGrouped = true;
  const cols = s.columns;
  if (cols === "*" || (Array.isArray(cols) && (cols as unknown[]).some((c) => c === "*"))) {
    for (const t of tables) columns.get(t)!.add("*");
    allAggregateOrGrouped = false;
  } else if (Array.isArray(cols)) {
    (cols as AstNode[]).forEach((c, i) => {
      const expr = c.expr as AstNode | undefined;
      if (!expr) return;
      if (isAggregate(expr)) {
        anyAggregate = true;
        return;
      }
      const refs = collectColumnRefs(expr);
      const alias = typeof c.as === "string" ? c.as.toLowerCase() : undefined;
      const grouped =
        groupPositions.has(i + 1) ||
        (alias !== undefined && groupBy.includes(alias)) ||
        (refs.length > 0 && refs.every((r) => groupBy.includes(r.column)));
      if (!grouped && refs.length) allAggregateOrGrouped = false;
      if (expr.type === "subquery" || (expr.ast as AstNode | undefined)) {
        const inner = (expr.ast as AstNode) ?? expr;
        if (inner.type === "select") collectSelect(inner, ctes, out);
      }
      for (const r of refs) {
        const target = r.table ? (aliases.get(r.table.toLowerCase()) ?? r.table.toLowerCase()) : tables[0];
        if (!target || ctes.has(target)) continue;
        if (!columns.has(target)) columns.set(target, new Set());
        columns.get(target)!.add(r.column);
      }
    });
  }
  // Subqueries in WHERE read too (`WHERE id IN (SELECT ...)`).
  for (const sub of findSubSelects(s.where)) collectSelect(sub, ctes, out);
  const limit = s.limit as AstNode | null | undefined;
  const hasLimit =
    !!(limit && Array.isArray(limit.value) && (limit.value as unknown[]).length) || !!s.top || !!s.fetch;
  const aggregateOnly = anyAggregate && allAggregateOrGrouped;
  // Inner-joined with a CTE or subquery that is itself filtered: only matching rows come out.
  const hasWhere = !!s.where || (filteredSource && !outerJoin);
  if (tables.length) {
    out.push({ tables, columns, hasWhere, hasLimit, aggregateOnly, where: s.where ?? undefined });
  }
  let filtered = hasWhere || hasLimit || (!tables.length && filteredSource);
  const next = s._next as AstNode | undefined;
  if (next && next.type === "select") filtered = collectSelect(next, ctes, out) && filtered;
  return filtered;
}

/** COUNT(*), SUM(x)::float, ROUND(AVG(x), 1): an aggregate, possibly cast or wrapped. */
function isAggregate(e: AstNode): boolean {
  if (e.type === "aggr_func") return true;
  if (e.type === "cast" && e.expr) return isAggregate(e.expr as AstNode);
  if (e.type === "function") {
    const args = (e.args as AstNode | undefined)?.value as AstNode[] | undefined;
    return !!args?.length && isAggregate(args[0]);
  }
  if (e.type === "binary_expr") return isAggregate(e.left as AstNode) || isAggregate(e.right as AstNode);
  return false;
}

interface ColRef {
  table?: string;
  column: string;
}

function collectColumnRefs(node: unknown): ColRef[] {
  const out: ColRef[] = [];
  const rec = (n: unknown): void => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) {
      n.forEach(rec);
      return;
    }
    const o = n as AstNode;
    if (o.type === "column_ref") {
      const col = identText(o.column);
      if (col)
        out.push({ table: typeof o.table === "string" ? o.table : undefined, column: col.toLowerCase() });
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
    if (Array.isArray(n)) {
      n.forEach(rec);
      return;
    }
    const o = n as AstNode;
    if (o.ast && (o.ast as AstNode).type === "select") {
      out.push(o.ast as AstNode);
      return;
    }
    if (o.type === "select" && o.from) {
      out.push(o);
      return;
    }
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
 * Approximate reading for SQL no dialect accepts: tokens after FROM/JOIN are tables, the select
 * list is split on top-level commas (aggregates, literals and aliases set apart), WHERE/LIMIT/TOP/
 * FETCH filter rows.
 */
function tokenFallback(text: string): SqlInfo {
  const clean = text
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/--[^\n]*/g, " ")
    .replace(/\/\*[\s\S]*?\*\//g, " ");
  const lower = clean.toLowerCase();
  const sel = /\bselect\b/.exec(lower);
  if (!sel) return { kind: "unparsed", scopes: [], approximate: true };
  const fromMatch = /\bfrom\b/.exec(lower.slice(sel.index));
  const listText = clean.slice(sel.index + 6, fromMatch ? sel.index + fromMatch.index : undefined);
  const items = splitTopLevel(listText);
  let star = false;
  let anyAggregate = false;
  let plainColumns = 0;
  const cols = new Set<string>();
  for (const raw of items) {
    const item = raw
      .replace(/\s+as\s+[\w"`]+\s*$/i, "")
      .replace(/^\s*(distinct|top\s+\d+)\s+/i, "")
      .trim();
    if (!item) continue;
    if (item === "*" || /\.\*$/.test(item)) {
      star = true;
      continue;
    }
    if (/^(count|sum|avg|min|max)\s*\(/i.test(item)) {
      anyAggregate = true;
      continue;
    }
    if (/^('.*'|\d+(\.\d+)?|null|true|false)(::\w+)?$/i.test(item)) continue;
    const ids =
      item
        .replace(/\w+\s*\(/g, "(")
        .replace(/::\w+/g, "")
        .match(/[A-Za-z_][\w.]*/g) ?? [];
    for (const id of ids)
      if (!/^(case|when|then|else|end|and|or|not|null|as|over|partition|by|distinct|interval)$/i.test(id)) {
        cols.add(id.split(".").pop()!.toLowerCase());
        plainColumns++;
      }
  }
  const tokens = clean.split(/[\s,;()]+/).filter(Boolean);
  const tl = tokens.map((t) => t.toLowerCase());
  const tables: string[] = [];
  for (let i = 0; i < tl.length - 1; i++) {
    if (
      (tl[i] === "from" || tl[i] === "join") &&
      /^[\w."`[\]]+$/.test(tokens[i + 1]) &&
      tl[i + 1] !== "select"
    )
      tables.push(normTable(tokens[i + 1]));
  }
  const columns = new Map<string, Set<string>>();
  for (const t of tables) columns.set(t, star ? new Set(["*"]) : new Set(cols));
  const grouped = /\bgroup\s+by\b/.test(lower);
  const aggregateOnly = anyAggregate && !star && (plainColumns === 0 || grouped);
  return {
    kind: "select",
    approximate: true,
    scopes: tables.length
      ? [
          {
            tables,
            columns,
            hasWhere: /\bwhere\b/.test(lower),
            hasLimit: /\b(limit|top|fetch)\b/.test(lower),
            aggregateOnly,
          },
        ]
      : [],
  };
}

function splitTopLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of list) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}
