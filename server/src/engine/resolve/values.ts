/**
 * What an expression may evaluate to, found syntactically: local definitions (functions, classes,
 * object literals, literals) and references into external modules (`ApiRef`: a module plus the
 * member/call steps taken from it, e.g. `basic-ftp` `.Client().access()`). Imports are followed
 * across workspace files; `node_modules` is never read, so this works on a bare checkout.
 */
import { ts } from "ts-morph";
import {
  isFunctionLike,
  propertyNameText,
  returnExpressions,
  stringLiteralValue,
  unwrap,
} from "../ast/nodes";
import { resolveIdentifier, resolveTypeName } from "../ast/scopes";
import { Workspace } from "../load/workspace";
import { exportStatementsFor } from "./exportTable";
import { fileIndex, thisClass } from "./fileIndex";
import type { CallIndex } from "./callIndex";
import { isAbstract, TypeDeclaration, TypeHierarchy } from "./typeHierarchy";

export type CallLike = ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;
export type Step =
  /** `key` is the index expression of a computed member (`prisma[model]`, `db.models[name]`). */
  | { k: "m"; name: string; key?: ts.Expression }
  /** The value was awaited here (a query builder became its rows). Ignored by model paths. */
  | { k: "a" }
  | { k: "c"; node?: CallLike; typeNode?: ts.TypeNode; isNew: boolean };

export interface ApiRef {
  /** npm module specifier, "global" for free globals (fetch, JSON, Buffer), "?" for an unknown root. */
  module: string;
  steps: Step[];
  /** A local class that extends the API (for `class Patient extends Model`). */
  cls?: ts.ClassLikeDeclaration;
}

export type Val =
  | { kind: "api"; ref: ApiRef }
  | { kind: "node"; node: ts.Node }
  /** An instance of a local class. */
  | { kind: "instance"; cls: ts.ClassLikeDeclaration; node: ts.Node };

/** Hops through declarations, returns and imports (not syntactic nesting) before giving up. */
const MAX_DEPTH = 24;
const MAX_VALS = 24;
/** Type helpers that name the value a schema parses to: `z.infer<typeof S>`, `InferType<typeof S>`. */
const INFERRED_TYPE = /^(infer|output|input|Infer|InferType|InferOutput|InferInput|TypeOf)$/;

export function apiSignature(ref: ApiRef): string {
  let s = "";
  for (const st of ref.steps) s += st.k === "m" ? "." + st.name : st.k === "c" ? "()" : "";
  return s;
}

/** The call that produced the reference's value (an `await` after it is transparent). */
export function lastCall(ref: ApiRef): CallLike | undefined {
  let i = ref.steps.length - 1;
  while (i >= 0 && ref.steps[i].k === "a") i--;
  const st = ref.steps[i];
  return st && st.k === "c" ? st.node : undefined;
}

export class Resolver {
  private cache = new Map<ts.Node, Val[]>();
  private inProgress = new Set<ts.Node>();
  private callSiteCache = new Map<ts.Node, CallLike[]>();
  private allCallsByName: Map<string, CallLike[]> | undefined;
  /** Implementations of interfaces and abstract classes, for calls through a typed receiver. */
  readonly hierarchy: TypeHierarchy;

  constructor(
    readonly ws: Workspace,
    private readonly sharedCalls?: CallIndex,
  ) {
    this.hierarchy = new TypeHierarchy(ws);
  }

  /** Possible values of an expression. */
  values(e: ts.Expression, depth = 0): Val[] {
    const u = unwrapKeepAwait(e);
    const hit = this.cache.get(u);
    if (hit) return hit;
    if (depth > MAX_DEPTH || this.inProgress.has(u)) return [];
    this.inProgress.add(u);
    let out: Val[];
    try {
      out = dedupe(this.compute(u, depth));
    } finally {
      this.inProgress.delete(u);
    }
    this.cache.set(u, out);
    return out;
  }

  /** External API references an expression may be. */
  apis(e: ts.Expression): ApiRef[] {
    const out: ApiRef[] = [];
    for (const v of this.values(e)) if (v.kind === "api") out.push(v.ref);
    return out;
  }

