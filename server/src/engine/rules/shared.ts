/**
 * Helpers several rules share (the data a set of flows carries, the local file an upload names, the
 * path keys of a file in a command line). Rules never import each other: what two rules need lives
 * here or in a layer below (see ARCHITECTURE.md, "Who may import whom").
 */
import { ts } from "ts-morph";
import { unwrap } from "../ast/nodes";
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
