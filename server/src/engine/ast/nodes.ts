/**
 * Small helpers over raw compiler nodes. The whole-workspace pass walks compiler nodes,
 * not ts-morph wrappers (see ../shared/PERF-FACTS.md: wrappers cost 6x in bulk).
 */
import { ts } from "ts-morph";

/** Strips syntax that does not change the runtime value: parens, casts, `!`, `await`, `satisfies`. */
export function unwrap(e: ts.Expression): ts.Expression {
  for (;;) {
    if (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isNonNullExpression(e) ||
      ts.isTypeAssertionExpression(e) ||
      ts.isSatisfiesExpression(e) ||
      ts.isAwaitExpression(e)
    ) {
      e = e.expression;
    } else {
      return e;
    }
  }
}

/** The literal text of a string-ish literal, or undefined. */
/**
 * The outermost node that still stands for the value of `e`: climbs out of parentheses, `as`,
 * `await` and `!` (the reverse of `unwrap`, for asking where a value is used).
 */
export function outermostValueWrapper(e: ts.Node): ts.Node {
  let cur = e;
  while (
    cur.parent &&
    (ts.isParenthesizedExpression(cur.parent) ||
      ts.isAsExpression(cur.parent) ||
      ts.isAwaitExpression(cur.parent) ||
      ts.isNonNullExpression(cur.parent))
  )
    cur = cur.parent;
  return cur;
}

export function stringLiteralValue(e: ts.Node): string | undefined {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  return undefined;
}

/** Name of a property name node when it is static. */
export function propertyNameText(n: ts.PropertyName | ts.MemberName | undefined): string | undefined {
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) return n.text;
  if (ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isComputedPropertyName(n)) {
    const s = stringLiteralValue(n.expression);
    return s;
  }
  return undefined;
}

/** For `a.b` or `a["b"]`, the member name. */
export function accessedName(e: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e)) return stringLiteralValue(e.argumentExpression);
  return undefined;
}

export function isAccess(e: ts.Node): e is ts.PropertyAccessExpression | ts.ElementAccessExpression {
  return ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e);
}

/** The name a call is known by in messages: `writeFileSync`, `client.uploadFrom`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression): string {
  const callee = ts.isTaggedTemplateExpression(call) ? call.tag : call.expression;
  const e = unwrap(callee);
  if (ts.isIdentifier(e)) return e.text;
  const name = accessedName(e);
  if (name !== undefined) return name;
  return safeText(e);
}

export function safeText(n: ts.Node): string {
  try {
    const t = n.getText();
    return t.length > 80 ? t.slice(0, 77) + "..." : t;
  } catch {
    // expected: a synthesized node has no source text to show
    return "<expr>";
  }
}

export function isFunctionLike(n: ts.Node): n is ts.SignatureDeclaration & { body?: ts.Node } {
  return (
    ts.isFunctionDeclaration(n) ||
    ts.isFunctionExpression(n) ||
    ts.isArrowFunction(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isConstructorDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n)
  );
}

/** Nearest enclosing function-like node (or the source file). */
export function enclosingFunction(n: ts.Node): ts.Node {
  let p = n.parent;
  while (p && !isFunctionLike(p) && !ts.isSourceFile(p)) p = p.parent;
  return p ?? n.getSourceFile();
}

/** Pre-order walk over compiler nodes; return false from `visit` to skip children. */
export function walk(root: ts.Node, visit: (n: ts.Node) => boolean | void): void {
  const rec = (n: ts.Node): void => {
    if (visit(n) === false) return;
    ts.forEachChild(n, rec);
  };
  rec(root);
}

const returnsCache = new WeakMap<ts.Node, ts.Expression[]>();

/** Every `return` (and, in generators, `yield`) expression of a function body, or the arrow's expression body. */
export function returnExpressions(fn: ts.Node & { body?: ts.Node }): ts.Expression[] {
  const body = fn.body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body as ts.Expression];
  const hit = returnsCache.get(fn);
  if (hit) return hit;
  const out: ts.Expression[] = [];
  if ((fn as { asteriskToken?: ts.Node }).asteriskToken) {
    // Generators: `yield` can sit anywhere in an expression.
    const rec = (n: ts.Node): void => {
      if (isFunctionLike(n) || ts.isClassLike(n)) return;
      if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
      if (ts.isYieldExpression(n) && n.expression) out.push(n.expression);
      ts.forEachChild(n, rec);
    };
    ts.forEachChild(body, rec);
  } else {
    // `return` is a statement: walk statements only, not into expressions.
    const rec = (n: ts.Node | undefined): void => {
      if (!n) return;
      switch (n.kind) {
        case ts.SyntaxKind.ReturnStatement: {
          const e = (n as ts.ReturnStatement).expression;
          if (e) out.push(e);
          return;
        }
        case ts.SyntaxKind.Block:
          (n as ts.Block).statements.forEach(rec);
          return;
        case ts.SyntaxKind.IfStatement:
          rec((n as ts.IfStatement).thenStatement);
          rec((n as ts.IfStatement).elseStatement);
          return;
        case ts.SyntaxKind.ForStatement:
        case ts.SyntaxKind.ForInStatement:
        case ts.SyntaxKind.ForOfStatement:
        case ts.SyntaxKind.WhileStatement:
        case ts.SyntaxKind.DoStatement:
        case ts.SyntaxKind.LabeledStatement:
        case ts.SyntaxKind.WithStatement:
          rec((n as ts.IterationStatement | ts.LabeledStatement | ts.WithStatement).statement);
          return;
        case ts.SyntaxKind.TryStatement:
          rec((n as ts.TryStatement).tryBlock);
          rec((n as ts.TryStatement).catchClause?.block);
          rec((n as ts.TryStatement).finallyBlock);
          return;
        case ts.SyntaxKind.SwitchStatement:
          for (const c of (n as ts.SwitchStatement).caseBlock.clauses) c.statements.forEach(rec);
          return;
      }
    };
    body.statements.forEach(rec);
  }
  returnsCache.set(fn, out);
  return out;
}

/** Walks up through `a.b.c(...).d` chains: returns the outermost expression of a call/member chain. */
export function outermostChain(e: ts.Expression): ts.Expression {
  let cur: ts.Expression = e;
  for (;;) {
    const p = cur.parent;
    if (!p) return cur;
    if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === cur) {
      cur = p;
      continue;
    }
    if (ts.isCallExpression(p) && p.expression === cur) {
      cur = p;
      continue;
    }
    if (ts.isNonNullExpression(p) || ts.isParenthesizedExpression(p)) {
      cur = p;
      continue;
    }
    return cur;
  }
}

/** Line (0-based) of a node's start. */
export function startLine(n: ts.Node): number {
  const sf = n.getSourceFile();
  return sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
}

/** True when `inner` lies within `outer`'s text range. */
export function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && outer.getSourceFile() === inner.getSourceFile();
}

/** Tokens of an identifier or a file-ish name: split on case, digits, separators; accents removed. */
export function tokenize(name: string): string[] {
  const plain = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  return plain
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}