  private compute(e: ts.Expression, depth: number): Val[] {
    if (ts.isAwaitExpression(e)) {
      return this.values(e.expression, depth).map((v) =>
        v.kind === "api" ? { kind: "api", ref: { ...v.ref, steps: [...v.ref.steps, { k: "a" }] } } : v,
      );
    }
    if (e.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = thisClass(e);
      return cls ? [{ kind: "instance", cls, node: e }] : [];
    }
    if (ts.isIdentifier(e)) {
      if (e.text === "undefined") return [];
      const d = resolveIdentifier(e);
      if (!d) {
        // Framework auto-imports (Nuxt/Nitro): an unresolved name a project file exports is that export.
        const auto = this.autoImported(e.text);
        if (auto.length && depth <= MAX_DEPTH)
          return auto.flatMap((f) => {
            const named = this.exportValues(f, e.text, depth + 1);
            return named.length ? named : this.exportValues(f, "default", depth + 1);
          });
        return [{ kind: "api", ref: { module: "global", steps: [{ k: "m", name: e.text }] } }];
      }
      return this.declValues(d, depth + 1);
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const name = ts.isPropertyAccessExpression(e)
        ? e.name.text
        : (stringLiteralValue(e.argumentExpression) ?? elementName(e.argumentExpression));
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const cls = thisClass(e);
        return cls ? this.thisMember(cls, name, depth) : [];
      }
      if (isGlobalThis(e.expression)) {
        return [{ kind: "api", ref: { module: "global", steps: [{ k: "m", name }] } }];
      }
      const out: Val[] = [];
      const key = name === "[]" && ts.isElementAccessExpression(e) ? e.argumentExpression : undefined;
      for (const v of this.values(e.expression, depth)) out.push(...this.member(v, name, depth, key));
      return out;
    }
    if (ts.isCallExpression(e)) {
      const req = requireSpecifier(e);
      if (req !== undefined) return this.moduleValues(e.getSourceFile(), req, undefined);
      const out: Val[] = [];
      for (const v of this.values(e.expression, depth)) out.push(...this.called(v, e, false, depth));
      return out;
    }
    if (ts.isNewExpression(e)) {
      const out: Val[] = [];
      for (const v of this.values(e.expression, depth)) out.push(...this.called(v, e, true, depth));
      return out;
    }
    if (ts.isTaggedTemplateExpression(e)) {
      const out: Val[] = [];
      for (const v of this.values(e.tag, depth)) out.push(...this.called(v, e, false, depth));
      return out;
    }
    if (ts.isConditionalExpression(e)) {
      return [...this.values(e.whenTrue, depth), ...this.values(e.whenFalse, depth)];
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        return [...this.values(e.left, depth), ...this.values(e.right, depth)];
      }
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return this.values(e.right, depth);
      if (op === ts.SyntaxKind.CommaToken) return this.values(e.right, depth);
      if (op === ts.SyntaxKind.EqualsToken) return this.values(e.right, depth);
    }
    return [{ kind: "node", node: e }];
  }

  /** Values a declaration may hold. */
  declValues(d: ts.Node, depth: number): Val[] {
    if (ts.isVariableDeclaration(d)) {
      const out: Val[] = [];
      if (d.initializer) {
        if (ts.isIdentifier(d.name)) out.push(...this.values(d.initializer, depth));
      } else if (
        d.parent &&
        ts.isVariableDeclarationList(d.parent) &&
        d.parent.parent &&
        ts.isForOfStatement(d.parent.parent)
      ) {
        out.push(...this.elementOf(d.parent.parent.expression, depth));
      }
      if (d.type) out.push(...this.typeValues(d.type, depth));
      for (const a of fileIndex(d.getSourceFile()).assignments.get(d) ?? [])
        out.push(...this.values(a, depth));
      if (!out.length) out.push({ kind: "node", node: d });
      return out;
    }
    if (ts.isBindingElement(d)) return this.bindingValues(d, depth);
    if (ts.isParameter(d)) return this.parameterValues(d, depth);
    if (ts.isImportSpecifier(d)) {
      const decl = d.parent.parent.parent;
      const spec = stringLiteralValue(decl.moduleSpecifier);
      if (spec === undefined) return [];
      const imported = (d.propertyName ? propertyNameText(d.propertyName) : d.name.text) ?? d.name.text;
      return this.moduleValues(d.getSourceFile(), spec, imported);
    }
    if (ts.isImportClause(d)) {
      const spec = stringLiteralValue(d.parent.moduleSpecifier);
      return spec === undefined ? [] : this.moduleValues(d.getSourceFile(), spec, "default");
    }
    if (ts.isNamespaceImport(d)) {
      const spec = stringLiteralValue(d.parent.parent.moduleSpecifier);
      return spec === undefined ? [] : this.moduleValues(d.getSourceFile(), spec, undefined);
    }
    if (ts.isImportEqualsDeclaration(d)) {
      const ref = d.moduleReference;
      if (ts.isExternalModuleReference(ref)) {
        const spec = stringLiteralValue(ref.expression);
        return spec === undefined ? [] : this.moduleValues(d.getSourceFile(), spec, undefined);
      }
      return [];
    }
    if (ts.isPropertyDeclaration(d)) {
      const out: Val[] = [];
      if (d.initializer) out.push(...this.values(d.initializer, depth));
      if (d.type) out.push(...this.typeValues(d.type, depth));
      return out.length ? out : [{ kind: "node", node: d }];
    }
    return [{ kind: "node", node: d }];
  }

  private bindingValues(d: ts.BindingElement, depth: number): Val[] {
    // Walk up to the initializer, recording the property path.
    const pathNames: string[] = [];
    let cur: ts.Node = d;
    while (ts.isBindingElement(cur)) {
      const pattern: ts.BindingPattern = cur.parent;
      if (ts.isObjectBindingPattern(pattern)) {
        const key = cur.propertyName
          ? propertyNameText(cur.propertyName)
          : ts.isIdentifier(cur.name)
            ? cur.name.text
            : undefined;
        if (cur.dotDotDotToken) {
          /* rest: same object */
        } else pathNames.unshift(key ?? "[]");
      } else {
        pathNames.unshift(String(pattern.elements.indexOf(cur)));
      }
      cur = pattern.parent;
    }
    let base: Val[] = [];
    if (ts.isVariableDeclaration(cur)) {
      if (cur.initializer) base = this.values(cur.initializer, depth);
      else if (
        cur.parent &&
        ts.isVariableDeclarationList(cur.parent) &&
        cur.parent.parent &&
        ts.isForOfStatement(cur.parent.parent)
      ) {
        base = this.elementOf(cur.parent.parent.expression, depth);
      }
    } else if (ts.isParameter(cur)) {
      base = this.parameterValues(cur, depth);
    }
    let vals = base;
    for (const name of pathNames) {
      const next: Val[] = [];
      for (const v of vals) next.push(...this.member(v, name, depth));
      vals = dedupe(next);
    }
    return vals.length ? vals : [{ kind: "node", node: d }];
  }

  /** Elements of an iterable: arrays of literals, or `?` members of API values. */
  private elementOf(e: ts.Expression, depth: number): Val[] {
    const out: Val[] = [];
    const passed = this.passedElements(e, depth);
    if (passed) return passed;
    for (const v of this.values(e, depth)) {
      if (v.kind === "node" && ts.isArrayLiteralExpression(v.node)) {
        for (const el of v.node.elements)
          if (!ts.isSpreadElement(el)) out.push(...this.values(el, depth));
          else if (depth < MAX_DEPTH) out.push(...this.elementOf(el.expression, depth + 1));
      } else if (v.kind === "api") {
        out.push({ kind: "api", ref: { ...v.ref, steps: [...v.ref.steps, { k: "m", name: "[]" }] } });
      }
    }
    return out;
  }

  /**
   * Elements of an array parameter, from its call sites: for a rest parameter (`...candidates`)
   * the arguments from its position on (a spread argument gives its own elements), for an array
   * parameter the elements of each argument. Undefined when `e` is not such a parameter.
   */
  private passedElements(e: ts.Expression, depth: number): Val[] | undefined {
    const u = unwrap(e);
    if (!ts.isIdentifier(u) || depth > MAX_DEPTH) return undefined;
    const p = resolveIdentifier(u);
    if (!p || !ts.isParameter(p) || !isFunctionLike(p.parent)) return undefined;
    if (!p.dotDotDotToken && !(p.type && ts.isArrayTypeNode(p.type))) return undefined;
    const index = p.parent.parameters.indexOf(p);
    const out: Val[] = [];
    for (const site of this.callSites(p.parent)) {
      if (ts.isTaggedTemplateExpression(site)) continue;
      const args = site.arguments ?? [];
      if (!p.dotDotDotToken) {
        if (args[index]) out.push(...this.elementOf(args[index], depth + 1));
        continue;
      }
      for (const a of args.slice(index))
        out.push(
          ...(ts.isSpreadElement(a) ? this.elementOf(a.expression, depth + 1) : this.values(a, depth + 1)),
        );
      if (out.length > MAX_VALS) break;
    }
    return out.length ? out : undefined;
  }

  private parameterValues(p: ts.ParameterDeclaration, depth: number): Val[] {
    const out: Val[] = [];
    const declared = p.type ?? this.contextualParameterType(p);
    if (declared) out.push(...this.typeValues(declared, depth));
    const fn = p.parent;
    // Implementations of an interface-typed parameter are what it may be; its callers say which.
    const onlyDispatched = out.length > 0 && out.every((v) => this.dispatched.has(v));
    if ((!out.length || onlyDispatched) && isFunctionLike(fn)) {
      // Call-site arguments, or for a callback what is handed back to it.
      for (const a of this.parameterArguments(p, depth).args) {
        out.push(...this.values(a, depth));
        if (out.length > MAX_VALS) break;
      }
    }
    if (p.initializer) out.push(...this.values(p.initializer, depth));
    if (!out.length) {
      // An unknown parameter: call shapes on it can still be matched as `?` roots.
      out.push({ kind: "api", ref: { module: "?", steps: [] } });
    }
    return out;
  }

  /**
   * The type a parameter gets from the annotation of the variable its function is assigned to:
   * `const dump: Adapter["dump"] = async (config, host) => …` types `host` by the member's
   * signature, `const run: Runner = (host) => …` by the function type the alias names.
   */
  private contextualParameterType(p: ts.ParameterDeclaration): ts.TypeNode | undefined {
    const fn = p.parent;
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
    const holder = fn.parent;
    if (!holder || !ts.isVariableDeclaration(holder) || holder.initializer !== fn || !holder.type)
      return undefined;
    const sig = this.signatureOf(holder.type, 0);
    return sig?.parameters[fn.parameters.indexOf(p)]?.type;
  }

  private signatureOf(t: ts.TypeNode, hops: number): ts.SignatureDeclarationBase | undefined {
    if (hops > 4) return undefined;
    if (ts.isFunctionTypeNode(t)) return t;
    if (ts.isParenthesizedTypeNode(t)) return this.signatureOf(t.type, hops + 1);
    if (ts.isIndexedAccessTypeNode(t)) {
      const index = t.indexType;
      const name =
        ts.isLiteralTypeNode(index) && ts.isStringLiteral(index.literal) ? index.literal.text : undefined;
      const obj = t.objectType;
      if (!name || !ts.isTypeReferenceNode(obj) || !ts.isIdentifier(obj.typeName)) return undefined;
      const decl = this.hierarchy.declarationOf(obj.typeName);
      if (!decl || !ts.isInterfaceDeclaration(decl)) return undefined;
      for (const m of decl.members) {
        if (!m.name || propertyNameText(m.name) !== name) continue;
        if (ts.isMethodSignature(m)) return m;
        if (ts.isPropertySignature(m) && m.type) return this.signatureOf(m.type, hops + 1);
      }
      return undefined;
    }
    if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName)) {
      const d = resolveTypeName(t.typeName);
      const alias =
        d && ts.isTypeAliasDeclaration(d)
          ? d
          : d && ts.isImportSpecifier(d)
            ? this.importedTypeAlias(d)
            : undefined;
      return alias ? this.signatureOf(alias.type, hops + 1) : undefined;
    }
    return undefined;
  }

  /**
   * The expressions whose value a `.then` callback's first parameter receives: in
   * `q.then(cb).then((file) => …)`, what `cb` returns.
   */
  thenArguments(cb: ts.SignatureDeclaration): ts.Expression[] {
    const call = cb.parent;
    if (!call || !ts.isCallExpression(call) || call.arguments[0] !== (cb as unknown as ts.Expression))
      return [];
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "then") return [];
    const prev = unwrap(callee.expression);
    if (
      ts.isCallExpression(prev) &&
      ts.isPropertyAccessExpression(prev.expression) &&
      prev.expression.name.text === "then"
    ) {
      const prevCb = prev.arguments[0] && unwrap(prev.arguments[0]);
      if (!prevCb || !isFunctionLike(prevCb)) return [];
      return returnExpressions(prevCb);
    }
    return [];
  }

  /**
   * What a parameter may receive, as expressions: the arguments at its function's call sites, or
   * for a callback the values handed back to it (`done(null, file)`, a previous `.then`'s return).
   */
  parameterArguments(p: ts.ParameterDeclaration, depth = 0): { sites: CallLike[]; args: ts.Expression[] } {
    const fn = p.parent;
    const index = fn.parameters.indexOf(p);
    const sites = isFunctionLike(fn) ? this.callSites(fn) : [];
    const args: ts.Expression[] = [];
    for (const site of sites) {
      const a = ts.isTaggedTemplateExpression(site) ? undefined : loaderArgument(site, index);
      if (a) args.push(a);
    }
    if (!sites.length && isFunctionLike(fn)) {
      args.push(...this.callbackArguments(fn, index, depth));
      if (!args.length && index === 0) args.push(...this.thenArguments(fn));
    }
    return { sites, args };
  }

  /**
   * What a destructured parameter property may receive (`({ name, path }) => …` called with
   * `{ name: file, path: filepath }`): that property of the object passed at each call site.
   */
  bindingArguments(b: ts.BindingElement): { sites: CallLike[]; args: ts.Expression[] } {
    const pattern = b.parent;
    const p = pattern.parent;
    const key = b.propertyName
      ? ts.isIdentifier(b.propertyName) || ts.isStringLiteral(b.propertyName)
        ? b.propertyName.text
        : undefined
      : ts.isIdentifier(b.name)
        ? b.name.text
        : undefined;
    if (!key || !ts.isObjectBindingPattern(pattern) || !ts.isParameter(p) || !isFunctionLike(p.parent))
      return { sites: [], args: [] };
    const { sites, args: objects } = this.parameterArguments(p);
    const args: ts.Expression[] = [];
    for (const o of objects) {
      const literals = [unwrap(o), ...this.values(o).flatMap((v) => (v.kind === "node" ? [v.node] : []))];
      for (const lit of literals) {
        if (!ts.isObjectLiteralExpression(lit)) continue;
        for (const prop of lit.properties) {
          const name =
            prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) ? prop.name.text : "";
          if (name !== key) continue;
          if (ts.isPropertyAssignment(prop)) args.push(prop.initializer);
          else if (ts.isShorthandPropertyAssignment(prop)) args.push(prop.name);
        }
        break;
      }
    }
    return { sites, args };
  }

  /** The expressions a local function passes at `index` when it calls back the function `cb` it was given. */
  callbackArguments(cb: ts.SignatureDeclaration, index: number, depth = 0): ts.Expression[] {
    const call = cb.parent;
    if (!call || !ts.isCallExpression(call)) return [];
    const at = call.arguments.indexOf(cb as unknown as ts.Expression);
    if (at < 0) return [];
    const out: ts.Expression[] = [];
    for (const v of this.values(call.expression, depth)) {
      const host =
        v.kind === "node"
          ? ts.isVariableDeclaration(v.node) && v.node.initializer
            ? unwrap(v.node.initializer)
            : v.node
          : undefined;
      if (!host || !isFunctionLike(host) || host === cb) continue;
      const param = host.parameters[at];
      if (!param || !ts.isIdentifier(param.name)) continue;
      const name = param.name.text;
      for (const c of fileIndex(host.getSourceFile()).calls) {
        if (
          c.pos < host.pos ||
          c.end > host.end ||
          !ts.isIdentifier(c.expression) ||
          c.expression.text !== name
        )
          continue;
        if (resolveIdentifier(c.expression) !== param) continue;
        const a = c.arguments[index];
        if (a) out.push(a);
        if (out.length > MAX_VALS) return out;
      }
    }
    return out;
  }

  /** Values described by a type annotation: instances of imported API classes. */
  typeValues(t: ts.TypeNode, depth: number): Val[] {
    if (ts.isTypeReferenceNode(t)) {
      const tn = t.typeName;
      const names: string[] = [];
      let left: ts.EntityName = tn;
      while (ts.isQualifiedName(left)) {
        names.unshift(left.right.text);
        left = left.left;
      }
      const first = left;
      if (
        (first.text === "Promise" || first.text === "Array" || first.text === "ReadonlyArray") &&
        t.typeArguments?.length === 1 &&
        !names.length
      ) {
        return this.typeValues(t.typeArguments[0], depth);
      }
      // `z.infer<typeof Schema>` (and yup `InferType`, valibot `InferOutput`…): the parsed value.
      const last = names.length ? names[names.length - 1] : first.text;
      const arg0 = t.typeArguments?.[0];
      if (INFERRED_TYPE.test(last) && arg0 && ts.isTypeQueryNode(arg0) && ts.isIdentifier(arg0.exprName)) {
        if (depth > MAX_DEPTH) return [];
        return this.values(arg0.exprName as unknown as ts.Expression, depth + 1).flatMap((v): Val[] =>
          v.kind === "api"
            ? [
                {
                  kind: "api",
                  ref: {
                    module: v.ref.module,
                    steps: [...v.ref.steps, { k: "m", name: "parse" }, { k: "c", isNew: false }],
                  },
                },
              ]
            : [],
        );
      }
      const d = resolveTypeName(first);
      if (!d) return [];
      let base: Val[];
      if (
        ts.isImportSpecifier(d) ||
        ts.isImportClause(d) ||
        ts.isNamespaceImport(d) ||
        ts.isImportEqualsDeclaration(d)
      ) {
        const alias = !names.length && ts.isImportSpecifier(d) ? this.importedTypeAlias(d) : undefined;
        if (alias) return depth > MAX_DEPTH ? [] : this.typeValues(alias.type, depth + 1);
        const declared = !names.length ? this.hierarchy.followDeclaration(d, 0) : undefined;
        if (declared && ts.isInterfaceDeclaration(declared)) return this.dispatchValues(declared, t);
        base = this.declValues(d, depth);
      } else if (ts.isClassDeclaration(d)) {
        base = [{ kind: "node", node: d }];
      } else if (ts.isTypeAliasDeclaration(d) && !names.length) {
        if (depth > MAX_DEPTH) return [];
        const viaAlias = this.typeValues(d.type, depth + 1);
        return viaAlias.length || !ts.isTypeLiteralNode(d.type) ? viaAlias : this.schemaShaped(d, depth);
      } else if (ts.isInterfaceDeclaration(d) && !names.length) {
        const dispatched = this.dispatchValues(d, t);
        return dispatched.length ? dispatched : this.schemaShaped(d, depth);
      } else {
        return [];
      }
      for (const n of names) base = base.flatMap((v) => this.member(v, n, depth));
      const out: Val[] = [];
      for (const v of base) {
        if (v.kind === "api")
          out.push({
            kind: "api",
            ref: { ...v.ref, steps: [...v.ref.steps, { k: "c", typeNode: t, isNew: true }] },
          });
        else if (v.kind === "node" && ts.isClassLike(v.node)) {
          // An abstract class stands for its concrete subclasses.
          const impls = isAbstract(v.node) ? this.hierarchy.implementations(v.node) : [];
          for (const cls of impls) {
            const inst: Val = { kind: "instance", cls, node: t };
            this.dispatched.add(inst);
            out.push(inst);
          }
          if (!impls.length) out.push({ kind: "instance", cls: v.node, node: t });
        }
      }
      return out;
    }
    if (ts.isArrayTypeNode(t)) return [];
    if (ts.isUnionTypeNode(t)) return t.types.flatMap((x) => this.typeValues(x, depth));
    if (ts.isParenthesizedTypeNode(t)) return this.typeValues(t.type, depth);
    return [];
  }

  private schemaShapedCache = new Map<ts.Node, Val[]>();

  /**
   * An interface (or object type) declared beside a validation schema it mirrors: in a file that
   * declares or imports a zod `object({...})` schema whose keys include every member of the type,
   * a value of that type is taken to be the schema's parsed value (structural typing: the runtime
   * value is produced by the schema), so the schema's defaults apply to its fields.
   */
  private schemaShaped(d: ts.InterfaceDeclaration | ts.TypeAliasDeclaration, depth: number): Val[] {
    const hit = this.schemaShapedCache.get(d);
    if (hit) return hit;
    this.schemaShapedCache.set(d, []);
    const members = ts.isInterfaceDeclaration(d)
      ? d.members
      : ts.isTypeLiteralNode(d.type)
        ? d.type.members
        : undefined;
    const names = (members ?? [])
      .map((m) => (m.name ? propertyNameText(m.name) : undefined))
      .filter((n): n is string => !!n);
    const out: Val[] = [];
    if (names.length >= 2 && depth <= MAX_DEPTH) {
      const sf = d.getSourceFile();
      if (this.workspaceUsesZod()) {
        for (const id of schemaCandidates(sf)) {
          for (const v of this.values(id, depth + 1)) {
            if (v.kind !== "api" || !/^zod/.test(v.ref.module)) continue;
            const keys = zodObjectKeys(v.ref);
            if (!keys || !names.every((n) => keys.has(n))) continue;
            out.push({
              kind: "api",
              ref: {
                module: v.ref.module,
                steps: [...v.ref.steps, { k: "m", name: "parse" }, { k: "c", isNew: false }],
              },
            });
          }
          if (out.length) break;
        }
      }
    }
    this.schemaShapedCache.set(d, out);
    return out;
  }

  private usesZod?: boolean;

  /** Does any workspace file import zod? (Checked once: the structural schema link needs it.) */
  private workspaceUsesZod(): boolean {
    if (this.usesZod === undefined)
      this.usesZod = this.ws.files().some((f) => /["']zod(\/[\w-]+)?["']/.test(f.text));
    return this.usesZod;
  }

  /** `import type { Config } from "./config"` where the module declares `type Config = …`. */
  private importedTypeAlias(d: ts.ImportSpecifier): ts.TypeAliasDeclaration | undefined {
    const decl = d.parent.parent.parent;
    const spec = stringLiteralValue(decl.moduleSpecifier);
    const target = spec === undefined ? undefined : this.ws.resolveModule(d.getSourceFile(), spec);
    if (!target) return undefined;
    const name = (d.propertyName ? propertyNameText(d.propertyName) : d.name.text) ?? d.name.text;
    for (const st of target.statements) if (ts.isTypeAliasDeclaration(st) && st.name.text === name) return st;
    return undefined;
  }

  private memberCache = new Map<ts.Node, Map<string, Val[]>>();
  private memberBusy = new Set<string>();

  /** `v.name`, memoised per (object, name) with a cycle guard (`o.x = { ...o.x }` refers to itself). */
  member(v: Val, name: string, depth: number, index?: ts.Expression): Val[] {
    if (depth > MAX_DEPTH) return [];
    depth++;
    if (v.kind === "api") {
      const st: Step = index ? { k: "m", name, key: index } : { k: "m", name };
      return [{ kind: "api", ref: { module: v.ref.module, steps: [...v.ref.steps, st], cls: v.ref.cls } }];
    }
    const key = v.kind === "instance" ? v.cls : v.node;
    const tag = (v.kind === "instance" ? "i:" : "n:") + name;
    let perNode = this.memberCache.get(key);
    const hit = perNode?.get(tag);
    if (hit) return hit;
    const busyKey = `${key.pos}:${key.end}:${key.getSourceFile().fileName}:${tag}`;
    if (this.memberBusy.has(busyKey)) return [];
    this.memberBusy.add(busyKey);
    let out: Val[];
    try {
      out = dedupe(this.memberUncached(v, name, depth));
    } finally {
      this.memberBusy.delete(busyKey);
    }
    if (!perNode) {
      perNode = new Map();
      this.memberCache.set(key, perNode);
    }
    perNode.set(tag, out);
    return out;
  }

  private memberUncached(v: Val, name: string, depth: number): Val[] {
    if (v.kind === "api") return [];
    if (v.kind === "instance") return this.classMember(v.cls, name, depth, true);
    const n = v.node;
    if (ts.isObjectLiteralExpression(n)) return this.objectMember(n, name, depth);
    if (ts.isSourceFile(n)) return this.exportValues(n, name, depth);
    if (ts.isClassLike(n)) return this.classMember(n, name, depth, false);
    if (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) {
      const out: Val[] = [];
      for (const w of fileIndex(n.getSourceFile()).propWrites.get(n) ?? [])
        if (w.name === name) out.push(...this.values(w.value, depth));
      return out;
    }
    return [];
  }

  objectMember(o: ts.ObjectLiteralExpression, name: string, depth: number): Val[] {
    const out: Val[] = [];
    // Later properties win; spreads may contribute.
    for (let i = o.properties.length - 1; i >= 0; i--) {
      const p = o.properties[i];
      if (ts.isSpreadAssignment(p)) {
        for (const v of this.values(p.expression, depth)) out.push(...this.member(v, name, depth));
        continue;
      }
      if (propertyNameText(p.name) !== name) continue;
      if (ts.isPropertyAssignment(p)) return [...this.values(p.initializer, depth), ...out];
      if (ts.isShorthandPropertyAssignment(p)) return [...this.values(p.name, depth), ...out];
      if (ts.isMethodDeclaration(p)) return [{ kind: "node", node: p }, ...out];
    }
    // `const o = {}; o.x = ...`
    const parent = o.parent;
    if (parent && ts.isVariableDeclaration(parent)) {
      const idx = fileIndex(o.getSourceFile());
      for (const w of idx.propWrites.get(parent) ?? [])
        if (w.name === name) out.push(...this.values(w.value, depth));
      // A context object handed to a local function that fills it: `setup(ctx)` with `c.x = …`.
      if (depth < MAX_DEPTH - 4)
        for (const use of idx.argUses.get(parent) ?? []) {
          const arg = use.call.arguments?.[use.index];
          if (!arg || !ts.isIdentifier(unwrap(arg))) continue;
          for (const v of this.values(use.call.expression, depth + 1)) {
            if (v.kind !== "node" || !isFunctionLike(v.node)) continue;
            const param = v.node.parameters[use.index];
            if (!param || !ts.isIdentifier(param.name)) continue;
            for (const w of fileIndex(param.getSourceFile()).propWrites.get(param) ?? [])
              if (w.name === name) out.push(...this.values(w.value, depth + 1));
          }
        }
    }
    // Fields set from another module: `import { config } from "./config"; config.ftp = {…}`.
    for (const w of this.writesFromOtherModules().get(o) ?? [])
      if (w.name === name) out.push(...this.values(w.value, depth));
    // `db[model.name] = model` in a folder loader: `db.Patient` is the model its sibling file defines.
    if (!out.length && parent && ts.isVariableDeclaration(parent) && depth < MAX_DEPTH - 2)
      out.push(...this.loadedModel(parent, name, depth));
    return out;
  }

  /**
   * The sequelize-cli loader (`models/index.js`): every file of the folder is required by computed
   * path and stored under its model's name (`db[model.name] = model`). `db.Patient` is then what
   * the factory of the sibling file that defines the model `Patient` returns.
   */
  private loadedModel(holder: ts.VariableDeclaration, name: string, depth: number): Val[] {
    const sf = holder.getSourceFile();
    const computed = (fileIndex(sf).propWrites.get(holder) ?? []).filter((w) => w.name === "[]");
    if (!computed.length || !/\breaddirSync\s*\(/.test(sf.text)) return [];
    const loaderCall = fileIndex(sf).calls.find((c) => {
      const callee = unwrap(c.expression);
      return (
        (ts.isCallExpression(callee) && isComputedRequire(callee)) ||
        (ts.isPropertyAccessExpression(callee) && callee.name.text === "import") ||
        (ts.isElementAccessExpression(callee) && stringLiteralValue(callee.argumentExpression) === "import")
      );
    });
    if (!loaderCall) return [];
    const dir = sf.fileName.slice(0, sf.fileName.lastIndexOf("/") + 1);
    const defines = new RegExp(
      `\\bdefine\\s*\\(\\s*["'\`]${escapeRegExp(name)}["'\`]|\\bclass\\s+${escapeRegExp(name)}\\b|\\bmodelName\\s*:\\s*["'\`]${escapeRegExp(name)}["'\`]`,
    );
    const out: Val[] = [];
    for (const f of this.ws.files()) {
      if (f === sf || !f.fileName.startsWith(dir) || f.fileName.slice(dir.length).includes("/")) continue;
      if (!defines.test(f.text)) continue;
      for (const e of fileIndex(f).cjsDefault)
        for (const v of this.values(e, depth + 1))
          if (v.kind === "node" && isFunctionLike(v.node))
            out.push(...this.called(v, loaderCall, false, depth + 1));
      for (const v of this.exportValues(f, "default", depth + 1))
        if (v.kind === "node" && isFunctionLike(v.node))
          out.push(...this.called(v, loaderCall, false, depth + 1));
    }
    return out;
  }

  private autoImports?: Map<string, ts.SourceFile[]>;

  /**
   * Files that export `name` from the folders Nuxt and Nitro auto-import (`composables/`, `utils/`,
   * `server/utils/`, and their `app/`/`shared/` forms), next to a `nuxt.config` or `nitro.config`.
   * A default export counts under the file's name (`composables/useExport.ts` → `useExport`).
   */
  autoImported(name: string): ts.SourceFile[] {
    if (!this.autoImports) {
      const map = new Map<string, ts.SourceFile[]>();
      const files = this.ws.files();
      const roots = files
        .filter((f) => /(^|\/)(nuxt|nitro)\.config\.[cm]?[jt]s$/.test(f.fileName))
        .map((f) => f.fileName.slice(0, f.fileName.lastIndexOf("/") + 1));
      const dirs = [
        "composables/",
        "utils/",
        "server/utils/",
        "app/composables/",
        "app/utils/",
        "shared/utils/",
      ];
      for (const f of roots.length ? files : []) {
        const root = roots.find((r) => f.fileName.startsWith(r));
        if (!root) continue;
        const rel = f.fileName.slice(root.length);
        if (!dirs.some((d) => rel.startsWith(d))) continue;
        const add = (n: string): void => {
          const list = map.get(n);
          if (list) {
            if (!list.includes(f)) list.push(f);
          } else map.set(n, [f]);
        };
        for (const st of f.statements) {
          const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
          const exported = mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
          const isDefault = mods?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
          const stem = rel.replace(/^.*\//, "").replace(/\.[cm]?[jt]sx?$/, "");
          if (ts.isExportAssignment(st) && !st.isExportEquals) add(stem);
          if (!exported) continue;
          if (isDefault) add(stem);
          if (ts.isVariableStatement(st))
            for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) add(d.name.text);
          if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) add(st.name.text);
        }
      }
      this.autoImports = map;
    }
    return this.autoImports.get(name) ?? [];
  }

  private otherModuleWrites?: Map<ts.Node, Array<{ name: string; value: ts.Expression }>>;
  private buildingOtherModuleWrites = false;

  /**
   * Property writes whose object is imported from another workspace module, keyed by the object
   * literal they land in (for `config.ftp.user = …`, the literal that `config.ftp` holds). Built
   * once per analysis from the syntactic list of assignments; only roots bound by a relative
   * import or require are resolved.
   */
  private writesFromOtherModules(): Map<ts.Node, Array<{ name: string; value: ts.Expression }>> {
    if (this.otherModuleWrites) return this.otherModuleWrites;
    const map = new Map<ts.Node, Array<{ name: string; value: ts.Expression }>>();
    if (this.buildingOtherModuleWrites) return map;
    this.buildingOtherModuleWrites = true;
    try {
      for (const sf of this.ws.files()) {
        const idx = fileIndex(sf);
        if (!idx.assignmentExprs.length) continue;
        const imported = relativeImportNames(sf);
        if (!imported.size) continue;
        for (const b of idx.assignmentExprs) {
          if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
          const path: string[] = [];
          let cur = unwrap(b.left);
          while (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur)) {
            const n = ts.isPropertyAccessExpression(cur)
              ? cur.name.text
              : stringLiteralValue(cur.argumentExpression);
            if (n === undefined) break;
            path.unshift(n);
            cur = unwrap(cur.expression);
          }
          if (!path.length || !ts.isIdentifier(cur) || !imported.has(cur.text)) continue;
          const d = resolveIdentifier(cur);
          if (!d) continue;
          let targets: Val[] = this.declValues(d, 0);
          for (const step of path.slice(0, -1)) targets = targets.flatMap((v) => this.member(v, step, 0));
          for (const t of targets) {
            if (t.kind !== "node" || !ts.isObjectLiteralExpression(t.node)) continue;
            const list = map.get(t.node);
            const w = { name: path[path.length - 1], value: b.right };
            if (list) list.push(w);
            else map.set(t.node, [w]);
          }
        }
      }
    } finally {
      this.buildingOtherModuleWrites = false;
    }
    this.otherModuleWrites = map;
    // Lookups made while building did not see these writes: forget them.
    if (map.size) {
      this.cache.clear();
      this.memberCache.clear();
    }
    return map;
  }

  /**
   * A value typed by an interface: an instance of each workspace class that implements it, and
   * each object literal declared with it (a call through the receiver dispatches to them).
   */
  private dispatchValues(decl: TypeDeclaration, t: ts.TypeNode): Val[] {
    const out: Val[] = [
      ...this.hierarchy.implementations(decl).map((cls): Val => ({ kind: "instance", cls, node: t })),
      ...this.hierarchy.literals(decl).map((node): Val => ({ kind: "node", node })),
    ];
    for (const v of out) this.dispatched.add(v);
    return out;
  }

  /** Values that stand for an interface's implementations (see `dispatchValues`). */
  private dispatched = new WeakSet<Val>();

  /**
   * `this.name` inside a class: its own member, and where that member is abstract (declared
   * without a body), the overriding members of the concrete subclasses it dispatches to.
   */
  private thisMember(cls: ts.ClassLikeDeclaration, name: string, depth: number): Val[] {
    const own = this.classMember(cls, name, depth, true);
    const abstractMember = own.some(
      (v) => v.kind === "node" && ts.isMethodDeclaration(v.node) && !v.node.body,
    );
    if (!abstractMember || !ts.isClassDeclaration(cls)) return own;
    const out = [...own];
    for (const impl of this.hierarchy.implementations(cls))
      out.push(...this.classMember(impl, name, depth, true));
    return out;
  }

  private classMember(cls: ts.ClassLikeDeclaration, name: string, depth: number, instance: boolean): Val[] {
    const out: Val[] = [];
    for (const m of cls.members) {
      if (!m.name || propertyNameText(m.name) !== name) continue;
      const isStatic =
        !!ts.getCombinedModifierFlags(m) && (ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static) !== 0;
      if (isStatic === instance) continue;
      if (ts.isPropertyDeclaration(m)) out.push(...this.declValues(m, depth));
      else out.push({ kind: "node", node: m });
    }
    if (instance) {
      for (const w of fileIndex(cls.getSourceFile()).propWrites.get(cls) ?? [])
        if (w.name === name) out.push(...this.values(w.value, depth));
      // Constructor parameter properties: `constructor(private client: Client)`.
      for (const m of cls.members) {
        if (!ts.isConstructorDeclaration(m)) continue;
        for (const p of m.parameters) {
          if (
            ts.isIdentifier(p.name) &&
            p.name.text === name &&
            ts.getCombinedModifierFlags(p) & ts.ModifierFlags.ParameterPropertyModifier
          ) {
            out.push(...this.parameterValues(p, depth));
          }
        }
      }
    }
    if (!out.length) {
      // Inherited from an API base class (`class Repo extends Repository<Patient>`).
      const base = heritageBase(cls);
      if (base) {
        for (const v of this.values(base, depth)) {
          if (v.kind === "api") {
            const steps = instance
              ? [...v.ref.steps, { k: "c" as const, isNew: true }, { k: "m" as const, name }]
              : [...v.ref.steps, { k: "m" as const, name }];
            out.push({ kind: "api", ref: { module: v.ref.module, steps, cls } });
          } else if (v.kind === "node" && ts.isClassLike(v.node) && v.node !== cls) {
            out.push(...this.classMember(v.node, name, depth, instance));
          }
        }
      }
    }
    return out;
  }

  /** The result of calling (or `new`-ing) a value. */
  private called(v: Val, call: CallLike, isNew: boolean, depth: number): Val[] {
    if (v.kind === "api") {
      // util.promisify(f) behaves like f.
      const sig = apiSignature(v.ref);
      if (
        (v.ref.module === "util" || v.ref.module === "node:util") &&
        sig === ".promisify" &&
        ts.isCallExpression(call) &&
        call.arguments[0]
      ) {
        return this.values(call.arguments[0], depth);
      }
      if (sig.endsWith(".bind") && ts.isCallExpression(call)) {
        return [
          { kind: "api", ref: { module: v.ref.module, steps: v.ref.steps.slice(0, -1), cls: v.ref.cls } },
        ];
      }
      return [
        {
          kind: "api",
          ref: {
            module: v.ref.module,
            steps: [...v.ref.steps, { k: "c", node: call, isNew }],
            cls: v.ref.cls,
          },
        },
      ];
    }
    if (v.kind === "instance") return [{ kind: "node", node: call }];
    const n = v.node;
    // `require("./factory")(…)`: calling a CommonJS module calls its `module.exports` value.
    if (ts.isSourceFile(n)) {
      if (depth > MAX_DEPTH) return [];
      const out: Val[] = [];
      for (const e of fileIndex(n).cjsDefault)
        for (const d of this.values(e, depth + 1))
          if (d.kind !== "node" || !ts.isSourceFile(d.node))
            out.push(...this.called(d, call, isNew, depth + 1));
      return out.length ? out : [{ kind: "node", node: call }];
    }
    if (ts.isClassLike(n)) {
      if (isNew) {
        const base = heritageBase(n);
        const out: Val[] = [{ kind: "instance", cls: n, node: call }];
        if (base) {
          for (const b of this.values(base, depth)) {
            if (b.kind === "api")
              out.push({
                kind: "api",
                ref: {
                  module: b.ref.module,
                  steps: [...b.ref.steps, { k: "c", node: call, isNew: true }],
                  cls: n,
                },
              });
          }
        }
        return out;
      }
      return [];
    }
    if (isFunctionLike(n)) {
      const out: Val[] = [];
      for (const r of returnExpressions(n)) out.push(...this.values(r, depth + 1));
      return out.length ? out : [{ kind: "node", node: call }];
    }
    return [{ kind: "node", node: call }];
  }

  /** Values of an import: a workspace file's export, or an external module reference. */
  moduleValues(from: ts.SourceFile, spec: string, exported: string | undefined): Val[] {
    const target = this.ws.resolveModule(from, spec);
    if (target) {
      if (exported === undefined) return [{ kind: "node", node: target }];
      return this.exportValues(target, exported, 0);
    }
    if (spec.startsWith(".") || spec.startsWith("/")) return [];
    const module = normaliseModule(spec);
    // Default imports of CommonJS modules are the module object itself.
    const steps: Step[] =
      exported === undefined || exported === "default" ? [] : [{ k: "m", name: exported }];
    return [{ kind: "api", ref: { module, steps } }];
  }

  /** A workspace module's export by name (ESM and CommonJS). */
  exportValues(sf: ts.SourceFile, name: string, depth: number): Val[] {
    const out: Val[] = [];
    for (const index of exportStatementsFor(sf, name)) {
      const st = sf.statements[index];
      if (ts.isExportAssignment(st)) {
        if (name === "default" || st.isExportEquals)
          out.push(
            ...(name === "default"
              ? this.values(st.expression, depth)
              : this.values(st.expression, depth).flatMap((v) => this.member(v, name, depth))),
          );
        continue;
      }
      if (ts.isExportDeclaration(st)) {
        const spec = st.moduleSpecifier ? stringLiteralValue(st.moduleSpecifier) : undefined;
        if (!st.exportClause) {
          if (spec !== undefined && name !== "default") {
            const t = this.ws.resolveModule(sf, spec);
            if (t && t !== sf) out.push(...this.exportValues(t, name, depth + 1));
          }
          continue;
        }
        if (ts.isNamedExports(st.exportClause)) {
          for (const el of st.exportClause.elements) {
            if (el.name.text !== name) continue;
            const local = el.propertyName ? el.propertyName.text : el.name.text;
            if (spec !== undefined) out.push(...this.moduleValues(sf, spec, local));
            else {
              const localId = el.propertyName ?? el.name;
              const d = ts.isIdentifier(localId) ? resolveIdentifier(localId) : undefined;
              if (d && d !== el) out.push(...this.declValues(d, depth));
            }
          }
        }
        continue;
      }
      const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
      const exported = mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      const isDefault = mods?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.name.text === name) out.push(...this.declValues(d, depth));
        }
      } else if (
        (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) &&
        ((isDefault && name === "default") || st.name?.text === name)
      ) {
        out.push({ kind: "node", node: st });
      }
    }
    const idx = fileIndex(sf);
    for (const e of idx.cjsNamed.get(name) ?? []) out.push(...this.values(e, depth));
    for (const e of idx.cjsDefault) {
      if (name === "default") out.push(...this.values(e, depth));
      else for (const v of this.values(e, depth)) out.push(...this.member(v, name, depth));
    }
    if (
      name === "default" &&
      !out.length &&
      (idx.cjsNamed.size ||
        !sf.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s)))
    ) {
      out.push({ kind: "node", node: sf });
    }
    return out;
  }

  /** Every call in the workspace whose callee is this name or a method of this name (`emit`). */
  callsNamed(name: string): readonly CallLike[] {
    return this.sharedCalls ? [...this.sharedCalls.calls(name)] : (this.callsByName().get(name) ?? []);
  }

  /** Every call (or `new`) whose callee resolves to this function. */
  callSites(fn: ts.Node): CallLike[] {
    const hit = this.callSiteCache.get(fn);
    if (hit) return hit;
    this.callSiteCache.set(fn, []);
    const names = functionNames(fn);
    const out: CallLike[] = [];
    if (names.length) {
      const byName = this.sharedCalls
        ? { get: (n: string) => [...this.sharedCalls!.calls(n)] }
        : this.callsByName();
      const home = fn.getSourceFile();
      const isMethod =
        ts.isMethodDeclaration(fn) ||
        ts.isConstructorDeclaration(fn) ||
        (!!fn.parent && ts.isPropertyAssignment(fn.parent));
      // A method of a class in an interface or abstract hierarchy is called through receivers
      // typed by the supertype, from files that never import the class: worth more candidates.
      const dispatchable =
        isMethod &&
        !!fn.parent &&
        ts.isClassLike(fn.parent) &&
        !!fn.parent.heritageClauses?.length &&
        this.hierarchy.hasDispatchingSupertype(fn.parent);
      for (const n of names) {
        let candidates = byName.get(n) ?? [];
        // A plain function is called from its own file or from files that import it; a method
        // name shared by hundreds of calls (`get`, `send`) is not worth resolving one by one.
        const autoImported = !isMethod && this.autoImported(n).includes(home);
        if (!isMethod && !autoImported)
          candidates = candidates.filter(
            (c) => c.getSourceFile() === home || this.importsFile(c.getSourceFile(), home),
          );
        else if (candidates.length > (dispatchable ? 200 : 60))
          candidates = candidates.filter(
            (c) => c.getSourceFile() === home || this.importsFile(c.getSourceFile(), home),
          );
        for (const c of candidates) {
          const callee = ts.isTaggedTemplateExpression(c) ? c.tag : c.expression;
          if (
            this.values(callee).some(
              (v) =>
                v.kind === "node" &&
                (v.node === fn || (ts.isVariableDeclaration(v.node) && v.node.initializer === fn)),
            )
          )
            out.push(c);
        }
      }
    }
    // A module's default export (`module.exports = function (…)`, `export default (…) => …`) is
    // called under whatever name the importer gives it, or straight off `require(…)(…)`.
    if (isDefaultExport(fn)) out.push(...this.defaultExportCallSites(fn).filter((c) => !out.includes(c)));
    this.callSiteCache.set(fn, out);
    return out;
  }

  /**
   * Calls of a default-exported function from the files that import it, and from a loader in the
   * same folder that requires every file of it by computed path (the sequelize-cli `models/index.js`:
   * `require(path.join(__dirname, file))(sequelize, DataTypes)` or `sequelize.import(path)`).
   */
  private defaultExportCallSites(fn: ts.Node): CallLike[] {
    const home = fn.getSourceFile();
    const out: CallLike[] = [];
    const dir = home.fileName.slice(0, home.fileName.lastIndexOf("/") + 1);
    for (const sf of this.ws.files()) {
      if (sf === home) continue;
      const imports = this.importsFile(sf, home);
      const loader =
        !imports &&
        sf.fileName.startsWith(dir) &&
        !sf.fileName.slice(dir.length).includes("/") &&
        /\breaddirSync\s*\(/.test(sf.text);
      if (!imports && !loader) continue;
      for (const c of fileIndex(sf).calls) {
        const callee = unwrap(c.expression);
        if (loader) {
          // require(computed)(…) or x.import(computed) / x["import"](computed)
          if (ts.isCallExpression(callee) && isComputedRequire(callee)) out.push(c);
          else if (
            (ts.isPropertyAccessExpression(callee) && callee.name.text === "import") ||
            (ts.isElementAccessExpression(callee) &&
              stringLiteralValue(callee.argumentExpression) === "import")
          )
            out.push(c);
          continue;
        }
        if (ts.isCallExpression(callee)) {
          const spec = requireSpecifier(callee);
          if (spec !== undefined && this.ws.resolveModule(sf, spec) === home) out.push(c);
          continue;
        }
        if (!ts.isIdentifier(callee)) continue;
        const d = resolveIdentifier(callee);
        if (!d || !(ts.isImportClause(d) || ts.isVariableDeclaration(d))) continue;
        // `const make = require("./x"); make(…)`: the module object, called, is its default export.
        if (
          this.values(callee).some(
            (v) =>
              v.kind === "node" &&
              (v.node === fn ||
                v.node === home ||
                (ts.isVariableDeclaration(v.node) && v.node.initializer === fn)),
          )
        )
          out.push(c);
      }
      if (out.length > MAX_VALS) break;
    }
    return out;
  }

  private importCache = new Map<ts.SourceFile, Set<ts.SourceFile>>();
  /** `reachCache[d]`: the files a file imports, directly or through barrels, from depth d (≤ 2). */
  private reachCache = [0, 1, 2].map(() => new Map<ts.SourceFile, Set<ts.SourceFile>>());
  private barrelCache = new Map<ts.SourceFile, boolean>();

  /** Does `from` import `target` (directly, or through a re-exporting index)? */
  importsFile(from: ts.SourceFile, target: ts.SourceFile, depth = 0): boolean {
    return this.reachableImports(from, Math.max(0, Math.min(depth, 2))).has(target);
  }

  /**
   * The files `from` imports, and those its re-exporting indexes import, two levels deep from
   * `depth`: computed once per file, as `callSites` asks it for every candidate call of every
   * function (before, each question walked the barrels' statements again).
   */
  private reachableImports(from: ts.SourceFile, depth: number): Set<ts.SourceFile> {
    const cache = this.reachCache[depth];
    const hit = cache.get(from);
    if (hit) return hit;
    const direct = this.directImports(from);
    let out = direct;
    if (depth < 2) {
      for (const t of direct) {
        if (!this.isBarrelFile(t)) continue;
        for (const reached of this.reachableImports(t, depth + 1)) {
          if (out.has(reached)) continue;
          if (out === direct) out = new Set(direct);
          out.add(reached);
        }
      }
    }
    cache.set(from, out);
    return out;
  }

  /** The workspace files `from` imports directly (relative specifiers). */
  importedFiles(from: ts.SourceFile): ReadonlySet<ts.SourceFile> {
    return this.directImports(from);
  }

  private directImports(from: ts.SourceFile): Set<ts.SourceFile> {
    let set = this.importCache.get(from);
    if (!set) {
      set = new Set();
      for (const spec of relativeSpecifiers(from)) {
        const t = this.ws.resolveModule(from, spec);
        if (t) set.add(t);
      }
      this.importCache.set(from, set);
    }
    return set;
  }

  private isBarrelFile(sf: ts.SourceFile): boolean {
    let barrel = this.barrelCache.get(sf);
    if (barrel === undefined) this.barrelCache.set(sf, (barrel = isBarrel(sf)));
    return barrel;
  }

  private callsByName(): Map<string, CallLike[]> {
    if (this.allCallsByName) return this.allCallsByName;
    const m = new Map<string, CallLike[]>();
    for (const sf of this.ws.files()) {
      const idx = fileIndex(sf);
      for (const c of [...idx.calls, ...idx.news]) {
        const e = unwrap(c.expression);
        const n = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
        if (!n) continue;
        const a = m.get(n);
        if (a) a.push(c);
        else m.set(n, [c]);
      }
    }
    this.allCallsByName = m;
    return m;
  }
}

