/**
 * The set of literal values an expression may take, for the rules that judge values (anonymous
 * logins, credentials, TLS options). Where `literalOf` needs exactly one value, a value set keeps
 * every alternative: `process.env.FTP_USER || "anonymous"` may be the anonymous user, and
 * `secure: process.env.FTP_SECURE ?? false` may switch TLS off. Alternatives the code cannot
 * know (an environment variable, a parameter, a call) make the set *open*.
 *
 * Defaults declared in configuration schemas count as alternatives too: zod/yup/joi `.default()`,
 * envalid `str({ default })`, convict `{ default }`, JSON Schema `default` (env-schema, ajv), read
 * through the parse result (`Schema.parse(process.env).FTP_USER`, a value typed
 * `z.infer<typeof Schema>`) or a getter (`convictConfig.get("ftp.user")`, NestJS
 * `configService.get("ftp.user")` over `registerAs` factories, `load` factories and the
 * `validationSchema` of `ConfigModule.forRoot`).
 *
 * Every walk here is depth-bounded.
 */
import { ts } from "ts-morph";
import { isFunctionLike, propertyNameText, returnExpressions, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { fileIndex } from "./fileIndex";
import { ApiRef, Resolver, Val } from "./values";

export type LiteralValue = string | boolean | number;

export interface ValueAlternative {
  value: LiteralValue;
  /** Where the literal is written. */
  node: ts.Node;
}

export interface ValueSet {
  literals: ValueAlternative[];
  /** Some alternative is not a literal the code shows (environment, parameter, call result). */
  open: boolean;
}

const MAX_DEPTH = 8;
const MAX_LITERALS = 12;

/** Every literal an expression may evaluate to, and whether other values are possible. */
export function valueSet(r: Resolver, e: ts.Expression): ValueSet {
  const out: ValueSet = { literals: [], open: false };
  collect(r, e, out, 0, new Set());
  return out;
}

function add(out: ValueSet, value: LiteralValue, node: ts.Node): void {
  if (out.literals.length >= MAX_LITERALS) return;
  if (out.literals.some((l) => l.node === node)) return;
  out.literals.push({ value, node });
}

function directLiteral(u: ts.Expression): LiteralValue | undefined {
  if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) return u.text;
  if (u.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (u.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isNumericLiteral(u)) return Number(u.text);
  if (
    ts.isPrefixUnaryExpression(u) &&
    u.operator === ts.SyntaxKind.ExclamationToken &&
    ts.isNumericLiteral(u.operand)
  )
    return u.operand.text === "0";
  return undefined;
}

function collect(r: Resolver, e: ts.Expression, out: ValueSet, depth: number, seen: Set<ts.Node>): void {
  const u = unwrap(e);
  const lit = directLiteral(u);
  if (lit !== undefined) {
    add(out, lit, u);
    return;
  }
  if (depth > MAX_DEPTH || seen.has(u)) {
    out.open = true;
    return;
  }
  seen.add(u);
  if (ts.isBinaryExpression(u)) {
    const op = u.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
      collect(r, u.left, out, depth + 1, seen);
      collect(r, u.right, out, depth + 1, seen);
      return;
    }
    if (op === ts.SyntaxKind.CommaToken) return collect(r, u.right, out, depth + 1, seen);
    out.open = true;
    return;
  }
  if (ts.isConditionalExpression(u)) {
    collect(r, u.whenTrue, out, depth + 1, seen);
    collect(r, u.whenFalse, out, depth + 1, seen);
    return;
  }
  if (ts.isCallExpression(u)) {
    const looked = configGet(r, u);
    if (looked) {
      for (const x of looked.values) collect(r, x, out, depth + 1, seen);
      if (looked.open) out.open = true;
      return;
    }
    // A local function that returns one of its arguments (`which(...names)`): this call's ones.
    const passed = returnedArguments(r, u);
    if (passed) {
      for (const x of passed)
        if (x.element) collectElements(r, x.e, out, depth + 1, seen);
        else collect(r, x.e, out, depth + 1, seen);
      return;
    }
    // A local function's returns (`const user = () => process.env.U || "anonymous"`), or an API
    // chain with a declared default (env-var `get("X").default("anonymous").asString()`).
    const vals = r.values(u);
    if (!vals.length) out.open = true;
    for (const v of vals) {
      if (v.kind === "node" && v.node === u) out.open = true;
      else collectVal(r, v, u, out, depth, seen);
    }
    return;
  }
  if (ts.isIdentifier(u) || ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u)) {
    if (ts.isIdentifier(u) && u.text === "undefined") return;
    // `const bin = await which(...names)`: the call itself, read at this call site.
    const d = ts.isIdentifier(u) ? resolveIdentifier(u) : undefined;
    if (
      d &&
      ts.isVariableDeclaration(d) &&
      ts.isIdentifier(d.name) &&
      d.initializer &&
      ts.isCallExpression(unwrap(d.initializer)) &&
      !fileIndex(d.getSourceFile()).assignments.get(d)?.length
    ) {
      collect(r, d.initializer, out, depth + 1, seen);
      return;
    }
    const vals = r.values(u);
    if (!vals.length) out.open = true;
    for (const v of vals) collectVal(r, v, u, out, depth, seen);
    return;
  }
  out.open = true;
}

