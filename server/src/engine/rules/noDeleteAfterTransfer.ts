/**
 * no-delete-after-transfer: a local file the code writes and then transfers, and does not remove
 * on every path afterwards (citation: rules/no-delete-after-transfer/meta.json).
 * "Every path" means the removal runs whether the transfer succeeds or throws: a `finally` block
 * (or `.finally()`) around the transfer, a removal in both the try block and every catch, or a
 * temp-file helper that cleans up by itself.
 */
import type { Category } from "../models/models";
import { ts } from "ts-morph";
import { isFunctionLike, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { pathKey } from "../flow/taint";
import { codeShape } from "../ast/codeShape";
import { PathArgModel, SinkModel, TransferModel } from "../models/models";
import { fileIndex } from "../resolve/fileIndex";
import { lastCall } from "../resolve/values";
import { RuleContext, Rule } from "./context";
import { calleeText, FileWrite } from "./facts";
import { commandWordKeys, localPathOf } from "./shared";
import { underCondition } from "../commands/shellWords";
import { argumentAt, argumentsAt } from "../models/arguments";

const CATS_TRANSFERS_SINKS: readonly Category[] = ["transfers", "sinks"];

export const ID = "no-delete-after-transfer";

const TEMP_MODULES = new Set(["tmp", "tmp-promise", "temp", "tempy", "temp-write"]);

export const noDeleteAfterTransfer: Rule = {
  id: ID,
  run(ctx: RuleContext): void {
    const deletes = ctx.facts.deletes();
    for (const sf of ctx.files) {
      commandTransfers(ctx, sf, deletes);
      servedFiles(ctx, sf, deletes);
      const idx = fileIndex(sf);
      for (const call of [...idx.calls, ...idx.news]) {
        if (!ctx.models.mayMatch(call, CATS_TRANSFERS_SINKS, sf)) continue;
        for (const local of sentLocalFiles(ctx, call)) {
          const verdict = judge(ctx, call, local, deletes, 0);
          if (verdict) {
            const file = verdict.write.shown ?? codeShape(verdict.write.pathExpr);
            ctx.report({
              ruleId: ID,
              node: call,
              messageId: verdict.partial ? "removedOnlyOnSuccess" : "neverRemoved",
              messageData: { file, transfer: calleeText(call), sentBy: `sent with ${calleeText(call)}` },
              related: [
                { node: verdict.write.call, message: `the file is written here (${verdict.write.sinkName})` },
                ...(verdict.partial
                  ? [{ node: verdict.partial, message: "removed here, but not on every path" }]
                  : []),
              ],
              data: {
                fix: "finally-rm",
                pathStart: local.getStart(),
                pathEnd: local.getEnd(),
                pathFile: local.getSourceFile().fileName,
                ...(verdict.partial
                  ? { partialStart: verdict.partial.getStart(), partialEnd: verdict.partial.getEnd() }
                  : {}),
              },
            });
          }
          break;
        }
      }
    }
  },
};

/** Local files a call sends: a transfer's local path, or a file read into an upload/HTTP/e-mail body. */
export function sentLocalFiles(
  ctx: RuleContext,
  call: ts.CallExpression | ts.NewExpression,
): ts.Expression[] {
  const out: ts.Expression[] = [];
  for (const ref of ctx.r.apis(call)) {
    for (const m of ctx.models.match<TransferModel>("transfers", ref)) {
      // "0.attachments.path", "0.params.Body": a property inside (arrays of) option objects
      for (const arg of argumentsAt(ctx.r, call, m.localPath)) {
        const local = localPathOf(ctx, arg);
        if (local) out.push(local);
      }
    }
    if (out.length) return out;
    for (const m of ctx.models.match<SinkModel>("sinks", ref)) {
      if (m.kind === "file-write") continue;
      for (const d of m.data) {
        const e = ctx.taint.argExpr(call, d);
        if (!e) continue;
        for (const rr of ctx.r.apis(e)) {
          const rm = ctx.models.match<PathArgModel>("reads", rr)[0];
          const readCall = rm && lastCall(rr);
          const p =
            readCall && !ts.isTaggedTemplateExpression(readCall)
              ? argumentAt(ctx.r, readCall, rm.pathArg ?? 0)
              : undefined;
          if (p) out.push(p);
        }
        // Deeper: the body derives from a read of a local file (gzip, base64, JSON around it).
        if (!out.length) {
          for (const fl of ctx.taint.flowsOf(e))
            for (const st of fl.steps) {
              if (!ts.isCallExpression(st)) continue;
              for (const rr of ctx.r.apis(st)) {
                const rm = ctx.models.match<PathArgModel>("reads", rr)[0];
                const p = rm && argumentAt(ctx.r, st, rm.pathArg ?? 0);
                if (p && !out.includes(p)) out.push(p);
              }
            }
        }
      }
    }
    if (out.length) return out;
  }
  return out;
}

interface Delete {
  call: ts.CallExpression;
  key: string;
  keys: string[];
}

function covers(delKey: string, fileKey: string): boolean {
  if (delKey === fileKey) return true;
  return (
    fileKey.startsWith("join(" + delKey + ",") ||
    fileKey.startsWith("resolve(" + delKey + ",") ||
    fileKey.startsWith("`${" + delKey + "}/") ||
    fileKey.startsWith(delKey + "+") ||
    (delKey.startsWith("'") && fileKey.startsWith(delKey + "/"))
  );
}

/** Undefined when the transfer is fine; else the write it leaves behind, and a partial removal if any. */
function judge(
  ctx: RuleContext,
  transfer: ts.Node,
  local: ts.Expression,
  deletes: Delete[],
  depth: number,
  inner: ts.Node[] = [],
): { write: FileWrite; partial?: ts.Node } | undefined {
  if (fromTempHelper(ctx, local)) return undefined;
  // A path handed in as a parameter: judge it where the caller passes it.
  const u = unwrap(local);
  if (ts.isIdentifier(u) && depth < 2) {
    const d = resolveIdentifier(u);
    if (d && ts.isParameter(d) && isFunctionLike(d.parent)) {
      const index = d.parent.parameters.indexOf(d);
      const { sites: all, args } = ctx.r.parameterArguments(d);
      // `send(messageWith(to, file))`: the helper's call inside this transfer is the one that counts.
      const inside = all.filter((s) => s.pos >= transfer.pos && s.end <= transfer.end);
      const sites = inside.length ? inside : all;
      for (const s of sites) {
        if (ts.isTaggedTemplateExpression(s)) continue;
        const a = s.arguments?.[index];
        // The removal may sit beside the transfer inside the callee, or around the call site.
        const v = a && judge(ctx, s, a, deletes, depth + 1, [...inner, transfer]);
        if (v) return v;
      }
      if (sites.length) return undefined;
      // A callback's parameter (`write(rows, (err, file) => send(file))`, `.then((file) => …)`):
      // the path handed back to it, judged at this transfer.
      for (const a of args) {
        const v = judge(ctx, transfer, a, deletes, depth + 1, inner);
        if (v) return v;
      }
      if (args.length) return undefined;
    }
    // A destructured parameter property (`async ({ name, path }) => …`): judged at each call site.
    if (d && ts.isBindingElement(d)) {
      const { sites, args } = ctx.r.bindingArguments(d);
      for (const a of args) {
        const s = sites.find((site) => site.pos <= a.pos && a.end <= site.end);
        const v = judge(ctx, s ?? transfer, a, deletes, depth + 1, s ? [...inner, transfer] : inner);
        if (v) return v;
      }
      if (args.length) return undefined;
    }
  }
  return judgeKey(ctx, transfer, pathKey(ctx.r, local), deletes, inner);
}

/** The verdict for a local file known by its path key. */
function judgeKey(
  ctx: RuleContext,
  transfer: ts.Node,
  key: string,
  deletes: Delete[],
  inner: ts.Node[] = [],
): { write: FileWrite; partial?: ts.Node } | undefined {
  const write = ctx.facts
    .fileWrites()
    .find((w) => w.keys.some((k) => k === key || covers(k, key) || covers(key, k)));
  if (!write) return undefined;
  let partial: ts.Node | undefined;
  for (const del of deletes) {
    if (!del.keys.some((k) => covers(k, key))) continue;
    if (onEveryPath(transfer, del.call) || inner.some((t) => onEveryPath(t, del.call))) return undefined;
    partial = del.call;
  }
  return { write, partial };
}

function fromTempHelper(ctx: RuleContext, e: ts.Expression): boolean {
  for (const v of ctx.r.values(e)) if (v.kind === "api" && TEMP_MODULES.has(v.ref.module)) return true;
  // withFile(async ({ path }) => ...) from tmp-promise: the path is a callback parameter of the helper
  const u = unwrap(e);
  if (ts.isIdentifier(u)) {
    const d = resolveIdentifier(u);
    let fn: ts.Node | undefined = d;
    while (fn && !isFunctionLike(fn)) fn = fn.parent;
    const call = fn?.parent;
    if (call && ts.isCallExpression(call)) {
      for (const ref of ctx.r.apis(call)) if (TEMP_MODULES.has(ref.module)) return true;
    }
  }
  return false;
}

/** Is `del` guaranteed to run after `transfer`, whether it succeeds or throws? */
function onEveryPath(transfer: ts.Node, del: ts.Node): boolean {
  // 0. In the transfer's own completion callback (`res.download(f, name, () => rm(f))`), or in a
  // response "close" listener, which runs whether the sending succeeded or not.
  if (
    ts.isCallExpression(transfer) &&
    transfer.arguments.some(
      (a) => isFunctionLike(unwrap(a)) && within(del, a) && unconditionallyIn(del, unwrap(a)),
    )
  )
    return true;
  for (let n: ts.Node | undefined = del.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    const call = n.parent;
    if (
      call &&
      ts.isCallExpression(call) &&
      ts.isPropertyAccessExpression(call.expression) &&
      /^(on|once)$/.test(call.expression.name.text) &&
      call.arguments[0] &&
      ts.isStringLiteralLike(call.arguments[0]) &&
      call.arguments[0].text === "close" &&
      within(transfer, enclosingFn(call) ?? call.getSourceFile())
    )
      return true;
    break;
  }
  // 1. try { ...transfer... } finally { ...del... }
  for (let n: ts.Node | undefined = transfer.parent; n; n = n.parent) {
    if (
      ts.isTryStatement(n) &&
      n.finallyBlock &&
      within(del, n.finallyBlock) &&
      (within(transfer, n.tryBlock) || (n.catchClause && within(transfer, n.catchClause)))
    )
      return true;
    if (
      ts.isTryStatement(n) &&
      within(transfer, n.tryBlock) &&
      within(del, n.tryBlock) &&
      del.pos > transfer.pos &&
      n.catchClause &&
      deletesIn(n.catchClause, del)
    )
      return true;
    if (ts.isSourceFile(n)) break;
  }
  // 2. promise.finally(() => rm(file)) on a chain that contains the transfer
  for (let n: ts.Node | undefined = del.parent; n; n = n.parent) {
    if (isFunctionLike(n)) {
      const call = n.parent;
      if (
        call &&
        ts.isCallExpression(call) &&
        ts.isPropertyAccessExpression(call.expression) &&
        call.expression.name.text === "finally" &&
        within(transfer, call.expression.expression)
      )
        return true;
      break;
    }
  }
  // 3. A caller wraps the function holding the transfer in try/finally with the removal.
  return false;
}

function deletesIn(clause: ts.CatchClause, del: ts.Node): boolean {
  const delText = unwrap((del as ts.CallExpression).arguments?.[0] ?? (del as ts.Expression)).getText();
  let found = false;
  const rec = (n: ts.Node): void => {
    if (
      ts.isCallExpression(n) &&
      /unlink|rm|remove/i.test(n.expression.getText()) &&
      n.arguments[0] &&
      unwrap(n.arguments[0]).getText() === delText
    )
      found = true;
    ts.forEachChild(n, rec);
  };
  rec(clause);
  return found;
}

function within(inner: ts.Node, outer: ts.Node): boolean {
  return inner.getSourceFile() === outer.getSourceFile() && inner.pos >= outer.pos && inner.end <= outer.end;
}

/** Files sent by a transfer tool in a command line (`curl -T`, `scp`, `aws s3 cp`, `rclone copy`…). */
function commandTransfers(ctx: RuleContext, sf: ts.SourceFile, deletes: Delete[]): void {
  for (const run of ctx.taint.commands.runsIn(sf)) {
    for (const t of run.effects.transfers) {
      const keys = commandWordKeys(ctx, t.local);
      // `curl -T f …; rm -f f` in the same line: the removal runs whatever the transfer did.
      const sameLine = run.effects.deletes.filter((d) =>
        commandWordKeys(ctx, d.file).some((k) => keys.some((x) => covers(k, x))),
      );
      if (sameLine.some((d) => d.pipeline > t.pipeline && !d.afterSuccessOnly)) continue;
      const only =
        t.local.parts.length === 1 && "expr" in t.local.parts[0] ? t.local.parts[0].expr : undefined;
      const verdict = only
        ? judge(ctx, run.site, only, deletes, 0)
        : keys.map((k) => judgeKey(ctx, run.site, k, deletes)).find(Boolean);
      if (!verdict) continue;
      const partial = verdict.partial ?? (sameLine.length ? run.site : undefined);
      const file = verdict.write.shown ?? codeShape(verdict.write.pathExpr);
      ctx.report({
        ruleId: ID,
        node: run.site,
        messageId: partial ? "removedOnlyOnSuccess" : "neverRemoved",
        messageData: { file, transfer: t.tool, sentBy: `sent with ${t.tool}` },
        related: [
          { node: verdict.write.call, message: `the file is written here (${verdict.write.sinkName})` },
        ],
        data: { fix: "none" },
      });
    }
  }
}

/** `del` runs whenever the callback does: not under a condition, and no return or throw before it. */
function unconditionallyIn(del: ts.Node, fn: ts.Node): boolean {
  if (underCondition(del, fn)) return false;
  const body = (fn as { body?: ts.Node }).body;
  if (!body || !ts.isBlock(body)) return true;
  for (const st of body.statements) {
    if (within(del, st)) return true;
    let exits = false;
    const visit = (n: ts.Node): void => {
      if (exits || (n !== st && isFunctionLike(n))) return;
      if (ts.isReturnStatement(n) || ts.isThrowStatement(n)) exits = true;
      ts.forEachChild(n, visit);
    };
    visit(st);
    if (exits) return false;
  }
  return false;
}

function enclosingFn(n: ts.Node): ts.Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (isFunctionLike(p)) return p;
  return undefined;
}

