/**
 * Does a query's row filter stay inside the instructed row window? Both are reduced to bounds per
 * column (from SQL WHERE clauses or ORM `where` objects); the query must bound every instructed
 * column at least as tightly. What is proven, and what is not:
 *  - proven: conjunctions (AND) of comparisons of a column with a literal (=, <, <=, >, >=,
 *    BETWEEN, IN) whose literals compare as numbers, ISO dates or strings;
 *  - a run-time value (a parameter we cannot resolve) bounds the column in the right direction but
 *    its value is unknown: reported as "not proven", never as "inside";
 *  - OR: a column is bounded by `a OR b` only as loosely as the looser branch, and only when both
 *    branches bound it (`d >= X OR 1 = 1` bounds nothing);
 *  - NOT, functions over the column, and subqueries are not reasoned about: not proven.
 */
import type { Parser as SqlParser } from "node-sql-parser";
import { tokenize } from "../ast/nodes";

export type Scalar = number | string;
export interface Bound {
  lo?: { v: Scalar; strict: boolean };
  hi?: { v: Scalar; strict: boolean };
  eq?: Scalar[];
  runtime?: boolean;
}
export type Bounds = Map<string, Bound>;

export interface Comparison {
  verdict: "inside" | "outside" | "not-proven";
  /** Human text: which instructed bound is missing or looser. */
  detail?: string;
}

let parserInstance: SqlParser | undefined;
function sqlParser(): SqlParser {
  if (!parserInstance)
    parserInstance = new (require("node-sql-parser") as typeof import("node-sql-parser")).Parser();
  return parserInstance;
}

export function normColumn(c: string): string {
  return tokenize(c.split(".").pop() ?? c).join("_");
}

/** Bounds of an SQL boolean expression (the instruction's rowFilter). */
export function boundsOfSqlExpression(expr: string): Bounds | undefined {
  for (const db of ["postgresql", "mysql", "transactsql"]) {
    try {
      const ast = sqlParser().astify(`SELECT 1 FROM t WHERE ${expr}`, { database: db }) as unknown as
        { where?: unknown } | Array<{ where?: unknown }>;
      const sel = Array.isArray(ast) ? ast[0] : ast;
      return boundsOfSqlWhere(sel.where, () => undefined);
    } catch {
      /* expected: not SQL in this dialect, try the next one */
    }
  }
  return undefined;
}

type Node = Record<string, unknown>;

/** Bounds of a parsed WHERE; `param(i)` resolves positional placeholders when the call passes literals. */
export function boundsOfSqlWhere(
  where: unknown,
  param: (name: string) => Scalar | undefined,
): Bounds | undefined {
  const out: Bounds = new Map();
  const conj: Node[] = [];
  const flatten = (n: unknown): boolean => {
    if (!n || typeof n !== "object") return false;
    const o = n as Node;
    if (o.type === "binary_expr" && String(o.operator).toUpperCase() === "AND")
      return flatten(o.left) && flatten(o.right);
    conj.push(o);
    return true;
  };
  if (!flatten(where)) return out;
  for (const c of conj) {
    if (c.type !== "binary_expr") continue;
    const op = String(c.operator).toUpperCase();
    if (op === "OR") {
      // A row passes `a OR b` when it passes either branch: the column is bounded only as loosely
      // as the looser branch, and only when both branches bound it. The marker tells the rule
      // that an OR was involved when the instructed bound turns out not to hold.
      const union = unionBounds(boundsOfSqlWhere(c.left, param), boundsOfSqlWhere(c.right, param));
      for (const [key, b] of union) intersectInto(out, key, b);
      out.set("__or__", {});
      continue;
    }
    let col = columnOf(c.left);
    let val: unknown = c.right;
    let o = op;
    if (!col && columnOf(c.right)) {
      col = columnOf(c.right);
      val = c.left;
      o = flip(op);
    }
    if (!col) continue;
    const key = normColumn(col);
    if (o === "BETWEEN" && (val as Node)?.type === "expr_list") {
      const [a, b] = ((val as Node).value as unknown[]).map((x) => scalarOf(x, param));
      add(out, key, ">=", a);
      add(out, key, "<=", b);
      continue;
    }
    if (o === "IN" && (val as Node)?.type === "expr_list") {
      const vals = ((val as Node).value as unknown[]).map((x) => scalarOf(x, param));
      const b = out.get(key) ?? {};
      if (vals.every((v) => v !== undefined)) b.eq = vals;
      else b.runtime = true;
      out.set(key, b);
      continue;
    }
    add(out, key, o, scalarOf(val, param));
  }
  // Columns the filter mentions in ways not reasoned about (functions, sub-queries): bounded, but not provably.
  for (const col of referencedColumns(where)) if (!out.has(col)) out.set(col, { runtime: true });
  return out;
}

