/** Row bounds of a query as written in code: SQL WHERE (with literal parameters), knex where calls, ORM where objects. */
import { ts } from "ts-morph";
import { propertyNameText, unwrap } from "../ast/nodes";
import { QueryInfo, QueryReader, TableRead } from "../queries/queries";
import { constString, Resolver } from "../resolve/values";
import { add, boundsOfSqlExpression, boundsOfSqlWhere, Bounds, normColumn, Scalar } from "./rowFilter";

export function queryBounds(r: Resolver, qr: QueryReader, q: QueryInfo, read: TableRead): Bounds | undefined {
  if (read.where !== undefined || q.sqlText !== undefined) {
    if (read.where === undefined) return new Map();
    return boundsOfSqlWhere(read.where, placeholderResolver(r, q));
  }
  if (read.whereCalls) return knexBounds(r, read.whereCalls);
  if (read.ormWhere) return objectBounds(r, qr, read.ormWhere);
  return new Map();
}

/** `$1`, `?` and `:name` placeholders, from the call's literal parameter list. */
function placeholderResolver(r: Resolver, q: QueryInfo): (name: string) => Scalar | undefined {
  const call = q.node;
  let seq = 0;
  const args = ts.isCallExpression(call) ? call.arguments : undefined;
  const params = args && args[1] ? unwrap(args[1]) : undefined;
  return (name) => {
    if (!params) return undefined;
    if (ts.isArrayLiteralExpression(params)) {
      const i = name === "?" ? seq++ : name.startsWith("$") ? Number(name.slice(1)) - 1 : -1;
      const el = params.elements[i];
      return el ? scalar(r, el) : undefined;
    }
    if (ts.isObjectLiteralExpression(params) && name.startsWith(":")) {
      for (const p of params.properties)
        if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === name.slice(1))
          return scalar(r, p.initializer);
    }
    return undefined;
  };
}

/** A literal value in code: string, number, `new Date("…")`, or a const holding one. */
export function scalar(r: Resolver, e: ts.Expression): Scalar | undefined {
  const u = unwrap(e);
  if (ts.isNumericLiteral(u)) return Number(u.text);
  if (
    ts.isPrefixUnaryExpression(u) &&
    u.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(u.operand)
  )
    return -Number(u.operand.text);
  if (
    ts.isNewExpression(u) &&
    ts.isIdentifier(u.expression) &&
    u.expression.text === "Date" &&
    u.arguments?.[0]
  ) {
    const s = constString(r, u.arguments[0]);
    return s ? s.slice(0, 10) : undefined;
  }
  const s = constString(r, u);
  if (s !== undefined) return s;
  if (ts.isIdentifier(u)) {
    for (const v of r.values(u))
      if (v.kind === "node" && v.node !== u && ts.isExpression(v.node)) return scalar(r, v.node);
  }
  return undefined;
}

const OPS: Record<string, string> = {
  gte: ">=",
  gt: ">",
  lte: "<=",
  lt: "<",
  equals: "=",
  eq: "=",
  $gte: ">=",
  $gt: ">",
  $lte: "<=",
  $lt: "<",
  $eq: "=",
};
const TYPEORM_OPS: Record<string, string> = {
  MoreThanOrEqual: ">=",
  MoreThan: ">",
  LessThanOrEqual: "<=",
  LessThan: "<",
  Equal: "=",
};

/** `{ col: value }`, `{ col: { gte: x } }`, `{ col: { [Op.gte]: x } }`, `{ col: MoreThan(x) }`, `{ col: Between(a, b) }`. */
export function objectBounds(r: Resolver, qr: QueryReader, e: ts.Expression): Bounds {
  const out: Bounds = new Map();
  const o = qr.objectOf(e);
  if (!o) return out;
  for (const p of o.properties) {
    if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
    const key = p.name
      ? (propertyNameText(p.name) ??
        (ts.isComputedPropertyName(p.name) ? p.name.expression.getText() : undefined))
      : undefined;
    if (!key || /^\$?(and|or|not|AND|OR|NOT)$/.test(key)) continue;
    const col = normColumn(key);
    const value = ts.isPropertyAssignment(p) ? unwrap(p.initializer) : p.name;
    if (ts.isCallExpression(value) && ts.isIdentifier(value.expression)) {
      const fn = value.expression.text;
      if (TYPEORM_OPS[fn]) {
        add(out, col, TYPEORM_OPS[fn], value.arguments[0] ? scalar(r, value.arguments[0]) : undefined);
        continue;
      }
      if (fn === "Between" && value.arguments.length === 2) {
        add(out, col, ">=", scalar(r, value.arguments[0]));
        add(out, col, "<=", scalar(r, value.arguments[1]));
        continue;
      }
    }
    const inner = ts.isObjectLiteralExpression(value) ? value : undefined;
    if (inner) {
      for (const ip of inner.properties) {
        if (!ts.isPropertyAssignment(ip)) continue;
        let opName = propertyNameText(ip.name);
        if (!opName && ts.isComputedPropertyName(ip.name)) {
          const ex = ip.name.expression;
          opName = ts.isPropertyAccessExpression(ex) ? ex.name.text : undefined; // [Op.gte]
        }
        const op = opName ? OPS[opName] : undefined;
        if (op) add(out, col, op, scalar(r, ip.initializer));
      }
      continue;
    }
    add(out, col, "=", scalar(r, value));
  }
  return out;
}

function knexBounds(r: Resolver, calls: Array<{ name: string; args: readonly ts.Expression[] }>): Bounds {
  const out: Bounds = new Map();
  for (const { name, args } of calls) {
    if (name === "orWhere") return new Map([["__or__", {}]]); // OR widens: nothing is proven
    if (name === "whereRaw" && args[0]) {
      const text = constString(r, args[0]);
      const b = text ? boundsOfSqlExpression(text) : undefined;
      if (b) for (const [k, v] of b) out.set(k, { ...out.get(k), ...v });
      continue;
    }
    if (name === "whereBetween" && args[0] && args[1]) {
      const col = constString(r, args[0]);
      const arr = unwrap(args[1]);
      if (col && ts.isArrayLiteralExpression(arr) && arr.elements.length === 2) {
        add(out, normColumn(col), ">=", scalar(r, arr.elements[0]));
        add(out, normColumn(col), "<=", scalar(r, arr.elements[1]));
      }
      continue;
    }
    if (name === "whereIn" && args[0] && args[1]) {
      const col = constString(r, args[0]);
      const arr = unwrap(args[1]);
      if (col && ts.isArrayLiteralExpression(arr)) {
        const vals = arr.elements.map((x) => scalar(r, x));
        const b = out.get(normColumn(col)) ?? {};
        if (vals.every((v) => v !== undefined)) b.eq = vals;
        else b.runtime = true;
        out.set(normColumn(col), b);
      }
      continue;
    }
    if (args.length >= 2 && !ts.isObjectLiteralExpression(unwrap(args[0]))) {
      const col = constString(r, args[0]);
      if (!col) continue;
      if (args.length === 2) add(out, normColumn(col), "=", scalar(r, args[1]));
      else {
        const op = constString(r, args[1]);
        if (op) add(out, normColumn(col), op.trim(), scalar(r, args[2]));
      }
      continue;
    }
    if (args[0] && ts.isObjectLiteralExpression(unwrap(args[0]))) {
      for (const p of (unwrap(args[0]) as ts.ObjectLiteralExpression).properties) {
        if (ts.isPropertyAssignment(p)) {
          const k = propertyNameText(p.name);
          if (k) add(out, normColumn(k), "=", scalar(r, p.initializer));
        }
      }
    }
  }
  return out;
}
