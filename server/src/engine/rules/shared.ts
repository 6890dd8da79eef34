/**
 * Helpers several rules share (the data a set of flows carries, the local file an upload names, the
 * path keys of a file in a command line). Rules never import each other: what two rules need lives
 * here or in a layer below (see ARCHITECTURE.md, "Who may import whom").
 */
import { ts } from "ts-morph";
import { isFunctionLike, returnExpressions, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { wordKeys } from "../commands/commandFacts";
import type { Word } from "../commands/shellWords";
import { Flow } from "../flow/taint";
import { argumentAt } from "../models/arguments";
import { PathArgModel } from "../models/models";
import { RuleContext } from "./context";
import { pathKeys } from "./facts";

/** The kinds of personal data a set of flows carries, for a message. */
export function describeFlows(flows: Flow[]): string {
  const seen: string[] = [];
  for (const f of flows)
    if (f.origin.kind === "src" && !seen.includes(f.origin.src.atRisk)) seen.push(f.origin.src.atRisk);
  return seen.join("; ");
}

/** A call to a local function whose every return is a string (literal, template, concatenation, path.*). */
function returnsPath(ctx: RuleContext, call: ts.CallExpression): boolean {
  for (const v of ctx.r.values(call.expression)) {
    if (v.kind !== "node" || !ts.isFunctionLike(v.node)) continue;
    const vals = ctx.r.values(call);
    return (
      vals.length > 0 &&
      vals.every(
        (x) =>
          (x.kind === "node" &&
            (ts.isStringLiteral(x.node) ||
              ts.isNoSubstitutionTemplateLiteral(x.node) ||
              ts.isTemplateExpression(x.node) ||
              (ts.isBinaryExpression(x.node) && x.node.operatorToken.kind === ts.SyntaxKind.PlusToken))) ||
          (x.kind === "api" && x.ref.module === "path"),
      )
    );
  }
  return false;
}

/** The local file path an upload argument names: a path, or the path of `fs.createReadStream(path)`. */
export function localPathOf(ctx: RuleContext, arg: ts.Expression): ts.Expression | undefined {
  const u = unwrap(arg);
  if (ts.isCallExpression(u)) {
    for (const ref of ctx.r.apis(u)) {
      const m = ctx.models.match<PathArgModel>("reads", ref)[0];
      if (m) return argumentAt(ctx.r, u, m.pathArg ?? 0);
    }
    // path.join(...) and friends are paths; so is a local helper that returns a string.
    const c = unwrap(u.expression);
    if (ts.isPropertyAccessExpression(c) && /^(join|resolve|normalize|format)$/.test(c.name.text)) return u;
    if (returnsPath(ctx, u)) return u;
    return undefined;
  }
  if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u) || ts.isTemplateExpression(u)) return u;
  if (ts.isIdentifier(u) || ts.isPropertyAccessExpression(u)) {
    // A variable: a path when it is not data (no personal-data flow) and not a stream/buffer we can see.
    for (const v of ctx.r.values(u)) {
      if (v.kind === "node" && ts.isCallExpression(v.node)) {
        const inner = localPathOf(ctx, v.node);
        if (inner) return inner;
        return undefined;
      }
    }
    return u;
  }
  return undefined;
}

/** Path keys of a file named in a command line (a single expression takes its callers' keys too). */
export function commandWordKeys(ctx: RuleContext, w: Word): string[] {
  const only = w.parts.length === 1 && "expr" in w.parts[0] ? w.parts[0].expr : undefined;
  return only ? pathKeys(ctx.r, only) : wordKeys(ctx.r, w);
}

/**
 * An expression that starts with the MLLP start block (0x0b): `VT + msg + FS + CR`, a template
 * `\x0b${msg}\x1c\r`, through constants (`const VT = String.fromCharCode(0x0b)`) and local
 * functions that return such a frame (`frame(msg)`).
 */
export function startsWithMllpBlock(ctx: RuleContext, e: ts.Expression, depth = 0): boolean {
  const u = unwrap(e);
  if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return startsWithMllpBlock(ctx, u.left, depth);
  if (ts.isTemplateExpression(u))
    return (
      u.head.text.startsWith("\u000b") ||
      (!u.head.text && startsWithMllpBlock(ctx, u.templateSpans[0].expression, depth))
    );
  if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) return u.text.startsWith("\u000b");
  if (ts.isCallExpression(u)) {
    const c = unwrap(u.expression);
    const arg = u.arguments[0] && unwrap(u.arguments[0]);
    if (ts.isPropertyAccessExpression(c) && c.name.text === "fromCharCode")
      return (
        ts.isIdentifier(c.expression) &&
        c.expression.text === "String" &&
        !!arg &&
        ts.isNumericLiteral(arg) &&
        Number(arg.text) === 0x0b
      );
    if (depth >= 3) return false;
    for (const v of ctx.r.values(u.expression)) {
      if (v.kind !== "node" || !isFunctionLike(v.node)) continue;
      const rets = returnExpressions(v.node);
      if (rets.length && rets.every((r) => startsWithMllpBlock(ctx, r, depth + 1))) return true;
    }
    return false;
  }
  if (ts.isIdentifier(u) && depth < 3) {
    const d = resolveIdentifier(u);
    if (
      d &&
      ts.isVariableDeclaration(d) &&
      d.initializer &&
      ts.isVariableDeclarationList(d.parent) &&
      (d.parent.flags & ts.NodeFlags.Const) !== 0
    )
      return startsWithMllpBlock(ctx, d.initializer, depth + 1);
  }
  return false;
}