/** Every literal an element of an array expression may be (spreads included). */
function collectElements(
  r: Resolver,
  e: ts.Expression,
  out: ValueSet,
  depth: number,
  seen: Set<ts.Node>,
): void {
  if (depth > MAX_DEPTH) {
    out.open = true;
    return;
  }
  const vals = r.values(e);
  if (!vals.length) out.open = true;
  for (const v of vals) {
    if (v.kind !== "node" || !ts.isArrayLiteralExpression(v.node)) {
      out.open = true;
      continue;
    }
    for (const el of v.node.elements)
      if (ts.isSpreadElement(el)) collectElements(r, el.expression, out, depth + 1, seen);
      else collect(r, el, out, depth + 1, seen);
  }
}

/** An expression a call may return, in the caller's scope; `element`: an element of it. */
export interface ReturnedExpression {
  e: ts.Expression;
  element: boolean;
}

const MAX_TRACE = 6;

/**
 * What a call of a local function returns, with the function's parameters replaced by this
 * call's arguments: `which(...candidates)` that returns one of its candidates (through local
 * variables, `for … of`, and calls of other local functions that return their own arguments)
 * returns one of the arguments written at this call. Undefined when no return of the callee
 * comes from a parameter, so the callers' arguments are not mixed (what `values` does).
 */
export function returnedArguments(
  r: Resolver,
  call: ts.CallExpression,
  depth = 0,
): ReturnedExpression[] | undefined {
  if (depth > MAX_TRACE) return undefined;
  const fns = r
    .values(call.expression)
    .flatMap((v) => (v.kind === "node" && isFunctionLike(v.node) && v.node.body ? [v.node] : []));
  if (!fns.length) return undefined;
  const out: ReturnedExpression[] = [];
  let fromParameter = false;
  for (const fn of fns) {
    const trace = (x: ts.Expression, element: boolean, hops: number): void => {
      const u = unwrap(x);
      if (hops > MAX_TRACE * 2 || out.length > MAX_LITERALS * 2) return;
      if (ts.isConditionalExpression(u)) {
        trace(u.whenTrue, element, hops + 1);
        trace(u.whenFalse, element, hops + 1);
        return;
      }
      if (
        ts.isBinaryExpression(u) &&
        (u.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
          u.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
      ) {
        trace(u.left, element, hops + 1);
        trace(u.right, element, hops + 1);
        return;
      }
      if (ts.isCallExpression(u)) {
        const inner = returnedArguments(r, u, depth + 1);
        if (inner) {
          for (const i of inner) if (!(i.element && element)) trace(i.e, i.element || element, hops + 1);
          return;
        }
      }
      const d = ts.isIdentifier(u) ? resolveIdentifier(u) : undefined;
      if (d && ts.isParameter(d) && d.parent === fn) {
        fromParameter = true;
        const index = fn.parameters.indexOf(d);
        const args = call.arguments;
        if (!d.dotDotDotToken) {
          const a = args[index];
          if (a && !ts.isSpreadElement(a)) out.push({ e: a, element });
          return;
        }
        // A rest parameter: its elements are the arguments from its position on.
        if (!element) return;
        for (const a of args.slice(index))
          out.push(ts.isSpreadElement(a) ? { e: a.expression, element: true } : { e: a, element: false });
        return;
      }
      if (d && ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && d.pos >= fn.pos && d.end <= fn.end) {
        const list = d.parent;
        if (!d.initializer && ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent)) {
          if (!element) trace(list.parent.expression, true, hops + 1);
          return;
        }
        if (d.initializer) trace(d.initializer, element, hops + 1);
        for (const a of fileIndex(d.getSourceFile()).assignments.get(d) ?? []) trace(a, element, hops + 1);
        return;
      }
      out.push({ e: u, element });
    };
    for (const ret of returnExpressions(fn)) trace(ret, false, 0);
  }
  return fromParameter ? out : undefined;
}

