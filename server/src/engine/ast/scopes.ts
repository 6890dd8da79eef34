/**
 * Name resolution without a type checker and without the binder. Each scope container (source
 * file, function, block, for-statement, catch clause, module block) gets a table of the names it
 * declares, built on first use from its own statements; an identifier is resolved by walking up
 * its ancestors the way the checker's resolveName does. TypeScript's binder would give the same
 * tables but also builds symbols for members and the control-flow graph, which costs about half a
 * parse over a whole workspace (../shared/PERF-FACTS.md); we need only the names.
 *
 * JavaScript scoping kept: `var` and parameters are function-scoped (hoisted out of blocks, not
 * out of nested functions); `let`, `const`, classes, enums, namespaces and functions declared in a
 * block are block-scoped; imports are file-scoped; a named function or class expression sees its
 * own name.
 */
import { ts } from "ts-morph";

type Table = Map<string, ts.Declaration[]>;
const tables = new WeakMap<ts.Node, Table>();

/** The declaration an identifier refers to, or undefined for globals and unknown names. */
export function resolveIdentifier(id: ts.Identifier): ts.Declaration | undefined {
  const name = id.text;
  let n: ts.Node | undefined = id.parent;
  while (n) {
    const decls = declaredIn(n)?.get(name);
    if (decls) return pickValueDeclaration(decls);
    // Named function/class expressions can refer to themselves.
    if ((ts.isFunctionExpression(n) || ts.isClassExpression(n)) && n.name && n.name.text === name) return n;
    n = n.parent;
  }
  return undefined;
}

/** Resolves a type name (in a type position) to its declaration in this file. */
export function resolveTypeName(id: ts.Identifier): ts.Declaration | undefined {
  const name = id.text;
  let n: ts.Node | undefined = id.parent;
  while (n) {
    const decls = declaredIn(n)?.get(name);
    if (decls) {
      const t = decls.find(
        (d) =>
          ts.isInterfaceDeclaration(d) ||
          ts.isTypeAliasDeclaration(d) ||
          ts.isClassDeclaration(d) ||
          ts.isImportSpecifier(d) ||
          ts.isImportClause(d) ||
          ts.isNamespaceImport(d) ||
          ts.isEnumDeclaration(d) ||
          ts.isImportEqualsDeclaration(d) ||
          ts.isTypeParameterDeclaration(d),
      );
      return t ?? decls[0];
    }
    n = n.parent;
  }
  return undefined;
}

/** Is this name declared at the top level of the file (a declaration or an import)? */
export function declaredAtTopLevel(sf: ts.SourceFile, name: string): boolean {
  return !!declaredIn(sf)?.has(name);
}

function pickValueDeclaration(decls: ts.Declaration[]): ts.Declaration {
  // Prefer a value over a type-only declaration (interface merged with a const), and a function's
  // implementation over its overload signatures.
  let first: ts.Declaration | undefined;
  for (const d of decls) {
    if (ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d) || ts.isTypeParameterDeclaration(d))
      continue;
    if (ts.isFunctionDeclaration(d) && !d.body) {
      first = first ?? d;
      continue;
    }
    return d;
  }
  return first ?? decls[0];
}

/** Kinds that may declare names (besides function-likes); every case of `declaredIn`'s switch. */
const SCOPE_KINDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.SourceFile,
  ts.SyntaxKind.Block,
  ts.SyntaxKind.ModuleBlock,
  ts.SyntaxKind.CaseBlock,
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.CatchClause,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.ClassExpression,
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration,
]);

/** The names a scope container declares, or undefined when the node is not a container. */
function declaredIn(n: ts.Node): Table | undefined {
  // Most ancestors of an identifier are expressions: answer those without a table lookup.
  if (!SCOPE_KINDS.has(n.kind) && !ts.isFunctionLike(n)) return undefined;
  const hit = tables.get(n);
  if (hit) return hit;
  let t: Table | undefined;
  switch (n.kind) {
    case ts.SyntaxKind.SourceFile: {
      const sf = n as ts.SourceFile;
      t = new Map();
      lexical(sf.statements, t);
      hoistedVars(sf.statements, t);
      break;
    }
    case ts.SyntaxKind.Block:
    case ts.SyntaxKind.ModuleBlock: {
      const stmts = (n as ts.Block | ts.ModuleBlock).statements;
      t = new Map();
      lexical(stmts, t);
      break;
    }
    case ts.SyntaxKind.CaseBlock: {
      t = new Map();
      for (const c of (n as ts.CaseBlock).clauses) lexical(c.statements, t);
      break;
    }
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.ForOfStatement: {
      const init = (n as ts.ForStatement | ts.ForInStatement | ts.ForOfStatement).initializer;
      t = new Map();
      if (init && ts.isVariableDeclarationList(init) && init.flags & ts.NodeFlags.BlockScoped) {
        for (const d of init.declarations) bindingNames(d.name, d, t);
      }
      break;
    }
    case ts.SyntaxKind.CatchClause: {
      const d = (n as ts.CatchClause).variableDeclaration;
      t = new Map();
      if (d) bindingNames(d.name, d, t);
      break;
    }
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.ClassExpression:
    case ts.SyntaxKind.InterfaceDeclaration:
    case ts.SyntaxKind.TypeAliasDeclaration: {
      const tps = (n as ts.ClassLikeDeclaration | ts.InterfaceDeclaration | ts.TypeAliasDeclaration)
        .typeParameters;
      if (!tps?.length) return undefined;
      t = new Map();
      for (const tp of tps) add(t, tp.name.text, tp);
      break;
    }
    default: {
      if (!ts.isFunctionLike(n)) return undefined;
      const fn: ts.SignatureDeclaration = n;
      t = new Map();
      for (const tp of fn.typeParameters ?? []) add(t, tp.name.text, tp);
      for (const p of fn.parameters) bindingNames(p.name, p, t);
      const body = (fn as ts.FunctionLikeDeclaration).body;
      if (body && ts.isBlock(body)) hoistedVars(body.statements, t);
      break;
    }
  }
  tables.set(n, t);
  return t;
}

