/**
 * The set of strings an expression may hold, found syntactically: literals and constants, both
 * branches of `c ? a : b`, `a ?? b` and `a || b`, the arguments a parameter receives at the call
 * sites of its function, the elements of an array a loop or an array method walks. Used where a
 * name is computed at run time: `db.collection(name)`, `knex(table)`, `client.search({ resourceType })`.
 */
import { ts } from "ts-morph";
import { isFunctionLike, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { fileIndex } from "./fileIndex";
import { constString, Resolver } from "./values";

export interface StringValues {
  values: string[];
  /** False when some branch holds a value the code does not show (an environment variable, a parameter of an exported function nobody calls here). */
  complete: boolean;
}

const MAX_VALUES = 24;
const ARRAY_WALKERS = /^(forEach|map|flatMap|filter|some|every|find|reduce)$/;

export function stringValues(r: Resolver, e: ts.Expression): StringValues {
  const out = new Set<string>();
  const state = { complete: true };
  collect(r, e, out, state, 0, new Set());
  return { values: [...out], complete: state.complete && out.size > 0 };
}

function collect(
  r: Resolver,
  e: ts.Expression,
  out: Set<string>,
  state: { complete: boolean },
  depth: number,
  seen: Set<ts.Node>,
): void {
  if (out.size >= MAX_VALUES || depth > 8) {
    state.complete = false;
    return;
  }
  const u = unwrap(e);
  if (seen.has(u)) return;
  seen.add(u);
  const c = constString(r, u);
  if (c !== undefined) {
    out.add(c);
    return;
  }
  if (ts.isConditionalExpression(u)) {
    collect(r, u.whenTrue, out, state, depth + 1, seen);
    collect(r, u.whenFalse, out, state, depth + 1, seen);
    return;
  }
  if (
    ts.isBinaryExpression(u) &&
    (u.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      u.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    collect(r, u.left, out, state, depth + 1, seen);
    collect(r, u.right, out, state, depth + 1, seen);
    return;
  }
  if (ts.isElementAccessExpression(u) && !ts.isStringLiteral(u.argumentExpression)) {
    // `tables[i]`: any element of the array.
    if (!elements(r, u.expression, out, state, depth, seen)) state.complete = false;
    return;
  }
  if (ts.isIdentifier(u)) {
    const d = resolveIdentifier(u);
    if (d && ts.isVariableDeclaration(d)) {
      const loop = d.parent?.parent;
      if (loop && (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && d.parent === loop.initializer) {
        if (ts.isForInStatement(loop)) keys(r, loop.expression, out, state);
        else if (!elements(r, loop.expression, out, state, depth, seen)) state.complete = false;
        return;
      }
      if (d.initializer && !fileIndex(d.getSourceFile()).assignments.get(d)?.length) {
        collect(r, d.initializer, out, state, depth + 1, seen);
        return;
      }
    }
    if (d && ts.isParameter(d) && isFunctionLike(d.parent)) {
      const fn = d.parent;
      const index = fn.parameters.indexOf(d);
      // `names.forEach((name) => ...)`: the callback of an array method gets the array's elements.
      const call = fn.parent;
      if (call && ts.isCallExpression(call) && call.arguments[0] === (fn as unknown as ts.Expression)) {
        const callee = unwrap(call.expression);
        if (ts.isPropertyAccessExpression(callee) && ARRAY_WALKERS.test(callee.name.text) && index === 0) {
          if (!elements(r, callee.expression, out, state, depth, seen)) state.complete = false;
          return;
        }
      }
      const { args } = r.parameterArguments(d);
      if (!args.length) state.complete = false;
      for (const a of args) collect(r, a, out, state, depth + 1, seen);
      if (d.initializer) collect(r, d.initializer, out, state, depth + 1, seen);
      return;
    }
  }
  if (ts.isIdentifier(u) || ts.isPropertyAccessExpression(u)) {
    const vals = r.values(u);
    const nodes = vals.filter((v) => v.kind === "node" && v.node !== u && ts.isExpression(v.node));
    if (nodes.length && nodes.length === vals.length) {
      for (const v of nodes)
        if (v.kind === "node") collect(r, v.node as ts.Expression, out, state, depth + 1, seen);
      return;
    }
  }
  state.complete = false;
}

/** Adds the elements of an array literal the expression holds; false when it is not one we can see. */
function elements(
  r: Resolver,
  arr: ts.Expression,
  out: Set<string>,
  state: { complete: boolean },
  depth: number,
  seen: Set<ts.Node>,
): boolean {
  const u = unwrap(arr);
  const lits: ts.ArrayLiteralExpression[] = [];
  if (ts.isArrayLiteralExpression(u)) lits.push(u);
  else if (ts.isCallExpression(u) && ts.isPropertyAccessExpression(u.expression)) {
    // `Object.keys(map)`, `Object.values(obj)`, `list.filter(...)`: the keys or elements it walks.
    const name = u.expression.name.text;
    const recv = u.expression.expression;
    if (ts.isIdentifier(recv) && recv.text === "Object" && u.arguments[0]) {
      if (name === "keys") {
        keys(r, u.arguments[0], out, state);
        return true;
      }
      if (name === "values") return elementsOfObject(r, u.arguments[0], out, state, depth, seen);
      return false;
    }
    if (/^(filter|slice|concat|sort|reverse)$/.test(name)) return elements(r, recv, out, state, depth, seen);
    return false;
  } else
    for (const v of r.values(u))
      if (v.kind === "node" && ts.isArrayLiteralExpression(v.node)) lits.push(v.node);
  if (!lits.length) return false;
  for (const lit of lits)
    for (const el of lit.elements) {
      if (ts.isSpreadElement(el)) {
        if (!elements(r, el.expression, out, state, depth + 1, seen)) state.complete = false;
      } else collect(r, el, out, state, depth + 1, seen);
    }
  return true;
}

function elementsOfObject(
  r: Resolver,
  e: ts.Expression,
  out: Set<string>,
  state: { complete: boolean },
  depth: number,
  seen: Set<ts.Node>,
): boolean {
  const o = objectOf(r, e);
  if (!o) return false;
  for (const p of o.properties)
    if (ts.isPropertyAssignment(p)) collect(r, p.initializer, out, state, depth + 1, seen);
    else state.complete = false;
  return true;
}

function keys(r: Resolver, e: ts.Expression, out: Set<string>, state: { complete: boolean }): void {
  const o = objectOf(r, e);
  if (!o) {
    state.complete = false;
    return;
  }
  for (const p of o.properties) {
    const n = (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && p.name;
    const k = n && (ts.isIdentifier(n) || ts.isStringLiteral(n)) ? n.text : undefined;
    if (k) out.add(k);
    else state.complete = false;
  }
}

function objectOf(r: Resolver, e: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const u = unwrap(e);
  if (ts.isObjectLiteralExpression(u)) return u;
  for (const v of r.values(u)) if (v.kind === "node" && ts.isObjectLiteralExpression(v.node)) return v.node;
  return undefined;
}
