/**
 * The stages of a stream pipeline call (`pipeline(a, b, c)`, `pipeline([a, b, c])`, and an array
 * built with `push` before it is handed over: `const s = [src]; s.push(gunzip); pipeline(s)`).
 * Syntactic: which call is a pipeline is the models' business (`pipelines`).
 */
import { ts } from "ts-morph";
import { isFunctionLike, outermostValueWrapper, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { fileIndex } from "./fileIndex";

/** The stages written in the call itself (an array literal as the only argument is its stages). */
export function pipelineStages(call: ts.CallExpression): ts.Expression[] {
  const args = [...call.arguments];
  if (args.length === 1 && ts.isArrayLiteralExpression(unwrap(args[0])))
    return [...(unwrap(args[0]) as ts.ArrayLiteralExpression).elements];
  // A trailing callback is not a stage.
  if (args.length && isFunctionLike(unwrap(args[args.length - 1])) && args.length > 2) {
    const last = unwrap(args[args.length - 1]);
    if (isFunctionLike(last) && !(last as ts.FunctionLikeDeclaration).asteriskToken) args.pop();
  }
  return args;
}

/**
 * The stages, also when the only argument is a variable holding an array: its initializer's
 * elements, then what `push` adds to it, in the order they appear in the code (branches that
 * push one stage or another contribute both, in order).
 */
export function resolvedPipelineStages(call: ts.CallExpression): ts.Expression[] {
  const stages = pipelineStages(call);
  if (stages.length !== 1) return stages;
  const arg = unwrap(stages[0]);
  if (!ts.isIdentifier(arg)) return stages;
  const d = resolveIdentifier(arg);
  if (!d || !ts.isVariableDeclaration(d)) return stages;
  const init = d.initializer && unwrap(d.initializer);
  if (!init || !ts.isArrayLiteralExpression(init)) return stages;
  const out: ts.Expression[] = [...init.elements];
  const pushes = (fileIndex(d.getSourceFile()).mutations.get(d) ?? [])
    .filter((c) => {
      const ce = unwrap(c.expression);
      return ts.isPropertyAccessExpression(ce) && ce.name.text === "push" && c.getStart() < call.getStart();
    })
    .sort((a, b) => a.getStart() - b.getStart());
  for (const p of pushes) out.push(...p.arguments);
  return out;
}

/**
 * The elements an array expression holds: an array literal's elements, or a variable's array
 * initializer with what `push` adds to it anywhere in its file (`let t = [console]; t.push(file)`).
 * Spreads are left out. Anything else is the expression itself.
 */
export function arrayElements(e: ts.Expression): ts.Expression[] {
  let u = unwrap(e);
  let decl: ts.VariableDeclaration | undefined;
  if (ts.isIdentifier(u)) {
    const d = resolveIdentifier(u);
    if (d && ts.isVariableDeclaration(d) && d.initializer) {
      decl = d;
      u = unwrap(d.initializer);
    }
  } else if (ts.isArrayLiteralExpression(u) && ts.isVariableDeclaration(u.parent) && u.parent.initializer) {
    decl = u.parent;
  }
  if (!ts.isArrayLiteralExpression(u)) return [e];
  const out = u.elements.filter((x) => !ts.isSpreadElement(x));
  if (decl)
    for (const c of fileIndex(decl.getSourceFile()).mutations.get(decl) ?? []) {
      const ce = unwrap(c.expression);
      if (ts.isPropertyAccessExpression(ce) && /^(push|unshift)$/.test(ce.name.text))
        out.push(...c.arguments.filter((x) => !ts.isSpreadElement(x)));
    }
  return out;
}

/** The pipeline call an expression is a stage of, with its index among the stages, when it is one. */
export function stageOf(
  e: ts.Expression,
  isPipeline: (call: ts.CallExpression) => boolean,
): { call: ts.CallExpression; index: number; stages: ts.Expression[] } | undefined {
  const cur: ts.Node = outermostValueWrapper(e);
  const p = cur.parent;
  if (!p) return undefined;
  // pipeline(a, e, c)
  if (ts.isCallExpression(p) && p.arguments.includes(cur as ts.Expression) && isPipeline(p)) {
    const stages = pipelineStages(p);
    const index = stages.indexOf(cur as ts.Expression);
    return index >= 0 ? { call: p, index, stages } : undefined;
  }
  // pipeline([a, e, c])
  if (ts.isArrayLiteralExpression(p)) {
    const host = p.parent;
    if (host && ts.isCallExpression(host) && host.arguments.length === 1 && unwrap(host.arguments[0]) === p) {
      if (!isPipeline(host)) return undefined;
      const stages = [...p.elements];
      return { call: host, index: stages.indexOf(cur as ts.Expression), stages };
    }
    // const streams = [a, e]; … pipeline(streams)
    if (host && ts.isVariableDeclaration(host) && host.initializer && unwrap(host.initializer) === p)
      return stageOfArrayVariable(host, cur as ts.Expression, isPipeline);
    return undefined;
  }
  // streams.push(e); … pipeline(streams)
  if (ts.isCallExpression(p) && p.arguments.includes(cur as ts.Expression)) {
    const ce = unwrap(p.expression);
    if (!ts.isPropertyAccessExpression(ce) || ce.name.text !== "push") return undefined;
    const root = unwrap(ce.expression);
    const d = ts.isIdentifier(root) ? resolveIdentifier(root) : undefined;
    if (!d || !ts.isVariableDeclaration(d)) return undefined;
    return stageOfArrayVariable(d, cur as ts.Expression, isPipeline);
  }
  return undefined;
}

function stageOfArrayVariable(
  d: ts.VariableDeclaration,
  e: ts.Expression,
  isPipeline: (call: ts.CallExpression) => boolean,
): { call: ts.CallExpression; index: number; stages: ts.Expression[] } | undefined {
  for (const use of fileIndex(d.getSourceFile()).argUses.get(d) ?? []) {
    const c = use.call;
    if (!ts.isCallExpression(c) || c.arguments.length !== 1 || use.index !== 0) continue;
    const a = unwrap(c.arguments[0]);
    if (!ts.isIdentifier(a) || !isPipeline(c)) continue;
    const stages = resolvedPipelineStages(c);
    const index = stages.indexOf(e);
    if (index >= 0) return { call: c, index, stages };
  }
  return undefined;
}