function collectVal(
  r: Resolver,
  v: Val,
  from: ts.Expression,
  out: ValueSet,
  depth: number,
  seen: Set<ts.Node>,
): void {
  if (v.kind === "node") {
    if (v.node === from || !ts.isExpression(v.node)) {
      out.open = true;
      return;
    }
    collect(r, v.node, out, depth + 1, seen);
    return;
  }
  if (v.kind === "api") {
    // Values read from a parsed configuration schema carry the schema's declared default.
    const d = schemaDefault(r, v.ref, depth) ?? chainDefault(v.ref);
    if (d) collect(r, d, out, depth + 1, seen);
    out.open = true;
    return;
  }
  out.open = true;
}

// ---- schema defaults --------------------------------------------------------------------------

const SCHEMA_MODULES =
  /^(zod|zod\/v\d|yup|joi|@hapi\/joi|superstruct|valibot|envalid|env-schema|ajv|convict)$/;
/** Methods that produce the validated value from a schema. */
const PARSE_METHODS = new Set([
  "parse",
  "parseAsync",
  "safeParse",
  "safeParseAsync",
  "validate",
  "validateSync",
  "cast",
  "attempt",
  "create",
  "getProperties",
  "cleanEnv",
  "envSchema",
]);

/**
 * For a reference like zod `.object(SHAPE).parse().FTP_USER`, the default the schema declares for
 * that field (`z.string().default("anonymous")`), as the expression of the literal.
 */
export function schemaDefault(r: Resolver, ref: ApiRef, depth = 0): ts.Expression | undefined {
  if (!SCHEMA_MODULES.test(ref.module) || depth > MAX_DEPTH) return undefined;
  const steps = ref.steps;
  // The member names read after the value was produced: `.parse().ftp.user` → ["ftp", "user"].
  const path: string[] = [];
  let i = steps.length - 1;
  while (i >= 0 && (steps[i].k === "m" || steps[i].k === "a")) {
    const st = steps[i];
    if (st.k === "m") path.unshift(st.name);
    i--;
  }
  if (!path.length || i < 0) return undefined;
  const producer = steps[i];
  const producerName = i > 0 && steps[i - 1].k === "m" ? (steps[i - 1] as { name: string }).name : "";
  if (producer.k !== "c") return undefined;
  // `safeParse(x).data.FIELD`, joi `validate(x).value.FIELD`.
  if ((producerName === "safeParse" || producerName === "safeParseAsync") && path[0] === "data") path.shift();
  if (producerName === "validate" && path[0] === "value") path.shift();
  let shape: ts.ObjectLiteralExpression | undefined;
  if (ref.module === "envalid" || ref.module === "env-schema" || producerName === "") {
    // cleanEnv(process.env, SPECS) / envSchema({ schema }) / convict(SCHEMA): the call itself.
    shape = callShape(r, producer.node, ref.module);
  } else if (PARSE_METHODS.has(producerName)) {
    shape = schemaShapeBefore(r, ref, i - 1);
    if (!shape && producer.node) shape = callShape(r, producer.node, ref.module);
  }
  if (!shape) return undefined;
  return fieldDefault(r, shape, path, ref.module, depth);
}

/** env-var style chains: `env.get("FTP_USER").default("anonymous").asString()`. */
function chainDefault(ref: ApiRef): ts.Expression | undefined {
  if (ref.module !== "env-var") return undefined;
  for (let j = 0; j + 1 < ref.steps.length; j++) {
    const a = ref.steps[j];
    const b = ref.steps[j + 1];
    if (
      a.k === "m" &&
      a.name === "default" &&
      b.k === "c" &&
      b.node &&
      !ts.isTaggedTemplateExpression(b.node)
    )
      return b.node.arguments?.[0];
  }
  return undefined;
}

