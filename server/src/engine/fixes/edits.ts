/**
 * Text-edit plumbing shared by every fix: where imports end, which module style a file uses,
 * indentation, and applying offset edits to a text (used by `--fix` and by tests).
 */
import { ts } from "ts-morph";
import { unwrap } from "../ast/nodes";
import { declaredAtTopLevel, resolveIdentifier } from "../ast/scopes";

export interface TextEditAt {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  ruleId: string;
  /** Safe fixes are applied by `--fix` and fix-on-save; the others only when the user picks them. */
  safe: boolean;
  edits: TextEditAt[];
  /** Text inside the edits that the user should replace (a suppression's reason): editors select it. */
  placeholder?: string;
}

export function isTypeScript(sf: ts.SourceFile): boolean {
  return /\.[cm]?tsx?$/.test(sf.fileName);
}

export function moduleStyle(sf: ts.SourceFile): "esm" | "cjs" {
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) || ts.isExportDeclaration(st) || ts.isExportAssignment(st)) return "esm";
    const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
    if (mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return "esm";
  }
  if (/\.mjs$|\.mts$/.test(sf.fileName)) return "esm";
  if (/\brequire\s*\(|\bmodule\.exports\b/.test(sf.text)) return "cjs";
  return isTypeScript(sf) ? "esm" : "cjs";
}

export function eol(sf: ts.SourceFile): string {
  return sf.text.includes("\r\n") ? "\r\n" : "\n";
}

/** Leading whitespace of the line holding `pos`. */
export function indentAt(sf: ts.SourceFile, pos: number): string {
  const lineStart = sf.text.lastIndexOf("\n", pos - 1) + 1;
  const m = /^[ \t]*/.exec(sf.text.slice(lineStart));
  return m ? m[0] : "";
}

export function indentUnit(sf: ts.SourceFile): string {
  const m = /\n( +|\t)\S/.exec(sf.text);
  if (!m) return "  ";
  return m[1] === "\t" ? "\t" : m[1].length >= 4 ? "    " : "  ";
}

function isRequireStatement(st: ts.Statement): boolean {
  if (!ts.isVariableStatement(st)) return false;
  return st.declarationList.declarations.every((d) => {
    const init = d.initializer && unwrap(d.initializer);
    if (!init || !ts.isCallExpression(init)) return false;
    let c: ts.Expression = init;
    while (ts.isCallExpression(c) && !(ts.isIdentifier(c.expression) && c.expression.text === "require")) {
      c = c.expression;
      if (ts.isPropertyAccessExpression(c)) c = c.expression;
    }
    return ts.isCallExpression(c) && ts.isIdentifier(c.expression) && c.expression.text === "require";
  });
}

/** Offset right after the leading imports/requires (where new imports and helpers go). */
export function afterImports(sf: ts.SourceFile): number {
  let pos = -1;
  for (const st of sf.statements) {
    if (
      ts.isImportDeclaration(st) ||
      ts.isImportEqualsDeclaration(st) ||
      isRequireStatement(st) ||
      (ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression))
    ) {
      pos = st.getEnd();
      continue;
    }
    break;
  }
  return pos;
}

/** An insertion at the top of the module (after imports), as its own line(s). */
export function topInsertion(sf: ts.SourceFile, text: string): TextEditAt {
  const nl = eol(sf);
  const after = afterImports(sf);
  if (after >= 0) return { file: sf.fileName, start: after, end: after, newText: nl + text };
  const first = sf.statements[0];
  const at = first ? first.getStart(sf) : sf.text.length;
  return { file: sf.fileName, start: at, end: at, newText: text + nl + (first ? nl : "") };
}

