/**
 * Argument references of models, read at a call or `new`: `0`, `1.body`, `0.params.Body` (a
 * property of an object literal passed there, through spreads, constants and arrays of objects),
 * `receiver`, `receiver-root`, `*`; and the `when`/`unless` conditions written with them.
 */
import { ts } from "ts-morph";
import { propertyNameText, unwrap } from "../ast/nodes";
import { rootIdentifier } from "../resolve/fileIndex";
import { apiSignature, CallLike, constString, Resolver } from "../resolve/values";
import type { ArgAt, Condition } from "./models";
import { compilePath } from "./models";
import { testUserPattern } from "../config/userPatterns";
import { rethrowUnlessTooDeep } from "../errors";
import { packageRootOf } from "../load/packageRoot";
import { arrayElements } from "../resolve/pipelines";
import { fileIndex } from "../resolve/fileIndex";

/**
 * The expressions an argument reference names at a call. `opaque: "whole"` keeps an argument whose
 * object cannot be seen into (data models: what it holds may be there); `"none"` drops it (paths,
 * conditions: only what is written counts).
 */
export function argumentsAt(
  r: Resolver,
  call: CallLike,
  at: ArgAt,
  opaque: "whole" | "none" = "none",
): ts.Expression[] {
  // A tagged template's only argument is its template (sql`SELECT ...`).
  if (ts.isTaggedTemplateExpression(call)) return at === 0 || at === "0" ? [call.template] : [];
  if (typeof at === "number") {
    const a = call.arguments?.[at];
    return a ? [a] : [];
  }
  const callee = unwrap(call.expression);
  const [head, ...props] = at.split(".");
  let level: ts.Expression[];
  if (head === "receiver" || head === "receiver-root") {
    if (!(ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))) return [];
    level = [
      head === "receiver" ? callee.expression : (rootIdentifier(callee.expression) ?? callee.expression),
    ];
  } else if (head === "*") {
    level = [...(call.arguments ?? [])];
  } else {
    const a = call.arguments?.[Number(head)];
    level = a ? [a] : [];
  }
  for (const p of props) {
    const next: ts.Expression[] = [];
    for (const e of level) {
      const u = unwrap(e);
      const items = ts.isArrayLiteralExpression(u)
        ? u.elements.filter((x) => !ts.isSpreadElement(x) && !ts.isOmittedExpression(x))
        : [u];
      for (const it of items) {
        const o = objectLiteralOf(r, it);
        if (!o) {
          if (opaque === "whole") next.push(it);
          continue;
        }
        // `0.appenders.*.type`: every property's value (objects keyed by a name the code chose).
        if (p === "*") {
          for (const q of o.properties)
            if (ts.isPropertyAssignment(q)) next.push(q.initializer);
            else if (ts.isShorthandPropertyAssignment(q)) next.push(q.name);
          continue;
        }
        const v = propertyOf(r, o, p);
        if (v) next.push(v);
      }
    }
    level = next;
  }
  return level;
}

/** The first expression an argument reference names, if any. */
export function argumentAt(
  r: Resolver,
  call: CallLike,
  at: ArgAt,
  opaque: "whole" | "none" = "none",
): ts.Expression | undefined {
  return argumentsAt(r, call, at, opaque)[0];
}

export function objectLiteralOf(r: Resolver, e: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const u = unwrap(e);
  if (ts.isObjectLiteralExpression(u)) return u;
  for (const v of r.values(u)) if (v.kind === "node" && ts.isObjectLiteralExpression(v.node)) return v.node;
  return undefined;
}

/** A property of an object literal; the last one written wins, spreads included. */
export function propertyOf(
  r: Resolver,
  o: ts.ObjectLiteralExpression,
  name: string,
  depth = 0,
): ts.Expression | undefined {
  for (let i = o.properties.length - 1; i >= 0; i--) {
    const p = o.properties[i];
    if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
    if (ts.isSpreadAssignment(p) && depth < 5) {
      const inner = objectLiteralOf(r, p.expression);
      const v = inner ? propertyOf(r, inner, name, depth + 1) : undefined;
      if (v) return v;
    }
  }
  return undefined;
}

