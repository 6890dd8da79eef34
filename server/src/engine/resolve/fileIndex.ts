/**
 * One walk per source file collects what later stages look up repeatedly: assignments to each
 * declaration, property writes, mutating method calls, and the calls, `new`s and string literals
 * that rules scan. Cached per SourceFile object, so an edited file (a new object) is re-indexed
 * and unchanged files are not.
 */
import { ts } from "ts-morph";
import { accessedName, isFunctionLike, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";

export interface PropWrite {
  name: string;
  value: ts.Expression;
  node: ts.Node;
}

export interface FileIndex {
  sf: ts.SourceFile;
  /** `x = e`, `x += e` for each resolved declaration. */
  assignments: Map<ts.Node, ts.Expression[]>;
  /** `o.p = e` keyed by the declaration of `o`, and `this.p = e` keyed by the class. */
  propWrites: Map<ts.Node, PropWrite[]>;
  calls: ts.CallExpression[];
  news: ts.NewExpression[];
  tagged: ts.TaggedTemplateExpression[];
  strings: Array<ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression>;
  objects: ts.ObjectLiteralExpression[];
  functions: Array<ts.Node & { body?: ts.Node }>;
  /** CommonJS `module.exports = e` and `exports.x = e` / `module.exports.x = e`. */
  cjsDefault: ts.Expression[];
  cjsNamed: Map<string, ts.Expression[]>;
  forOf: ts.ForOfStatement[];
  /** Calls that pass a declaration (or something rooted at it) as argument `index`. */
  argUses: Map<ts.Node, Array<{ call: ts.CallExpression | ts.NewExpression; index: number }>>;
  /** Mutating method calls (`x.push(v)`, `sheet.addRow(v)`) keyed by the declaration of `x`'s root. */
  mutations: Map<ts.Node, ts.CallExpression[]>;
  /** Variables initialised from a method call on another variable (`const ws = wb.addWorksheet()`). */
  derived: Map<ts.Node, ts.VariableDeclaration[]>;
  /** Names that may hold an API function: bound to another function (`const w = fs.writeFileSync`, `persist = fsp.appendFile`) or to a call's result (`promisify(fs.writeFile)`). */
  aliasNames: Set<string>;
  /** Every assignment expression (`x = e`, `o.p = e`, `x += e`), found syntactically. */
  assignmentExprs: ts.BinaryExpression[];
  /** Local names bound to package imports or requires (`writeFile`, `fs`, `Client`), not relative ones. */
  importedNames: Set<string>;
  /** Names of functions declared in this file or imported from relative modules: local code, never an API itself. */
  localFunctionNames: Set<string>;
}

/** Method names that put data into their receiver. */
export const MUTATOR_METHODS = new Set([
  "push",
  "unshift",
  "splice",
  "set",
  "add",
  "append",
  "write",
  "end",
  "addRow",
  "addRows",
  "insertRow",
  "insertRows",
  "file",
  "addFile",
  "enqueue",
  "fill",
]);

/** A method that puts its arguments into its receiver: a known one, or `addEntry`, `appendRow`, `pushItem`, `insertRecord`. */
export function isMutatorName(name: string): boolean {
  return MUTATOR_METHODS.has(name) || /^(add|append|push|insert|put)[A-Z]/.test(name);
}

const cache = new WeakMap<ts.SourceFile, FileIndex>();

export function fileIndex(sf: ts.SourceFile): FileIndex {
  let idx = cache.get(sf);
  if (!idx) {
    try {
      idx = build(sf);
    } catch (error) {
      // One file the index cannot walk must not take the other files' findings with it: every
      // rule asks for the index of every file. The failure is kept for the run's notices.
      recordIndexFailure(sf, error);
      idx = emptyIndex(sf);
    }
    cache.set(sf, idx);
  }
  return idx;
}

const failures = new WeakMap<ts.SourceFile, unknown>();

function recordIndexFailure(sf: ts.SourceFile, error: unknown): void {
  if (!failures.has(sf)) failures.set(sf, error);
}

/** Records why this file cannot be indexed and makes its index empty for every later reader. */
export function discardIndex(sf: ts.SourceFile, error: unknown): void {
  recordIndexFailure(sf, error);
  cache.set(sf, emptyIndex(sf));
}

/** The error that stopped indexing this file (the file then counts as holding nothing), if any. */
export function indexFailure(sf: ts.SourceFile): unknown {
  return failures.get(sf);
}

function emptyIndex(sf: ts.SourceFile): FileIndex {
  return {
    sf,
    assignments: new Map(),
    propWrites: new Map(),
    calls: [],
    news: [],
    tagged: [],
    strings: [],
    objects: [],
    functions: [],
    cjsDefault: [],
    cjsNamed: new Map(),
    forOf: [],
    argUses: new Map(),
    mutations: new Map(),
    derived: new Map(),
    aliasNames: new Set(),
    assignmentExprs: [],
    importedNames: new Set(),
    localFunctionNames: new Set(),
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

function enclosingClass(n: ts.Node): ts.ClassLikeDeclaration | undefined {
  let p: ts.Node | undefined = n.parent;
  while (p) {
    if (ts.isClassLike(p)) return p;
    // `this` inside a plain function is not the class instance
    if (ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p)) return undefined;
    p = p.parent;
  }
  return undefined;
}

export function thisClass(n: ts.Node): ts.ClassLikeDeclaration | undefined {
  return enclosingClass(n);
}

function isModuleExports(e: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(e) &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === "module" &&
    e.name.text === "exports"
  );
}

/**
 * The syntactic part (calls, strings, objects…) is collected in one walk; the parts that need
 * name resolution (assignments, mutations, argument uses…) are built on first use, so a file
 * that no rule needs to resolve is never bound.
 */
function build(sf: ts.SourceFile): FileIndex {
  const pendingCalls: Array<ts.CallExpression | ts.NewExpression> = [];
  const pendingVars: ts.VariableDeclaration[] = [];
  const pendingAssigns: ts.BinaryExpression[] = [];
  let semantic:
    | Pick<
        FileIndex,
        "assignments" | "propWrites" | "argUses" | "mutations" | "derived" | "cjsDefault" | "cjsNamed"
      >
    | undefined;
  const sem = (): NonNullable<typeof semantic> => {
    if (semantic) return semantic;
    const s = {
      assignments: new Map(),
      propWrites: new Map(),
      argUses: new Map(),
      mutations: new Map(),
      derived: new Map(),
      cjsDefault: [],
      cjsNamed: new Map(),
    } as NonNullable<typeof semantic>;
    semantic = s;
    const target = s as unknown as FileIndex;
    try {
      for (const c of pendingCalls) indexCall(target, c);
      for (const v of pendingVars) indexDerived(target, v);
      for (const b of pendingAssigns) indexAssignment(target, b);
    } catch (error) {
      recordIndexFailure(sf, error); // what was indexed before the failure is kept
    }
    return s;
  };
  const idx = {
    sf,
    calls: [],
    news: [],
    tagged: [],
    strings: [],
    objects: [],
    functions: [],
    forOf: [],
    aliasNames: new Set(),
    importedNames: new Set(),
    localFunctionNames: new Set(),
    assignmentExprs: pendingAssigns,
    get assignments() {
      return sem().assignments;
    },
    get propWrites() {
      return sem().propWrites;
    },
    get argUses() {
      return sem().argUses;
    },
    get mutations() {
      return sem().mutations;
    },
    get derived() {
      return sem().derived;
    },
    get cjsDefault() {
      return sem().cjsDefault;
    },
    get cjsNamed() {
      return sem().cjsNamed;
    },
  } as unknown as FileIndex;
  const visit = (n: ts.Node): void => {
    switch (n.kind) {
      case ts.SyntaxKind.CallExpression:
        idx.calls.push(n as ts.CallExpression);
        pendingCalls.push(n as ts.CallExpression);
        break;
      case ts.SyntaxKind.NewExpression:
        idx.news.push(n as ts.NewExpression);
        pendingCalls.push(n as ts.NewExpression);
        break;
      case ts.SyntaxKind.VariableDeclaration:
        pendingVars.push(n as ts.VariableDeclaration);
        indexAlias(idx, n as ts.VariableDeclaration);
        indexRequire(idx, n as ts.VariableDeclaration);
        break;
      case ts.SyntaxKind.ImportClause: {
        const c = n as ts.ImportClause;
        // Relative imports bring local functions, which are never API calls themselves.
        if (ts.isStringLiteral(c.parent.moduleSpecifier) && c.parent.moduleSpecifier.text.startsWith(".")) {
          if (c.name) idx.localFunctionNames.add(c.name.text);
          if (c.namedBindings && ts.isNamedImports(c.namedBindings))
            for (const e of c.namedBindings.elements) idx.localFunctionNames.add(e.name.text);
          break;
        }
        if (c.name) idx.importedNames.add(c.name.text);
        if (c.namedBindings && ts.isNamespaceImport(c.namedBindings))
          idx.importedNames.add(c.namedBindings.name.text);
        if (c.namedBindings && ts.isNamedImports(c.namedBindings))
          for (const e of c.namedBindings.elements) idx.importedNames.add(e.name.text);
        break;
      }
      case ts.SyntaxKind.ImportEqualsDeclaration:
        idx.importedNames.add((n as ts.ImportEqualsDeclaration).name.text);
        break;
      case ts.SyntaxKind.PropertyDeclaration:
        indexAlias(idx, n as ts.PropertyDeclaration);
        break;
      case ts.SyntaxKind.TaggedTemplateExpression:
        idx.tagged.push(n as ts.TaggedTemplateExpression);
        break;
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TemplateExpression:
        idx.strings.push(n as ts.StringLiteral);
        break;
      case ts.SyntaxKind.ObjectLiteralExpression:
        idx.objects.push(n as ts.ObjectLiteralExpression);
        break;
      case ts.SyntaxKind.ForOfStatement:
        idx.forOf.push(n as ts.ForOfStatement);
        break;
      case ts.SyntaxKind.BinaryExpression: {
        const k = (n as ts.BinaryExpression).operatorToken.kind;
        if (
          k === ts.SyntaxKind.EqualsToken ||
          k === ts.SyntaxKind.PlusEqualsToken ||
          k === ts.SyntaxKind.BarBarEqualsToken ||
          k === ts.SyntaxKind.QuestionQuestionEqualsToken
        )
          pendingAssigns.push(n as ts.BinaryExpression);
        break;
      }
      default:
        if (isFunctionLike(n)) {
          idx.functions.push(n);
          const name = ts.isFunctionDeclaration(n)
            ? n.name
            : (ts.isFunctionExpression(n) || ts.isArrowFunction(n)) &&
                ts.isVariableDeclaration(n.parent) &&
                n.parent.initializer === n
              ? n.parent.name
              : undefined;
          if (name && ts.isIdentifier(name)) idx.localFunctionNames.add(name.text);
        }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return idx;
}

function indexCall(idx: FileIndex, c: ts.CallExpression | ts.NewExpression): void {
  const args = c.arguments ?? [];
  args.forEach((a, index) => {
    const root = rootIdentifier(a);
    if (!root) return;
    const d = resolveIdentifier(root);
    if (d) push(idx.argUses, d, { call: c, index });
  });
  if (
    ts.isCallExpression(c) &&
    ts.isPropertyAccessExpression(c.expression) &&
    isMutatorName(c.expression.name.text) &&
    args.length
  ) {
    const root = rootIdentifier(c.expression.expression);
    const d = root && resolveIdentifier(root);
    if (d) push(idx.mutations, d, c);
  }
}

/** `const x = require("m")`, `const { a, b: c } = require("m")`, `await import("m")`: names bound to a module. */
function indexRequire(idx: FileIndex, d: ts.VariableDeclaration): void {
  let init = d.initializer && unwrap(d.initializer);
  while (
    init &&
    (ts.isPropertyAccessExpression(init) ||
      (ts.isCallExpression(init) &&
        !isRequireOrImport(init) &&
        init.expression &&
        (ts.isCallExpression(unwrap(init.expression)) ||
          ts.isPropertyAccessExpression(unwrap(init.expression)))))
  ) {
    init = unwrap(ts.isPropertyAccessExpression(init) ? init.expression : init.expression);
  }
  if (!init || !ts.isCallExpression(init) || !isRequireOrImport(init)) return;
  const spec = init.arguments[0];
  if (spec && ts.isStringLiteral(spec) && spec.text.startsWith(".")) return;
  const add = (b: ts.BindingName): void => {
    if (ts.isIdentifier(b)) idx.importedNames.add(b.text);
    else for (const el of b.elements) if (!ts.isOmittedExpression(el)) add(el.name);
  };
  add(d.name);
}

function isRequireOrImport(c: ts.CallExpression): boolean {
  const e = c.expression;
  return e.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(e) && e.text === "require");
}

function indexAlias(idx: FileIndex, d: ts.VariableDeclaration | ts.PropertyDeclaration): void {
  const init = d.initializer && unwrap(d.initializer);
  // `const w = fs.writeFileSync`, `const w = other`, and wrappers: `const w = util.promisify(fs.writeFile)`.
  if (!init || !(ts.isPropertyAccessExpression(init) || ts.isIdentifier(init) || ts.isCallExpression(init)))
    return;
  if (ts.isIdentifier(d.name)) idx.aliasNames.add(d.name.text);
}

function indexDerived(idx: FileIndex, v: ts.VariableDeclaration): void {
  if (!v.initializer || !ts.isIdentifier(v.name)) return;
  const init = unwrap(v.initializer);
  if (!ts.isCallExpression(init) || !ts.isPropertyAccessExpression(init.expression)) return;
  const root = rootIdentifier(init.expression.expression);
  const d = root && resolveIdentifier(root);
  if (d) push(idx.derived, d, v);
}

function indexAssignment(idx: FileIndex, b: ts.BinaryExpression): void {
  const op = b.operatorToken.kind;
  const isAssign =
    op === ts.SyntaxKind.EqualsToken ||
    op === ts.SyntaxKind.PlusEqualsToken ||
    op === ts.SyntaxKind.BarBarEqualsToken ||
    op === ts.SyntaxKind.QuestionQuestionEqualsToken;
  if (!isAssign) return;
  const left = unwrap(b.left);
  if (ts.isIdentifier(left)) {
    const d = resolveIdentifier(left);
    if (d) push(idx.assignments, d, b.right);
    return;
  }
  if (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) {
    const name = accessedName(left) ?? "[]";
    const obj = unwrap(left.expression);
    if (isModuleExports(left)) {
      idx.cjsDefault.push(b.right);
      return;
    }
    if (isModuleExports(obj) || (ts.isIdentifier(obj) && obj.text === "exports" && !resolveIdentifier(obj))) {
      push(idx.cjsNamed, name, b.right);
      return;
    }
    if (obj.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosingClass(b);
      if (cls) push(idx.propWrites, cls, { name, value: b.right, node: b });
      return;
    }
    const root = rootIdentifier(obj);
    if (root) {
      const d = resolveIdentifier(root);
      if (d) push(idx.propWrites, d, { name, value: b.right, node: b });
    }
  }
}

/** `a.b[c].d` → `a`. */
export function rootIdentifier(e: ts.Expression): ts.Identifier | undefined {
  let cur = unwrap(e);
  for (;;) {
    if (ts.isIdentifier(cur)) return cur;
    if (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur)) {
      cur = unwrap(cur.expression);
      continue;
    }
    if (
      ts.isCallExpression(cur) &&
      (ts.isPropertyAccessExpression(cur.expression) || ts.isElementAccessExpression(cur.expression))
    ) {
      cur = unwrap(cur.expression.expression);
      continue;
    }
    return undefined;
  }
}