/** Relative module specifiers of imports, re-exports and requires. */
export function relativeSpecifiers(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const st of sf.statements) {
    if (
      (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) &&
      st.moduleSpecifier &&
      ts.isStringLiteral(st.moduleSpecifier)
    )
      out.push(st.moduleSpecifier.text);
    if (
      ts.isImportEqualsDeclaration(st) &&
      ts.isExternalModuleReference(st.moduleReference) &&
      ts.isStringLiteral(st.moduleReference.expression)
    )
      out.push(st.moduleReference.expression.text);
  }
  const re = /\b(?:require|import)\(\s*["'](\.{1,2}\/[^"']+|\.)["']\s*\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sf.text))) out.push(m[1]);
  return out.filter((s) => s.startsWith("."));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `module.exports = fn`, `export default fn`: the module's default export. */
function isDefaultExport(fn: ts.Node): boolean {
  const p = fn.parent;
  if (!p) return false;
  if (ts.isExportAssignment(p) && !p.isExportEquals) return true;
  if (ts.isFunctionDeclaration(fn) || ts.isClassDeclaration(fn)) {
    const mods = ts.getModifiers(fn);
    return !!mods?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  }
  return (
    ts.isBinaryExpression(p) &&
    p.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    p.right === fn &&
    ts.isPropertyAccessExpression(p.left) &&
    ts.isIdentifier(p.left.expression) &&
    p.left.expression.text === "module" &&
    p.left.name.text === "exports"
  );
}