/** The object literal of fields of the schema call before `end` in the chain (`z.object({...})`). */
function schemaShapeBefore(r: Resolver, ref: ApiRef, end: number): ts.ObjectLiteralExpression | undefined {
  for (let j = end - 1; j >= 1; j--) {
    const st = ref.steps[j];
    const name = ref.steps[j - 1];
    if (st.k !== "c" || name.k !== "m" || !st.node || ts.isTaggedTemplateExpression(st.node)) continue;
    if (/^(object|keys|shape|extend|strictObject|looseObject|append)$/.test(name.name)) {
      const a = st.node.arguments?.[0];
      const o = a ? objectLiteral(r, a) : undefined;
      if (o) return o;
    }
  }
  return undefined;
}

/** Arguments of the call that hold field specs: envalid `cleanEnv(env, SPECS)`, env-schema `{ schema }`, convict `(SCHEMA)`, JSON Schema objects. */
function callShape(
  r: Resolver,
  call: ts.Node | undefined,
  module: string,
): ts.ObjectLiteralExpression | undefined {
  if (!call || !(ts.isCallExpression(call) || ts.isNewExpression(call))) return undefined;
  const args = call.arguments ?? [];
  if (module === "envalid") return args[1] ? objectLiteral(r, args[1]) : undefined;
  for (const a of args) {
    const o = objectLiteral(r, a);
    if (!o) continue;
    const schema = ownProp(o, "schema");
    const so = schema ? objectLiteral(r, schema) : undefined;
    return so ?? o;
  }
  return undefined;
}

/** Follows `path` through nested field specs to the declared default. */
function fieldDefault(
  r: Resolver,
  shape: ts.ObjectLiteralExpression,
  path: string[],
  module: string,
  depth: number,
): ts.Expression | undefined {
  let level: ts.ObjectLiteralExpression | undefined = shape;
  let spec: ts.Expression | undefined;
  for (let k = 0; k < path.length && level; k++) {
    // JSON Schema: { properties: { NAME: { default } } }
    const props = ownProp(level, "properties");
    const propsObj = props ? objectLiteral(r, props) : undefined;
    spec = ownProp(propsObj ?? level, path[k]);
    if (!spec) return undefined;
    if (k === path.length - 1) break;
    level = nestedShape(r, spec);
  }
  if (!spec) return undefined;
  return specDefault(r, spec, module, depth);
}

/** The nested fields of a field spec: `z.object({...})`, `{ properties }`, a plain convict group. */
function nestedShape(r: Resolver, spec: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const o = objectLiteral(r, spec);
  if (o) return o;
  for (const v of r.values(spec)) {
    if (v.kind !== "api") continue;
    const at = v.ref.steps.length;
    const s = schemaShapeBefore(r, v.ref, at);
    if (s) return s;
  }
  return undefined;
}

/** `z.string().default("x")`, `str({ default: "x" })`, `{ default: "x", env: "X" }`, `{ type, default }`. */
function specDefault(
  r: Resolver,
  spec: ts.Expression,
  module: string,
  depth: number,
): ts.Expression | undefined {
  const o = objectLiteral(r, spec);
  if (o) return ownProp(o, "default");
  let cur: ts.Expression = unwrap(spec);
  for (let n = 0; n < 12 && ts.isCallExpression(cur); n++) {
    const callee = unwrap(cur.expression);
    if (ts.isPropertyAccessExpression(callee) && /^(default|catch|prefault)$/.test(callee.name.text)) {
      const a = cur.arguments[0];
      if (a) return a;
    }
    // envalid: str({ default: "x", devDefault }), bool({ default: false })
    if (module === "envalid" && cur.arguments[0]) {
      const oo = objectLiteral(r, cur.arguments[0]);
      const d = oo && ownProp(oo, "default");
      if (d) return d;
    }
    if (!ts.isPropertyAccessExpression(callee)) break;
    cur = unwrap(callee.expression);
  }
  void depth;
  return undefined;
}

function objectLiteral(r: Resolver, e: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const u = unwrap(e);
  if (ts.isObjectLiteralExpression(u)) return u;
  if (ts.isIdentifier(u) || ts.isPropertyAccessExpression(u)) {
    for (const v of r.values(u)) if (v.kind === "node" && ts.isObjectLiteralExpression(v.node)) return v.node;
  }
  return undefined;
}