/** Bounds that hold for every row passing either side of an OR. */
function unionBounds(a: Bounds | undefined, b: Bounds | undefined): Bounds {
  const out: Bounds = new Map();
  if (!a || !b) return out;
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y || key === "__or__") continue;
    const u: Bound = {};
    if (x.eq && y.eq) u.eq = [...x.eq, ...y.eq];
    else {
      const lo = (z: Bound) =>
        z.lo ?? (z.eq ? { v: z.eq.reduce((m, v) => (cmp(v, m) < 0 ? v : m)), strict: false } : undefined);
      const hi = (z: Bound) =>
        z.hi ?? (z.eq ? { v: z.eq.reduce((m, v) => (cmp(v, m) > 0 ? v : m)), strict: false } : undefined);
      const [lx, ly, hx, hy] = [lo(x), lo(y), hi(x), hi(y)];
      if (lx && ly) u.lo = cmp(lx.v, ly.v) < 0 || (cmp(lx.v, ly.v) === 0 && !lx.strict) ? lx : ly;
      if (hx && hy) u.hi = cmp(hx.v, hy.v) > 0 || (cmp(hx.v, hy.v) === 0 && !hx.strict) ? hx : hy;
    }
    if (x.runtime || y.runtime) u.runtime = true;
    out.set(key, u);
  }
  return out;
}

/** AND a bound into the running conjunction's bounds. */
function intersectInto(out: Bounds, key: string, b: Bound): void {
  if (b.eq) {
    const cur = out.get(key) ?? {};
    cur.eq = cur.eq ? cur.eq.filter((v) => b.eq!.some((w) => cmp(v, w) === 0)) : [...b.eq];
    out.set(key, cur);
  }
  if (b.lo) add(out, key, b.lo.strict ? ">" : ">=", b.lo.v);
  if (b.hi) add(out, key, b.hi.strict ? "<" : "<=", b.hi.v);
  if (b.runtime) {
    const cur = out.get(key) ?? {};
    cur.runtime = true;
    out.set(key, cur);
  }
}

function referencedColumns(n: unknown, acc = new Set<string>()): Set<string> {
  if (!n || typeof n !== "object") return acc;
  if (Array.isArray(n)) {
    n.forEach((x) => referencedColumns(x, acc));
    return acc;
  }
  const o = n as Node;
  if (o.type === "column_ref") {
    const c = columnOf(o);
    if (c) acc.add(normColumn(c));
    return acc;
  }
  for (const k of Object.keys(o)) referencedColumns(o[k], acc);
  return acc;
}

function flip(op: string): string {
  return ({ ">": "<", "<": ">", ">=": "<=", "<=": ">=" } as Record<string, string>)[op] ?? op;
}

function columnOf(n: unknown): string | undefined {
  const o = n as Node | undefined;
  if (!o || o.type !== "column_ref") return undefined;
  const c = o.column;
  if (typeof c === "string") return c;
  const e = (c as Node | undefined)?.expr as Node | undefined;
  return typeof e?.value === "string" ? e.value : undefined;
}

/** A literal (number, string, date, cast of a literal) or a resolved placeholder. */
function scalarOf(n: unknown, param: (name: string) => Scalar | undefined): Scalar | undefined {
  const o = n as Node | undefined;
  if (!o) return undefined;
  if (o.type === "number") return Number(o.value);
  if (
    o.type === "single_quote_string" ||
    o.type === "string" ||
    o.type === "double_quote_string" ||
    o.type === "date" ||
    o.type === "timestamp"
  )
    return String(o.value);
  if (o.type === "cast" && o.expr) return scalarOf(o.expr, param);
  if (o.type === "var" && o.prefix === "$") return param("$" + String(o.name));
  if (o.type === "param") return param(":" + String(o.value));
  if (o.type === "origin" && o.value === "?") return param("?");
  if (o.type === "column_ref" && typeof columnOf(o) === "string" && /^__pr_expr_/.test(columnOf(o)!))
    return undefined;
  return undefined;
}