/** `require(expr)` whose specifier is computed (a loader over a folder). */
function isComputedRequire(c: ts.CallExpression): boolean {
  const callee = c.expression;
  return (
    ts.isIdentifier(callee) &&
    callee.text === "require" &&
    !resolveIdentifier(callee) &&
    !!c.arguments[0] &&
    stringLiteralValue(c.arguments[0]) === undefined
  );
}

/**
 * The argument a call site gives parameter `index`. A sequelize `x.import(path)` call hands the
 * model factory `x` as its first argument.
 */
function loaderArgument(
  site: ts.CallExpression | ts.NewExpression,
  index: number,
): ts.Expression | undefined {
  const callee = unwrap(site.expression);
  const isImport =
    (ts.isPropertyAccessExpression(callee) && callee.name.text === "import") ||
    (ts.isElementAccessExpression(callee) && stringLiteralValue(callee.argumentExpression) === "import");
  if (isImport && ts.isCallExpression(site)) return index === 0 ? callee.expression : undefined;
  return site.arguments?.[index];
}

/** Identifiers a file declares or imports at the top level, as candidate schemas (expressions). */
function schemaCandidates(sf: ts.SourceFile): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  for (const st of sf.statements) {
    if (
      ts.isImportDeclaration(st) &&
      st.importClause?.namedBindings &&
      ts.isNamedImports(st.importClause.namedBindings)
    ) {
      if (st.importClause.isTypeOnly) continue;
      for (const el of st.importClause.namedBindings.elements) if (!el.isTypeOnly) out.push(el.name);
    } else if (ts.isVariableStatement(st)) {
      for (const dd of st.declarationList.declarations) {
        const init = dd.initializer && unwrap(dd.initializer);
        if (ts.isIdentifier(dd.name) && init && ts.isCallExpression(init)) out.push(dd.name);
      }
    }
  }
  return out.slice(0, 40);
}

