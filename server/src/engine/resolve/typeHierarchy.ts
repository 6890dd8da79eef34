/**
 * Interface and abstract-class dispatch, found syntactically: the workspace classes that implement
 * an interface or extend a class (through `implements`, `extends`, interfaces extending interfaces,
 * imports and re-exports), and the object literals declared with that type (`const h: Host = {…}`,
 * `{…} satisfies Host`). A value typed by an interface is then any of them, the way a call through
 * an interface-typed receiver dispatches to the implementations (CodeQL's class hierarchy, without
 * a type checker). Built once per workspace, on the first question.
 */
import { ts } from "ts-morph";
import { stringLiteralValue } from "../ast/nodes";
import { resolveIdentifier, resolveTypeName } from "../ast/scopes";
import { Workspace } from "../load/workspace";

export type TypeDeclaration = ts.InterfaceDeclaration | ts.ClassLikeDeclaration;

const MAX_HOPS = 6;
/** Past this many implementations a type is too generic to say anything by dispatch. */
const MAX_IMPLEMENTATIONS = 12;

export class TypeHierarchy {
  /** Direct subtypes (classes and interfaces) of each declaration. */
  private subtypes?: Map<TypeDeclaration, TypeDeclaration[]>;
  private implementationCache = new Map<TypeDeclaration, ts.ClassLikeDeclaration[]>();
  private literalCache = new Map<TypeDeclaration, ts.ObjectLiteralExpression[]>();
  private typedLiterals?: Map<string, Array<{ literal: ts.ObjectLiteralExpression; type: ts.TypeNode }>>;

  constructor(private readonly ws: Workspace) {}

  /** The interface or class a type name stands for, through imports and re-exports. */
  declarationOf(id: ts.Identifier): TypeDeclaration | undefined {
    const d = resolveTypeName(id) ?? resolveIdentifier(id);
    return d ? this.followDeclaration(d, 0) : undefined;
  }

  /** The interface or class an import (or a local declaration) names. */
  followDeclaration(d: ts.Node, hops: number): TypeDeclaration | undefined {
    if (ts.isInterfaceDeclaration(d) || ts.isClassDeclaration(d)) return d;
    if (hops > MAX_HOPS) return undefined;
    if (ts.isImportSpecifier(d)) {
      const spec = stringLiteralValue(d.parent.parent.parent.moduleSpecifier);
      const target = spec === undefined ? undefined : this.ws.resolveModule(d.getSourceFile(), spec);
      const name = (d.propertyName ?? d.name).text;
      return target ? this.exported(target, name, hops + 1) : undefined;
    }
    if (ts.isImportClause(d)) {
      const spec = stringLiteralValue(d.parent.moduleSpecifier);
      const target = spec === undefined ? undefined : this.ws.resolveModule(d.getSourceFile(), spec);
      return target ? this.exported(target, "default", hops + 1) : undefined;
    }
    return undefined;
  }

  /** A module's exported interface or class by name, through `export { X } from` and `export *`. */
  private exported(sf: ts.SourceFile, name: string, hops: number): TypeDeclaration | undefined {
    if (hops > MAX_HOPS) return undefined;
    for (const st of sf.statements) {
      if ((ts.isInterfaceDeclaration(st) || ts.isClassDeclaration(st)) && isExported(st)) {
        if (st.name?.text === name || (name === "default" && isDefaultExport(st))) return st;
        continue;
      }
      if (!ts.isExportDeclaration(st)) continue;
      const spec = st.moduleSpecifier ? stringLiteralValue(st.moduleSpecifier) : undefined;
      const target = spec !== undefined ? this.ws.resolveModule(sf, spec) : undefined;
      if (!st.exportClause) {
        const found =
          target && target !== sf && name !== "default" ? this.exported(target, name, hops + 1) : undefined;
        if (found) return found;
        continue;
      }
      if (!ts.isNamedExports(st.exportClause)) continue;
      for (const el of st.exportClause.elements) {
        if (el.name.text !== name) continue;
        const local = (el.propertyName ?? el.name).text;
        if (target) return this.exported(target, local, hops + 1);
        const localId = el.propertyName ?? el.name;
        const d = ts.isIdentifier(localId) ? resolveTypeName(localId) : undefined;
        if (d && d !== el) return this.followDeclaration(d, hops + 1);
      }
    }
    // `interface X {}` declared in the file and exported later by `export { X }` is found above;
    // a non-exported local declaration is not an export.
    return undefined;
  }

