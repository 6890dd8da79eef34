/**
 * Object literals seen through constants and spreads: the one helper every analysis uses to read
 * options objects (`client.access({ ...base, secure })`, `findMany({ where, ...paging })`).
 *
 * One behaviour everywhere: a property's value is the last one written, a spread counting as
 * writing every property of the object it spreads (resolved through constants, imports and
 * parameters by the Resolver); spreads are followed to any depth, a spread cycle
 * (`a = { ...b }`, `b = { ...a }`) is followed once; `a.b` paths read nested objects.
 */
import { ts } from "ts-morph";
import { propertyNameText, unwrap } from "../ast/nodes";
import type { Resolver } from "./values";

/** Nesting followed at most (spreads inside spreads, path segments): far beyond real options objects. */
const MAX_NESTING = 32;

/** The first object literal an expression may hold (in order of resolution). */
export function objectOf(r: Resolver, e: ts.Expression): ts.ObjectLiteralExpression | undefined {
  return objectsOf(r, e, 1)[0];
}

/** Every object literal an expression may hold (a few at most), in order of resolution. */
export function objectsOf(r: Resolver, e: ts.Expression, max = 8): ts.ObjectLiteralExpression[] {
  const u = unwrap(e);
  if (ts.isObjectLiteralExpression(u)) return [u];
  const out: ts.ObjectLiteralExpression[] = [];
  for (const v of r.values(u)) {
    if (v.kind === "node" && ts.isObjectLiteralExpression(v.node) && !out.includes(v.node)) out.push(v.node);
    if (out.length >= max) break;
  }
  return out;
}

export interface PropHit {
  prop: ts.ObjectLiteralElementLike;
  value: ts.Expression;
  owner: ts.ObjectLiteralExpression;
}

/** A property of an object literal, looking through spreads (last one wins) and `a.b` paths. */
export function propValue(
  r: Resolver,
  o: ts.ObjectLiteralExpression,
  dotted: string,
  seen: ReadonlySet<ts.ObjectLiteralExpression> = new Set(),
): PropHit | undefined {
  if (seen.has(o) || seen.size >= MAX_NESTING) return undefined;
  const within = new Set(seen).add(o);
  const [name, ...rest] = dotted.split(".");
  let hit: PropHit | undefined;
  for (const p of o.properties) {
    if (ts.isSpreadAssignment(p)) {
      const inner = objectOf(r, p.expression);
      const spread = inner ? propValue(r, inner, name, within) : undefined;
      if (spread) hit = spread;
      continue;
    }
    if (!p.name || propertyNameText(p.name) !== name) continue;
    if (ts.isPropertyAssignment(p)) hit = { prop: p, value: p.initializer, owner: o };
    else if (ts.isShorthandPropertyAssignment(p)) hit = { prop: p, value: p.name, owner: o };
  }
  if (!hit || !rest.length) return hit;
  const inner = objectOf(r, hit.value);
  return inner ? propValue(r, inner, rest.join("."), within) : undefined;
}

/** The value expression of a property (see `propValue`). */
export function propExpression(
  r: Resolver,
  o: ts.ObjectLiteralExpression,
  dotted: string,
): ts.Expression | undefined {
  return propValue(r, o, dotted)?.value;
}

/**
 * Has the object (through spreads) a property of this name at all, even one we cannot evaluate?
 * "unknown" when a spread's object is not known (a parameter, a call's result) or is a cycle.
 */
export function hasProp(
  r: Resolver,
  o: ts.ObjectLiteralExpression,
  name: string,
  seen: ReadonlySet<ts.ObjectLiteralExpression> = new Set(),
): "yes" | "no" | "unknown" {
  if (seen.has(o) || seen.size >= MAX_NESTING) return "unknown";
  const within = new Set(seen).add(o);
  let unknown = false;
  for (const p of o.properties) {
    if (ts.isSpreadAssignment(p)) {
      const inner = objectOf(r, p.expression);
      const found = inner ? hasProp(r, inner, name, within) : "unknown";
      if (found === "yes") return "yes";
      if (found === "unknown") unknown = true;
      continue;
    }
    if (p.name && propertyNameText(p.name) === name) return "yes";
  }
  return unknown ? "unknown" : "no";
}