/** The keys of a zod `object({...})` (or `.extend({...})`) reference, when its shape is a literal. */
function zodObjectKeys(ref: ApiRef): Set<string> | undefined {
  const keys = new Set<string>();
  let found = false;
  for (let j = 1; j < ref.steps.length; j++) {
    const st = ref.steps[j];
    const name = ref.steps[j - 1];
    if (st.k !== "c" || name.k !== "m" || !st.node || ts.isTaggedTemplateExpression(st.node)) continue;
    if (!/^(object|extend|strictObject|looseObject|merge)$/.test(name.name)) continue;
    const a = st.node.arguments?.[0];
    const o = a && unwrap(a);
    if (!o || !ts.isObjectLiteralExpression(o)) continue;
    found = true;
    for (const p of o.properties) {
      const k = p.name ? propertyNameText(p.name) : undefined;
      if (k) keys.add(k);
    }
  }
  return found ? keys : undefined;
}

/** Local names bound by relative imports and requires at the top of a file. */
function relativeImportNames(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  for (const st of sf.statements) {
    if (
      ts.isImportDeclaration(st) &&
      ts.isStringLiteral(st.moduleSpecifier) &&
      st.moduleSpecifier.text.startsWith(".")
    ) {
      const c = st.importClause;
      if (c?.name) out.add(c.name.text);
      if (c?.namedBindings && ts.isNamespaceImport(c.namedBindings)) out.add(c.namedBindings.name.text);
      if (c?.namedBindings && ts.isNamedImports(c.namedBindings))
        for (const el of c.namedBindings.elements) out.add(el.name.text);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer && unwrap(d.initializer);
        const req = init && ts.isCallExpression(init) ? requireSpecifier(init) : undefined;
        if (req === undefined || !req.startsWith(".")) continue;
        const addName = (b: ts.BindingName): void => {
          if (ts.isIdentifier(b)) out.add(b.text);
          else for (const el of b.elements) if (!ts.isOmittedExpression(el)) addName(el.name);
        };
        addName(d.name);
      }
    }
  }
  return out;
}