function add(t: Table, name: string, d: ts.Declaration): void {
  const list = t.get(name);
  if (list) list.push(d);
  else t.set(name, [d]);
}

/** `x`, or every name of a destructuring pattern (each a BindingElement, as the binder has it). */
function bindingNames(name: ts.BindingName, decl: ts.Declaration, t: Table): void {
  if (ts.isIdentifier(name)) {
    add(t, name.text, decl);
    return;
  }
  for (const el of name.elements) {
    if (ts.isOmittedExpression(el)) continue;
    bindingNames(el.name, el, t);
  }
}

/** Declarations a statement list makes in its own block: everything but `var`. */
function lexical(stmts: ts.NodeArray<ts.Statement>, t: Table): void {
  for (const s of stmts) {
    switch (s.kind) {
      case ts.SyntaxKind.VariableStatement: {
        const list = (s as ts.VariableStatement).declarationList;
        if (list.flags & ts.NodeFlags.BlockScoped)
          for (const d of list.declarations) bindingNames(d.name, d, t);
        break;
      }
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.InterfaceDeclaration:
      case ts.SyntaxKind.TypeAliasDeclaration:
      case ts.SyntaxKind.EnumDeclaration: {
        const name = (
          s as
            | ts.FunctionDeclaration
            | ts.ClassDeclaration
            | ts.InterfaceDeclaration
            | ts.TypeAliasDeclaration
            | ts.EnumDeclaration
        ).name;
        if (name) add(t, name.text, s as unknown as ts.Declaration);
        break;
      }
      case ts.SyntaxKind.ModuleDeclaration: {
        const name = (s as ts.ModuleDeclaration).name;
        if (ts.isIdentifier(name)) add(t, name.text, s as ts.ModuleDeclaration);
        break;
      }
      case ts.SyntaxKind.ImportEqualsDeclaration:
        add(t, (s as ts.ImportEqualsDeclaration).name.text, s as ts.ImportEqualsDeclaration);
        break;
      case ts.SyntaxKind.ImportDeclaration: {
        const clause = (s as ts.ImportDeclaration).importClause;
        if (!clause) break;
        if (clause.name) add(t, clause.name.text, clause);
        const nb = clause.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) add(t, nb.name.text, nb);
        else if (nb) for (const el of nb.elements) add(t, el.name.text, el);
        break;
      }
    }
  }
}

/** `var` declarations anywhere in these statements, not inside nested functions or classes. */
function hoistedVars(stmts: readonly ts.Statement[], t: Table): void {
  const visit = (s: ts.Statement | undefined): void => {
    if (!s) return;
    switch (s.kind) {
      case ts.SyntaxKind.VariableStatement: {
        const list = (s as ts.VariableStatement).declarationList;
        if (!(list.flags & ts.NodeFlags.BlockScoped))
          for (const d of list.declarations) bindingNames(d.name, d, t);
        return;
      }
      case ts.SyntaxKind.Block:
        (s as ts.Block).statements.forEach(visit);
        return;
      case ts.SyntaxKind.IfStatement:
        visit((s as ts.IfStatement).thenStatement);
        visit((s as ts.IfStatement).elseStatement);
        return;
      case ts.SyntaxKind.ForStatement:
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.ForOfStatement: {
        const f = s as ts.ForStatement | ts.ForInStatement | ts.ForOfStatement;
        const init = f.initializer;
        if (init && ts.isVariableDeclarationList(init) && !(init.flags & ts.NodeFlags.BlockScoped)) {
          for (const d of init.declarations) bindingNames(d.name, d, t);
        }
        visit(f.statement);
        return;
      }
      case ts.SyntaxKind.WhileStatement:
      case ts.SyntaxKind.DoStatement:
      case ts.SyntaxKind.LabeledStatement:
      case ts.SyntaxKind.WithStatement:
        visit((s as ts.WhileStatement | ts.DoStatement | ts.LabeledStatement | ts.WithStatement).statement);
        return;
      case ts.SyntaxKind.TryStatement: {
        const tr = s as ts.TryStatement;
        visit(tr.tryBlock);
        visit(tr.catchClause?.block);
        visit(tr.finallyBlock);
        return;
      }
      case ts.SyntaxKind.SwitchStatement:
        for (const c of (s as ts.SwitchStatement).caseBlock.clauses) c.statements.forEach(visit);
        return;
    }
  };
  stmts.forEach(visit);
}