/** Adds `column op value`; an unknown value still records that the column is bounded that way. */
export function add(out: Bounds, key: string, op: string, v: Scalar | undefined): void {
  const b = out.get(key) ?? {};
  if (v === undefined) {
    b.runtime = true;
    if (op === ">" || op === ">=") b.lo = b.lo ?? undefined;
    out.set(key, b);
    return;
  }
  switch (op) {
    case "=":
    case "==":
    case "===":
      b.eq = [v];
      break;
    case ">":
      tighterLo(b, v, true);
      break;
    case ">=":
      tighterLo(b, v, false);
      break;
    case "<":
      tighterHi(b, v, true);
      break;
    case "<=":
      tighterHi(b, v, false);
      break;
    default:
      return;
  }
  out.set(key, b);
}

function cmp(a: Scalar, b: Scalar): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function tighterLo(b: Bound, v: Scalar, strict: boolean): void {
  if (!b.lo || cmp(v, b.lo.v) > 0 || (cmp(v, b.lo.v) === 0 && strict)) b.lo = { v, strict };
}

function tighterHi(b: Bound, v: Scalar, strict: boolean): void {
  if (!b.hi || cmp(v, b.hi.v) < 0 || (cmp(v, b.hi.v) === 0 && strict)) b.hi = { v, strict };
}

/** Is every instructed bound met by the query's bounds? */
export function compareBounds(
  instructed: Bounds,
  query: Bounds | undefined,
  instructedText: string,
): Comparison {
  if (!query)
    return {
      verdict: "not-proven",
      detail: `the query's filter cannot be read; instructed: ${instructedText}`,
    };
  for (const [col, want] of instructed) {
    const got = query.get(col);
    if (!got || (!got.lo && !got.hi && !got.eq && !got.runtime))
      return { verdict: "outside", detail: `no filter on ${col} (instructed: ${instructedText})` };
    const values = got.eq;
    if (values) {
      if (values.every((v) => withinBound(v, want))) continue;
      return {
        verdict: "outside",
        detail: `the values the query selects for ${col} fall outside the instructed window (${instructedText})`,
      };
    }
    if (want.lo) {
      if (!got.lo)
        return got.runtime
          ? {
              verdict: "not-proven",
              detail: `${col} is bounded by a value known only at run time (instructed: ${instructedText})`,
            }
          : { verdict: "outside", detail: `no lower bound on ${col} (instructed: ${instructedText})` };
      const c = cmp(got.lo.v, want.lo.v);
      if (c < 0 || (c === 0 && want.lo.strict && !got.lo.strict))
        return {
          verdict: "outside",
          detail: `the query's lower bound on ${col} is looser than instructed (${instructedText})`,
        };
    }
    if (want.hi) {
      if (!got.hi)
        return got.runtime
          ? {
              verdict: "not-proven",
              detail: `${col} is bounded by a value known only at run time (instructed: ${instructedText})`,
            }
          : { verdict: "outside", detail: `no upper bound on ${col} (instructed: ${instructedText})` };
      const c = cmp(got.hi.v, want.hi.v);
      if (c > 0 || (c === 0 && want.hi.strict && !got.hi.strict))
        return {
          verdict: "outside",
          detail: `the query's upper bound on ${col} is looser than instructed (${instructedText})`,
        };
    }
    if (want.eq) {
      return {
        verdict: "outside",
        detail: `${col} is not restricted to the instructed values (${instructedText})`,
      };
    }
  }
  return { verdict: "inside" };
}

function withinBound(v: Scalar, b: Bound): boolean {
  if (b.eq) return b.eq.some((x) => cmp(x, v) === 0);
  if (b.lo && (cmp(v, b.lo.v) < 0 || (b.lo.strict && cmp(v, b.lo.v) === 0))) return false;
  if (b.hi && (cmp(v, b.hi.v) > 0 || (b.hi.strict && cmp(v, b.hi.v) === 0))) return false;
  return true;
}