/** Is a top-level name free in this file (no declaration or import uses it)? */
export function nameIsFree(sf: ts.SourceFile, name: string): boolean {
  if (declaredAtTopLevel(sf, name)) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return !new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`).test(sf.text);
}

/** A name for a new top-level binding: `base`, or `base2`, `base3`… if taken. */
export function freeName(sf: ts.SourceFile, base: string): string {
  if (nameIsFree(sf, base)) return base;
  for (let i = 2; ; i++) if (nameIsFree(sf, base + i)) return base + i;
}

/** Is the statement an `import … from "<one of modules>"`? */
function importsOneOf(st: ts.Statement, modules: string[]): st is ts.ImportDeclaration {
  return (
    ts.isImportDeclaration(st) &&
    ts.isStringLiteral(st.moduleSpecifier) &&
    modules.includes(st.moduleSpecifier.text)
  );
}

/** Is `e` a CommonJS `require("<one of modules>")`? */
function requiresOneOf(e: ts.Expression | undefined, modules: string[]): boolean {
  const call = e && unwrap(e);
  if (!call || !ts.isCallExpression(call)) return false;
  const [specifier] = call.arguments;
  return (
    ts.isIdentifier(call.expression) &&
    call.expression.text === "require" &&
    !!specifier &&
    ts.isStringLiteral(specifier) &&
    modules.includes(specifier.text)
  );
}

/** Binding names in this file for a module (namespace, default, CommonJS require). */
export function moduleBinding(sf: ts.SourceFile, modules: string[]): string | undefined {
  for (const st of sf.statements) {
    if (importsOneOf(st, modules)) {
      const c = st.importClause;
      if (c?.namedBindings && ts.isNamespaceImport(c.namedBindings)) return c.namedBindings.name.text;
      if (c?.name) return c.name.text;
    }
    if (ts.isVariableStatement(st))
      for (const d of st.declarationList.declarations)
        if (ts.isIdentifier(d.name) && requiresOneOf(d.initializer, modules)) return d.name.text;
  }
  return undefined;
}

/**
 * The local name of a named export of a module the file already imports:
 * `import { rmSync as rm } from "fs"` or `const { rmSync } = require("fs")`.
 */
export function namedBinding(sf: ts.SourceFile, modules: string[], exported: string): string | undefined {
  for (const st of sf.statements) {
    if (importsOneOf(st, modules) && !st.importClause?.isTypeOnly) {
      const named = st.importClause?.namedBindings;
      if (named && ts.isNamedImports(named))
        for (const el of named.elements)
          if (!el.isTypeOnly && (el.propertyName ?? el.name).text === exported) return el.name.text;
    }
    if (ts.isVariableStatement(st))
      for (const d of st.declarationList.declarations) {
        if (ts.isObjectBindingPattern(d.name) && requiresOneOf(d.initializer, modules))
          for (const el of d.name.elements) {
            const key = el.propertyName ?? el.name;
            if (
              !el.dotDotDotToken &&
              ts.isIdentifier(key) &&
              key.text === exported &&
              ts.isIdentifier(el.name)
            )
              return el.name.text;
          }
      }
  }
  return undefined;
}

/**
 * An edit adding `exported` to the file's existing named import of one of `modules`
 * (`import { a } from "fs"` becomes `import { a, rmSync } from "fs"`), with the local name
 * it gets; undefined when the file has no such import to extend.
 */
export function extendNamedImport(
  sf: ts.SourceFile,
  modules: string[],
  exported: string,
): { edit: TextEditAt; local: string } | undefined {
  for (const st of sf.statements) {
    if (!importsOneOf(st, modules) || st.importClause?.isTypeOnly) continue;
    const named = st.importClause?.namedBindings;
    if (!named || !ts.isNamedImports(named) || named.elements.length === 0) continue;
    const local = freeName(sf, exported);
    const spec = local === exported ? exported : `${exported} as ${local}`;
    const last = named.elements[named.elements.length - 1];
    return {
      edit: { file: sf.fileName, start: last.getEnd(), end: last.getEnd(), newText: `, ${spec}` },
      local,
    };
  }
  return undefined;
}

/** `import * as x from "m"` or `const x = require("m")`, as fits the file. */
export function importLine(sf: ts.SourceFile, name: string, module: string): string {
  return moduleStyle(sf) === "esm"
    ? `import * as ${name} from "${module}";`
    : `const ${name} = require("${module}");`;
}

/** Apply offset edits to a text (edits must not overlap); later edits first. */
export function applyEdits(
  text: string,
  edits: Array<{ start: number; end: number; newText: string }>,
): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Infinity;
  for (const e of sorted) {
    if (e.end > lastStart) throw new Error("overlapping edits");
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    lastStart = e.start;
  }
  return out;
}

/** The node that spans exactly [start, end), outermost first. */
export function nodeAt(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (n.getStart(sf) === start && n.getEnd() === end && n !== sf) {
      found = n;
      return;
    }
    if (n.pos <= start && n.end >= end) ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

export function isAsyncContext(n: ts.Node): boolean {
  for (let p: ts.Node | undefined = n.parent; p; p = p.parent) {
    if (ts.isFunctionLike(p)) {
      const mods = ts.canHaveModifiers(p) ? ts.getModifiers(p) : undefined;
      return !!mods?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
    }
    if (ts.isSourceFile(p)) return false;
  }
  return false;
}

/** `process.env.NAME`, keeping a name in the env var convention. */
export function envExpr(name: string): string {
  return `process.env.${name.replace(/[^A-Z0-9_]/gi, "_").toUpperCase()}`;
}

export function resolvesTo(id: ts.Identifier, decl: ts.Node): boolean {
  return resolveIdentifier(id) === decl;
}