  /**
   * The concrete workspace classes that implement or extend `decl`, directly or through other
   * classes and interfaces; empty when there are none or too many to mean anything.
   */
  implementations(decl: TypeDeclaration): ts.ClassLikeDeclaration[] {
    const hit = this.implementationCache.get(decl);
    if (hit) return hit;
    const subtypes = this.subtypeIndex();
    const out: ts.ClassLikeDeclaration[] = [];
    const seen = new Set<TypeDeclaration>([decl]);
    const queue: TypeDeclaration[] = [decl];
    while (queue.length) {
      const cur = queue.shift()!;
      for (const sub of subtypes.get(cur) ?? []) {
        if (seen.has(sub)) continue;
        seen.add(sub);
        queue.push(sub);
        if (ts.isClassLike(sub) && !isAbstract(sub)) out.push(sub);
      }
    }
    const result = out.length > MAX_IMPLEMENTATIONS ? [] : out;
    this.implementationCache.set(decl, result);
    return result;
  }

  /**
   * Object literals declared with the type at the top level of a module: `const host: Host = {…}`,
   * `export default {…} satisfies Host`. (Literals inside functions are not looked for: finding them
   * would mean walking every file.)
   */
  literals(decl: TypeDeclaration): ts.ObjectLiteralExpression[] {
    const hit = this.literalCache.get(decl);
    if (hit) return hit;
    const name = decl.name?.text;
    const out: ts.ObjectLiteralExpression[] = [];
    if (name && ts.isInterfaceDeclaration(decl))
      for (const typed of this.typedLiteralIndex().get(name) ?? [])
        if (this.namesType(typed.type, decl)) out.push(typed.literal);
    const result = out.length > MAX_IMPLEMENTATIONS ? [] : out;
    this.literalCache.set(decl, result);
    return result;
  }

  /** Module-level object literals with a type annotation or `satisfies`/`as`, by the type's name. */
  private typedLiteralIndex(): Map<
    string,
    Array<{ literal: ts.ObjectLiteralExpression; type: ts.TypeNode }>
  > {
    if (this.typedLiterals) return this.typedLiterals;
    const map = new Map<string, Array<{ literal: ts.ObjectLiteralExpression; type: ts.TypeNode }>>();
    const add = (literal: ts.Expression, type: ts.TypeNode): void => {
      if (!ts.isObjectLiteralExpression(literal)) return;
      if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return;
      const list = map.get(type.typeName.text);
      if (list) list.push({ literal, type });
      else map.set(type.typeName.text, [{ literal, type }]);
    };
    const typedExpression = (e: ts.Expression): void => {
      if (ts.isSatisfiesExpression(e) || ts.isAsExpression(e)) add(skipParens(e.expression), e.type);
    };
    for (const sf of this.ws.files())
      for (const st of sf.statements) {
        if (ts.isVariableStatement(st)) {
          for (const d of st.declarationList.declarations) {
            const init = d.initializer ? skipParens(d.initializer) : undefined;
            if (!init) continue;
            if (d.type) add(init, d.type);
            else typedExpression(init);
          }
        } else if (ts.isExportAssignment(st)) typedExpression(skipParens(st.expression));
      }
    this.typedLiterals = map;
    return map;
  }

  /** Does the class implement or extend a workspace interface or abstract class (calls may dispatch to it)? */
  hasDispatchingSupertype(cls: ts.ClassLikeDeclaration): boolean {
    for (const h of cls.heritageClauses ?? [])
      for (const t of h.types) {
        const sup = ts.isIdentifier(t.expression) ? this.declarationOf(t.expression) : undefined;
        if (sup && (ts.isInterfaceDeclaration(sup) || isAbstract(sup))) return true;
      }
    return false;
  }

  private namesType(t: ts.TypeNode, decl: TypeDeclaration): boolean {
    if (!ts.isTypeReferenceNode(t) || !ts.isIdentifier(t.typeName)) return false;
    return this.declarationOf(t.typeName) === decl;
  }

  private subtypeIndex(): Map<TypeDeclaration, TypeDeclaration[]> {
    if (this.subtypes) return this.subtypes;
    const map = new Map<TypeDeclaration, TypeDeclaration[]>();
    for (const sf of this.ws.files()) {
      for (const st of sf.statements) {
        if (!(ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st)) || !st.heritageClauses) continue;
        for (const h of st.heritageClauses)
          for (const t of h.types) {
            const id = ts.isIdentifier(t.expression) ? t.expression : undefined;
            const sup = id ? this.declarationOf(id) : undefined;
            if (!sup || sup === st) continue;
            const list = map.get(sup);
            if (list) list.push(st);
            else map.set(sup, [st]);
          }
      }
    }
    this.subtypes = map;
    return map;
  }
}

function skipParens(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

function modifierKinds(n: ts.Node): ts.SyntaxKind[] {
  return (ts.canHaveModifiers(n) ? (ts.getModifiers(n) ?? []) : []).map((m) => m.kind);
}

function isExported(n: ts.Node): boolean {
  return modifierKinds(n).includes(ts.SyntaxKind.ExportKeyword);
}

function isDefaultExport(n: ts.Node): boolean {
  return modifierKinds(n).includes(ts.SyntaxKind.DefaultKeyword);
}

export function isAbstract(n: ts.Node): boolean {
  return modifierKinds(n).includes(ts.SyntaxKind.AbstractKeyword);
}
