/** Finds connection calls (FTP, SFTP, SSH, databases, SMTP) from the models, with their option objects. */
import type { Category } from "../models/models";
import { ts } from "ts-morph";
import { ConnectionModel } from "../models/models";
import { fileIndex } from "../resolve/fileIndex";
import { lastCall } from "../resolve/values";
import { RuleContext } from "./context";
import { objectsOf } from "./facts";

const CATS_CONNECTIONS: readonly Category[] = ["connections"];

export interface ConnectionSite {
  call: ts.CallExpression | ts.NewExpression;
  model: ConnectionModel;
  options?: ts.ObjectLiteralExpression;
  /** The options argument exists but cannot be seen into (a parameter, a function result). */
  opaqueOptions: boolean;
}

const cache = new WeakMap<RuleContext, Map<ts.SourceFile, ConnectionSite[]>>();

export function connectionSites(ctx: RuleContext, sf: ts.SourceFile): ConnectionSite[] {
  let perCtx = cache.get(ctx);
  if (!perCtx) {
    perCtx = new Map();
    cache.set(ctx, perCtx);
  }
  const hit = perCtx.get(sf);
  if (hit) return hit;
  const out: ConnectionSite[] = [];
  const idx = fileIndex(sf);
  for (const call of [...idx.calls, ...idx.news] as Array<ts.CallExpression | ts.NewExpression>) {
    if (!ctx.models.mayMatch(call, CATS_CONNECTIONS, sf)) continue;
    for (const ref of ctx.r.apis(call)) {
      if (lastCall(ref) !== call) continue;
      for (const m of ctx.models.match<ConnectionModel>("connections", ref)) {
        const arg = m.options !== undefined ? call.arguments?.[m.options] : undefined;
        // One site per option object the argument may hold (`access(site.options)` over a list of sites).
        const options = arg ? objectsOf(ctx.r, arg) : [];
        if (!options.length) out.push({ call, model: m, options: undefined, opaqueOptions: !!arg });
        for (const o of options) out.push({ call, model: m, options: o, opaqueOptions: false });
      }
    }
  }
  perCtx.set(sf, out);
  return out;
}