/** A module that re-exports others (`index.ts` with `export * from`). */
function isBarrel(sf: ts.SourceFile): boolean {
  return sf.statements.some((st) => ts.isExportDeclaration(st) && !!st.moduleSpecifier);
}

function functionNames(fn: ts.Node): string[] {
  const names: string[] = [];
  const named = fn as ts.Node & { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) names.push(named.name.text);
  const p = fn.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) names.push(p.name.text);
  if (p && ts.isPropertyAssignment(p)) {
    const t = propertyNameText(p.name);
    if (t) names.push(t);
  }
  if (p && ts.isBinaryExpression(p) && ts.isPropertyAccessExpression(p.left)) names.push(p.left.name.text);
  if (ts.isMethodDeclaration(fn) || ts.isConstructorDeclaration(fn)) {
    if (ts.isConstructorDeclaration(fn) && fn.parent.name) names.push(fn.parent.name.text);
  }
  return names;
}

function heritageBase(cls: ts.ClassLikeDeclaration): ts.Expression | undefined {
  for (const h of cls.heritageClauses ?? []) {
    if (h.token === ts.SyntaxKind.ExtendsKeyword && h.types[0]) return h.types[0].expression;
  }
  return undefined;
}

function isGlobalThis(e: ts.Expression): boolean {
  const u = unwrap(e);
  return (
    ts.isIdentifier(u) &&
    (u.text === "globalThis" || u.text === "window" || u.text === "global") &&
    !resolveIdentifier(u)
  );
}

