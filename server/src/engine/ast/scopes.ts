/**
 * Name resolution without a type checker. We let TypeScript's binder (cheap, per file) build its
 * scope tables (`locals`) and walk up them the way the checker's resolveName does. No program and
 * no checker are created, so this works when `node_modules` is absent and costs a parse + bind.
 */
import { ts } from "ts-morph";

interface Bindable { locals?: Map<string, ts.Symbol>; symbol?: ts.Symbol }

const bound = new WeakSet<ts.SourceFile>();
const binder = (ts as unknown as { bindSourceFile?: (f: ts.SourceFile, o: ts.CompilerOptions) => void }).bindSourceFile;
if (typeof binder !== "function") {
  throw new Error("privacy-review: the bundled TypeScript has no binder (bindSourceFile); reinstall ts-morph at the pinned version");
}

export function ensureBound(sf: ts.SourceFile): void {
  if (bound.has(sf)) return;
  bound.add(sf);
  if ((sf as unknown as Bindable).locals) return;
  try {
    binder!(sf, { allowJs: true, target: ts.ScriptTarget.ES2022 });
  } catch {
    // A binder failure must not stop the scan; names in this file simply stay unresolved.
  }
}

/** The declaration an identifier refers to, or undefined for globals and unknown names. */
export function resolveIdentifier(id: ts.Identifier): ts.Declaration | undefined {
  const sf = id.getSourceFile();
  ensureBound(sf);
  const name = id.escapedText as string;
  let n: ts.Node | undefined = id.parent;
  let prev: ts.Node = id;
  while (n) {
    const locals = (n as unknown as Bindable).locals;
    if (locals) {
      const sym = locals.get(name);
      if (sym && sym.declarations && sym.declarations.length) {
        // A parameter's default value cannot see the function body's locals; ignore that corner.
        return pickValueDeclaration(sym.declarations);
      }
    }
    // Named function/class expressions can refer to themselves.
    if ((ts.isFunctionExpression(n) || ts.isClassExpression(n)) && n.name && n.name.text === name && prev !== n.name) {
      return n;
    }
    prev = n;
    n = n.parent;
  }
  return undefined;
}

function pickValueDeclaration(decls: ts.Declaration[]): ts.Declaration {
  // Prefer a value declaration over a type-only one (interface merged with a const, etc.).
  for (const d of decls) {
    if (!ts.isInterfaceDeclaration(d) && !ts.isTypeAliasDeclaration(d)) return d;
  }
  return decls[0];
}

/** Resolves a type name (in a type position) to its declaration in this file. */
export function resolveTypeName(id: ts.Identifier): ts.Declaration | undefined {
  const sf = id.getSourceFile();
  ensureBound(sf);
  const name = id.escapedText as string;
  let n: ts.Node | undefined = id.parent;
  while (n) {
    const locals = (n as unknown as Bindable).locals;
    const sym = locals?.get(name);
    if (sym && sym.declarations && sym.declarations.length) {
      const t = sym.declarations.find((d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d) ||
        ts.isClassDeclaration(d) || ts.isImportSpecifier(d) || ts.isImportClause(d) || ts.isNamespaceImport(d) ||
        ts.isEnumDeclaration(d) || ts.isImportEqualsDeclaration(d));
      return t ?? sym.declarations[0];
    }
    n = n.parent;
  }
  return undefined;
}