/**
 * Files a route serves (`res.download(f)`, `res.sendFile(f)`, a read stream piped into the
 * response): a file written, served and never removed outlives the transfer.
 */
function servedFiles(ctx: RuleContext, sf: ts.SourceFile, deletes: Delete[]): void {
  for (const rt of ctx.taint.routes.routesIn(sf)) {
    const sends = ctx.taint.routes.sends(rt);
    const sent = [...sends.streams, ...sends.bodies];
    for (const f of sends.files) {
      const byMethod =
        ts.isCallExpression(f.call) &&
        ts.isPropertyAccessExpression(unwrap(f.call.expression)) &&
        /^(download|sendFile|sendfile)$/.test(
          (unwrap(f.call.expression) as ts.PropertyAccessExpression).name.text,
        );
      if (!byMethod && !sent.some((e) => within(f.call, e))) continue;
      const verdict = judge(ctx, f.call, f.path, deletes, 0);
      if (!verdict) continue;
      const file = verdict.write.shown ?? codeShape(verdict.write.pathExpr);
      ctx.report({
        ruleId: ID,
        node: f.call,
        messageId: verdict.partial ? "removedOnlyOnSuccess" : "neverRemoved",
        messageData: { file, transfer: "serving it", sentBy: "served by this route" },
        related: [
          { node: verdict.write.call, message: `the file is written here (${verdict.write.sinkName})` },
        ],
        data: { fix: "none" },
      });
    }
  }
}