/** The literal an expression is known to hold (strings through constants and templates, booleans, numbers). */
export function literalValue(
  r: Resolver,
  e: ts.Expression,
  depth = 0,
): string | number | boolean | undefined {
  const u = unwrap(e);
  if (u.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (u.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isNumericLiteral(u)) return Number(u.text);
  // Durations are written as products (`60 * 60 * 24`).
  if (ts.isBinaryExpression(u) && depth < 8) {
    const op = u.operatorToken.kind;
    if (
      op === ts.SyntaxKind.AsteriskToken ||
      op === ts.SyntaxKind.MinusToken ||
      op === ts.SyntaxKind.SlashToken
    ) {
      const a = literalValue(r, u.left, depth + 1);
      const b = literalValue(r, u.right, depth + 1);
      if (typeof a !== "number" || typeof b !== "number") return undefined;
      return op === ts.SyntaxKind.AsteriskToken ? a * b : op === ts.SyntaxKind.MinusToken ? a - b : a / b;
    }
    if (op === ts.SyntaxKind.PlusToken) {
      const a = literalValue(r, u.left, depth + 1);
      const b = literalValue(r, u.right, depth + 1);
      if (typeof a === "number" && typeof b === "number") return a + b;
    }
  }
  const s = constString(r, u);
  if (s !== undefined) return s;
  if (depth < 4 && (ts.isIdentifier(u) || ts.isPropertyAccessExpression(u))) {
    const vals = r.values(u);
    if (vals.length === 1 && vals[0].kind === "node" && vals[0].node !== u && ts.isExpression(vals[0].node))
      return literalValue(r, vals[0].node, depth + 1);
  }
  return undefined;
}

/** Does the condition hold at this call? A value known only at run time never satisfies one. */
export function conditionHolds(r: Resolver, call: CallLike, c: Condition): boolean {
  if (c.elsewhere) {
    const pkg = packageRootOf(call.getSourceFile().fileName, r.ws.root);
    return callsElsewhere(r, c.elsewhere).some(
      (at) =>
        packageRootOf(at.getSourceFile().fileName, r.ws.root) === pkg &&
        conditionHolds(r, at, { ...c, elsewhere: undefined }),
    );
  }
  const found = argumentsAt(r, call, c.arg, "none");
  if (c.isApi) {
    const items = found.flatMap((e) => arrayElements(e).map((x) => unwrap(x)));
    return items.some((e) =>
      r.apis(e).some((ref) =>
        c.isApi!.some(
          (a) =>
            a.module === ref.module &&
            compilePath(a.path).test(apiSignature(ref)) &&
            !(a.unless ?? []).some((u) => {
              const last = ref.steps[ref.steps.length - 1];
              return last?.k === "c" && !!last.node && conditionHolds(r, last.node, u);
            }),
        ),
      ),
    );
  }
  if (c.present !== undefined && found.length > 0 !== c.present) return false;
  if (c.equals === undefined && c.matches === undefined) return c.present !== undefined || found.length > 0;
  const pattern = c.matches;
  return found.some((e) => {
    const v = literalValue(r, e);
    if (v === undefined) return false;
    if (c.equals !== undefined && c.equals.includes(v)) return true;
    return pattern !== undefined && typeof v === "string" && testUserPattern(pattern, v);
  });
}

const elsewhereCache = new WeakMap<Resolver, Map<string, CallLike[]>>();

/**
 * The calls anywhere in the workspace of an API (`winston.add()`, `log4js.configure()`): a
 * condition with `elsewhere` holds when it holds at one of them in the same package as the call
 * it is asked about (a logger configured once at start-up, used everywhere in that service).
 * Files are pre-filtered by the module name and the path's last member name.
 */
function callsElsewhere(r: Resolver, api: { module: string; path: string }): CallLike[] {
  let perResolver = elsewhereCache.get(r);
  if (!perResolver) {
    perResolver = new Map<string, CallLike[]>();
    elsewhereCache.set(r, perResolver);
  }
  const key = api.module + "\u0000" + api.path;
  const hit = perResolver.get(key);
  if (hit) return hit;
  const out: CallLike[] = [];
  perResolver.set(key, out);
  const re = compilePath(api.path);
  const last = /\.([^.()*]+)\(\)$/.exec(api.path)?.[1]?.split("|") ?? [];
  for (const sf of r.ws.files()) {
    if (!sf.text.includes(api.module) || (last.length && !last.some((n) => sf.text.includes(n)))) continue;
    const idx = fileIndex(sf);
    for (const call of [...idx.calls, ...idx.news]) {
      let refs;
      try {
        refs = r.apis(call);
      } catch (error) {
        rethrowUnlessTooDeep(error); // expected: too deep to follow, not a call we can see
        continue;
      }
      if (refs.some((ref) => ref.module === api.module && re.test(apiSignature(ref)))) out.push(call);
    }
  }
  return out;
}
