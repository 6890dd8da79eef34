/**
 * Which top-level statements of a module can export a given name, computed once per SourceFile.
 * `Resolver.exportValues` used to walk every statement of a module for each name asked, and large
 * barrels and config modules are asked for many names. The table keeps statement order, so the
 * values found are the same, in the same order, as the full walk's.
 */
import { ts } from "ts-morph";

export interface ExportTable {
  /** Statements that may export any name: `export =`, `export default e`, `export * from`. */
  anyName: number[];
  /** Statements that export this name: declarations, `export { a as name }`, default functions/classes. */
  byName: Map<string, number[]>;
}

const tables = new WeakMap<ts.SourceFile, ExportTable>();

export function exportTable(sf: ts.SourceFile): ExportTable {
  let table = tables.get(sf);
  if (!table) {
    table = build(sf);
    tables.set(sf, table);
  }
  return table;
}

/** Indexes of the statements to look at for `name`, in source order. */
export function exportStatementsFor(sf: ts.SourceFile, name: string): number[] {
  const table = exportTable(sf);
  const named = table.byName.get(name);
  if (!named) return table.anyName;
  return [...table.anyName, ...named].sort((a, b) => a - b);
}

function build(sf: ts.SourceFile): ExportTable {
  const table: ExportTable = { anyName: [], byName: new Map() };
  const add = (name: string, index: number): void => {
    const list = table.byName.get(name);
    if (!list) table.byName.set(name, [index]);
    else if (list[list.length - 1] !== index) list.push(index);
  };
  sf.statements.forEach((st, index) => {
    if (ts.isExportAssignment(st)) {
      table.anyName.push(index);
      return;
    }
    if (ts.isExportDeclaration(st)) {
      if (!st.exportClause) table.anyName.push(index);
      else if (ts.isNamedExports(st.exportClause))
        for (const element of st.exportClause.elements) add(element.name.text, index);
      return;
    }
    const modifiers = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
    if (!modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) add(d.name.text, index);
    } else if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) {
      if (isDefault) add("default", index);
      if (st.name) add(st.name.text, index);
    }
  });
  return table;
}
