/**
 * Code as the reports show it: identifiers and structure, with every string, template and number
 * literal elided (`join(OUT, "…")`). The tool reports code, never the values in it.
 */
import { ts } from "ts-morph";

export function codeShape(n: ts.Node, max = 60): string {
  const sf = n.getSourceFile();
  const start = n.getStart(sf);
  const parts: string[] = [];
  let pos = start;
  const visit = (x: ts.Node): void => {
    if (
      ts.isStringLiteral(x) ||
      ts.isNoSubstitutionTemplateLiteral(x) ||
      ts.isNumericLiteral(x) ||
      ts.isTemplateExpression(x) ||
      ts.isRegularExpressionLiteral(x)
    ) {
      const s = x.getStart(sf);
      parts.push(sf.text.slice(pos, s), ts.isNumericLiteral(x) ? "…" : '"…"');
      pos = x.getEnd();
      return;
    }
    ts.forEachChild(x, visit);
  };
  if (
    ts.isStringLiteral(n) ||
    ts.isNoSubstitutionTemplateLiteral(n) ||
    ts.isTemplateExpression(n) ||
    ts.isNumericLiteral(n)
  )
    return "a path written in the code";
  ts.forEachChild(n, visit);
  parts.push(sf.text.slice(pos, n.getEnd()));
  const text = parts.join("").replace(/\s+/g, " ").trim();
  return "`" + (text.length > max ? text.slice(0, max - 1) + "…" : text) + "`";
}