function elementName(e: ts.Expression): string {
  if (ts.isNumericLiteral(e)) return e.text;
  return "[]";
}

function unwrapKeepAwait(e: ts.Expression): ts.Expression {
  for (;;) {
    if (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isNonNullExpression(e) ||
      ts.isTypeAssertionExpression(e) ||
      ts.isSatisfiesExpression(e)
    )
      e = e.expression;
    else return e;
  }
}

/** `require("x")` or `import("x")` with a literal specifier. */
export function requireSpecifier(e: ts.CallExpression): string | undefined {
  const callee = e.expression;
  const arg = e.arguments[0];
  if (!arg) return undefined;
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return stringLiteralValue(arg);
  if (ts.isIdentifier(callee) && callee.text === "require" && !resolveIdentifier(callee))
    return stringLiteralValue(arg);
  return undefined;
}

export function normaliseModule(spec: string): string {
  return spec.startsWith("node:") ? spec.slice(5) : spec;
}

function dedupe(vals: Val[]): Val[] {
  if (vals.length < 2) return vals.slice(0, MAX_VALS);
  const seen = new Set<string | ts.Node>();
  const out: Val[] = [];
  for (const v of vals) {
    const key =
      v.kind === "api"
        ? v.ref.module +
          "|" +
          apiSignature(v.ref) +
          "|" +
          (lastCall(v.ref)?.pos ?? "") +
          "|" +
          v.ref.steps.length
        : v.kind === "instance"
          ? v.cls
          : v.node;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
    if (out.length >= MAX_VALS) break;
  }
  return out;
}

/** Constant string value of an expression when it is computable (literals, consts, concatenation). */
export function constString(r: Resolver, e: ts.Expression, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const u = unwrap(e);
  const lit = stringLiteralValue(u);
  if (lit !== undefined) return lit;
  if (ts.isTemplateExpression(u)) {
    let s = u.head.text;
    for (const span of u.templateSpans) {
      const v = constString(r, span.expression, depth + 1);
      if (v === undefined) return undefined;
      s += v + span.literal.text;
    }
    return s;
  }
  if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const a = constString(r, u.left, depth + 1);
    const b = a === undefined ? undefined : constString(r, u.right, depth + 1);
    return a !== undefined && b !== undefined ? a + b : undefined;
  }
  if (ts.isNumericLiteral(u)) return u.text;
  if (ts.isIdentifier(u) || ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u)) {
    const vals = r.values(u);
    if (vals.length !== 1) return undefined;
    const v = vals[0];
    if (v.kind === "node" && v.node !== u && ts.isExpression(v.node))
      return constString(r, v.node, depth + 1);
  }
  return undefined;
}
