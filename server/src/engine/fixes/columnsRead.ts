/**
 * The columns code reads from the rows a query returns, for the explicit-columns fix: `r.nom`,
 * `row["nir"]`, `const { nom } = row`, through `for…of`, `forEach`/`map`/`filter` callbacks, the
 * driver's wrappers (`result.rows`, `const [rows] = …`) and copies to other constants. When the rows
 * are used in a way that may read any column (passed whole to a call, returned, serialised, spread,
 * stored), the list is unknown: a fix built from it would drop columns the program needs.
 */
import { ts } from "ts-morph";
import { propertyNameText } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";

/** Array methods whose callback's first parameter (the accumulator's next one for reduce) is a row. */
const ROW_CALLBACKS = new Set([
  "forEach",
  "map",
  "flatMap",
  "filter",
  "find",
  "findLast",
  "findIndex",
  "findLastIndex",
  "some",
  "every",
  "reduce",
  "reduceRight",
  "sort",
  "toSorted",
]);
/** Array methods whose result holds rows of the same query. */
const SAME_ROWS = new Set([
  "filter",
  "find",
  "findLast",
  "slice",
  "sort",
  "toSorted",
  "reverse",
  "toReversed",
  "at",
  "shift",
  "pop",
]);
/** Members of an array or a driver result that are not columns and read none. */
const NOT_COLUMNS = new Set(["length", "rowCount", "affectedRows", "changes", "command", "fields"]);
/** Driver result members that hold the rows (`pg`'s `result.rows`). */
const ROW_HOLDERS = new Set(["rows", "recordset"]);

/** Column names read from the value of `result`, in order of first use; undefined when not known. */
export function columnsReadFrom(result: ts.Node): string[] | undefined {
  const reader = new ColumnReader();
  reader.value(result, 0);
  return reader.unknown ? undefined : [...reader.columns];
}

class ColumnReader {
  readonly columns = new Set<string>();
  unknown = false;
  private seen = new Set<ts.Node>();

  /** `expr` evaluates to the rows (or one row, or the driver's result holding them). */
  value(expr: ts.Node, depth: number): void {
    if (this.unknown) return;
    if (depth > 8) {
      this.unknown = true;
      return;
    }
    const p = expr.parent;
    if (!p) return;
    if (
      ts.isAwaitExpression(p) ||
      ts.isParenthesizedExpression(p) ||
      ts.isAsExpression(p) ||
      ts.isNonNullExpression(p) ||
      ts.isTypeAssertionExpression(p) ||
      ts.isSatisfiesExpression(p)
    )
      return this.value(p, depth);
    if (ts.isExpressionStatement(p) || ts.isVoidExpression(p)) return; // result unused
    if (ts.isVariableDeclaration(p) && p.initializer === expr) return this.binding(p.name, p, depth);
    if (ts.isPropertyAccessExpression(p) && p.expression === expr) return this.member(p, p.name.text, depth);
    if (ts.isElementAccessExpression(p) && p.expression === expr) {
      const key = p.argumentExpression;
      if (ts.isNumericLiteral(key)) return this.value(p, depth + 1);
      if (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key))
        return this.member(p, key.text, depth);
      this.unknown = true;
      return;
    }
    if (ts.isForOfStatement(p) && p.expression === expr) {
      const init = p.initializer;
      if (ts.isVariableDeclarationList(init) && init.declarations.length === 1)
        return this.binding(init.declarations[0].name, init.declarations[0], depth + 1);
      this.unknown = true;
      return;
    }
    // Tests of presence read no column.
    if (ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken) return;
    if ((ts.isIfStatement(p) || ts.isWhileStatement(p)) && p.expression === expr) return;
    if (ts.isBinaryExpression(p) && isEquality(p.operatorToken.kind)) return;
    this.unknown = true;
  }

  /** `holder.name` (or `holder["name"]`), where `holder` is the rows, a row or the driver's result. */
  private member(access: ts.Expression, name: string, depth: number): void {
    if (NOT_COLUMNS.has(name)) return;
    if (ROW_HOLDERS.has(name)) return this.value(access, depth + 1);
    const call = access.parent;
    if (ts.isCallExpression(call) && call.expression === access && ROW_CALLBACKS.has(name)) {
      const reduce = name === "reduce" || name === "reduceRight";
      const sort = name === "sort" || name === "toSorted";
      const callback = call.arguments[0];
      if (callback) {
        if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) {
          this.unknown = true;
          return;
        }
        const params = sort ? callback.parameters : [callback.parameters[reduce ? 1 : 0]].filter(Boolean);
        for (const param of params) this.binding(param.name, param, depth + 1);
      }
      if (SAME_ROWS.has(name)) this.value(call, depth + 1);
      return;
    }
    if (ts.isCallExpression(call) && call.expression === access && SAME_ROWS.has(name)) {
      this.value(call, depth + 1);
      return;
    }
    if (ts.isCallExpression(call) && call.expression === access) {
      // Some other method of the rows (`rows.concat(x)`, `row.toJSON()`): may read anything.
      this.unknown = true;
      return;
    }
    this.columns.add(name);
  }

  /** A name bound to the value: follow its uses; destructuring reads the columns it names. */
  private binding(name: ts.BindingName, declaration: ts.Node, depth: number): void {
    if (ts.isIdentifier(name)) return this.references(name, declaration, depth);
    if (ts.isArrayBindingPattern(name)) {
      for (const element of name.elements) {
        if (ts.isOmittedExpression(element)) continue;
        if (element.dotDotDotToken) {
          this.unknown = true;
          return;
        }
        this.binding(element.name, element, depth + 1);
      }
      return;
    }
    for (const element of name.elements) {
      if (element.dotDotDotToken) {
        this.unknown = true;
        return;
      }
      const key = element.propertyName
        ? propertyNameText(element.propertyName)
        : ts.isIdentifier(element.name)
          ? element.name.text
          : undefined;
      if (key === undefined) {
        this.unknown = true;
        return;
      }
      if (ROW_HOLDERS.has(key)) this.binding(element.name, element, depth + 1);
      else if (!NOT_COLUMNS.has(key)) this.columns.add(key);
    }
  }

  /** Every use of the identifier declared by `declaration`, in the scope that declares it. */
  private references(id: ts.Identifier, declaration: ts.Node, depth: number): void {
    if (this.seen.has(declaration)) return;
    this.seen.add(declaration);
    let scope: ts.Node = declaration;
    while (scope.parent && !ts.isSourceFile(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
    // A module-level binding may be used by any other module: exported, it is unknown.
    if (ts.isSourceFile(scope) && isExported(declaration)) {
      this.unknown = true;
      return;
    }
    const visit = (n: ts.Node): void => {
      if (this.unknown) return;
      if (ts.isIdentifier(n) && n !== id && n.text === id.text && resolveIdentifier(n) === declaration) {
        // A shorthand property (`{ rows }`) hands the whole value on.
        if (ts.isShorthandPropertyAssignment(n.parent)) this.unknown = true;
        else this.value(n, depth + 1);
        return;
      }
      ts.forEachChild(n, visit);
    };
    visit(scope);
  }
}

function isEquality(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsEqualsToken ||
    kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsEqualsToken
  );
}

function isExported(declaration: ts.Node): boolean {
  let n: ts.Node | undefined = declaration;
  while (n && !ts.isVariableStatement(n)) n = n.parent;
  return !!n && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}