function ownProp(o: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (let i = o.properties.length - 1; i >= 0; i--) {
    const p = o.properties[i];
    if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

// ---- configuration getters --------------------------------------------------------------------

/**
 * `config.get("ftp.user", "anonymous")` and friends: the fallback argument, plus what the
 * configuration declares for that key (convict schema defaults, NestJS `registerAs`/`load`
 * factories and `validationSchema` defaults). Undefined when the call is not such a getter.
 */
export function configGet(
  r: Resolver,
  call: ts.CallExpression,
): { values: ts.Expression[]; open: boolean } | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  if (!/^(get|getOrThrow|getString|getOrDefault)$/.test(callee.name.text)) return undefined;
  const keyArg = call.arguments[0];
  const key =
    keyArg && (ts.isStringLiteral(keyArg) || ts.isNoSubstitutionTemplateLiteral(keyArg))
      ? keyArg.text
      : undefined;
  if (key === undefined) return undefined;
  const values: ts.Expression[] = [];
  if (call.arguments[1]) values.push(call.arguments[1]);
  const recv = r.values(callee.expression);
  const path = key.split(/[.:]/);
  for (const v of recv) {
    if (v.kind !== "api") continue;
    if (v.ref.module === "convict") {
      const at = v.ref.steps.findIndex((s) => s.k === "c");
      const st = at >= 0 ? v.ref.steps[at] : undefined;
      const shape = st && st.k === "c" ? callShape(r, st.node, "convict") : undefined;
      const d = shape ? fieldDefault(r, shape, path, "convict", 0) : undefined;
      if (d) values.push(d);
    }
    if (v.ref.module === "@nestjs/config") values.push(...nestConfigValues(r, path));
  }
  if (!values.length && !recv.some((v) => v.kind === "api" && /config|convict|nconf/i.test(v.ref.module)))
    return call.arguments[1] ? { values, open: true } : undefined;
  return { values, open: true };
}

const nestCache = new WeakMap<Resolver, Map<string, ts.Expression[]>>();

/** What NestJS configuration declares under a dotted key: registerAs namespaces, load factories, validation defaults. */
function nestConfigValues(r: Resolver, path: string[]): ts.Expression[] {
  let perResolver = nestCache.get(r);
  if (!perResolver) {
    perResolver = new Map();
    nestCache.set(r, perResolver);
  }
  const key = path.join(".");
  const hit = perResolver.get(key);
  if (hit) return hit;
  const out: ts.Expression[] = [];
  perResolver.set(key, out);
  for (const sf of r.ws.files()) {
    if (!sf.text.includes("@nestjs/config")) continue;
    for (const c of fileIndex(sf).calls) {
      const callee = unwrap(c.expression);
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : "";
      if (name === "registerAs" && c.arguments.length >= 2) {
        const ns = c.arguments[0];
        const nsText =
          ns && (ts.isStringLiteral(ns) || ts.isNoSubstitutionTemplateLiteral(ns)) ? ns.text : undefined;
        if (nsText === undefined || nsText !== path[0]) continue;
        out.push(...factoryPath(r, c.arguments[1], path.slice(1)));
      } else if (name === "forRoot" && c.arguments[0]) {
        const o = objectLiteral(r, c.arguments[0]);
        if (!o) continue;
        const load = ownProp(o, "load");
        const lu = load && unwrap(load);
        if (lu && ts.isArrayLiteralExpression(lu))
          for (const f of lu.elements) out.push(...factoryPath(r, f, path));
        const vs = ownProp(o, "validationSchema");
        if (vs) {
          for (const v of r.values(vs)) {
            if (v.kind !== "api") continue;
            const shape = schemaShapeBefore(r, v.ref, v.ref.steps.length);
            const d = shape ? fieldDefault(r, shape, path, v.ref.module, 0) : undefined;
            if (d) out.push(d);
          }
        }
      }
    }
  }
  return out;
}

/** The value at `path` inside the object a configuration factory returns (`() => ({ ftp: { user } })`). */
function factoryPath(r: Resolver, factory: ts.Expression, path: string[]): ts.Expression[] {
  const out: ts.Expression[] = [];
  for (const v of r.values(factory)) {
    if (v.kind !== "node") continue;
    const fn = v.node;
    const body = (fn as { body?: ts.Node }).body;
    if (!body) continue;
    const rets: ts.Expression[] = ts.isBlock(body)
      ? body.statements.filter(ts.isReturnStatement).flatMap((s) => (s.expression ? [s.expression] : []))
      : [body as ts.Expression];
    for (const ret of rets) {
      let level: ts.Expression | undefined = ret;
      for (const p of path) {
        const o: ts.ObjectLiteralExpression | undefined = level ? objectLiteral(r, level) : undefined;
        level = o ? ownProp(o, p) : undefined;
      }
      if (level) out.push(level);
    }
  }
  return out;
}
