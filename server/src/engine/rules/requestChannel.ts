/**
 * The channel an HTTP request body travels on, from the URL the request is sent to: a request body
 * is data in transit, not a stored copy. Over `https://` (TLS, certificates verified unless the code
 * says otherwise, which `plaintext-transfer` reports) it is encrypted on the way; over `http://` to
 * a host other than loopback it crosses the network in clear; to loopback it never leaves the
 * machine. A URL the code does not show (configuration, environment) is judged where it is written,
 * by `plaintext-transfer`.
 */
import { ts } from "ts-morph";
import { baseUrl, urlText } from "../flow/responses";
import { argumentAt } from "../models/arguments";
import type { PublicAccessModel, ResponseModel } from "../models/models";
import type { ApiRef, CallLike } from "../resolve/values";
import type { RuleContext } from "./context";
import { isLoopback } from "./plaintextTransfer";

export type Channel =
  /** Every URL the request may be sent to is https:// (or loopback). */
  | "tls"
  /** Every URL is http:// to loopback. */
  | "loopback"
  /** One of the URLs is http:// to a host that is not loopback (or not known). */
  | "plain"
  /** The code does not show the scheme (a URL from configuration, a relative path). */
  | "unknown"
  /** A signed object-storage URL (`getSignedUrl(s3, new PutObjectCommand(…))`): the body is stored at the far end. */
  | "storage";

/**
 * The URL text a request call is sent to (with `{}` for unknown parts, alternatives separated by
 * spaces): the `responses` model of the call, or of the call that opened the request
 * (`http.request(url).write(body)`), with the base URL of the client (`axios.create({ baseURL })`).
 */
export function requestUrlText(ctx: RuleContext, call: CallLike, ref: ApiRef): string | undefined {
  return requestUrl(ctx, call, ref)?.text;
}

/** The channel of a request body sent by this call. */
export function requestChannel(ctx: RuleContext, call: CallLike, ref: ApiRef): Channel {
  const url = requestUrl(ctx, call, ref);
  if (url?.expr && signedStorageUrl(ctx, url.expr)) return "storage";
  const channel = channelOf(url?.text);
  // node's `http` module never speaks TLS, whatever the URL says (an https:// URL is refused).
  if (ref.module === "http") return channel === "loopback" ? "loopback" : "plain";
  return channel;
}

/** A URL made by an object-storage signer (`publicAccess` models of kind signed-url). */
function signedStorageUrl(ctx: RuleContext, e: ts.Expression): boolean {
  for (const v of ctx.r.values(e)) {
    if (v.kind === "api" && isSigner(ctx, v.ref)) return true;
    if (v.kind !== "node") continue;
    let n: ts.Node = v.node;
    while (ts.isAwaitExpression(n) || ts.isParenthesizedExpression(n)) n = n.expression;
    if (!ts.isCallExpression(n)) continue;
    if (ctx.r.apis(n).some((ref) => isSigner(ctx, ref))) return true;
  }
  return false;
}

function isSigner(ctx: RuleContext, ref: ApiRef): boolean {
  return ctx.models.match<PublicAccessModel>("publicAccess", ref).some((m) => m.kind === "signed-url");
}

function requestUrl(
  ctx: RuleContext,
  call: CallLike,
  ref: ApiRef,
): { text?: string; expr?: ts.Expression } | undefined {
  const tries: Array<{ call: CallLike; ref: ApiRef }> = [{ call, ref }];
  for (const step of ref.steps)
    if (step.k === "c" && step.node && step.node !== call && !ts.isTaggedTemplateExpression(step.node))
      for (const earlier of ctx.r.apis(step.node)) tries.push({ call: step.node, ref: earlier });
  for (const t of tries) {
    if (ts.isTaggedTemplateExpression(t.call)) continue;
    const m = ctx.models.match<ResponseModel>("responses", t.ref)[0];
    if (!m || m.urlArg === undefined) continue;
    const urlExpr = argumentAt(ctx.r, t.call, m.urlArg);
    let text = urlExpr ? urlText(ctx.r, urlExpr) : undefined;
    if (m.baseFrom && m.baseFromKey) {
      const base = baseUrl(ctx.r, t.ref, m.baseFrom, m.baseFromKey);
      if (base !== undefined) text = /^[a-z][\w+.-]*:\/\//i.test(text ?? "") ? text : `${base}/${text ?? ""}`;
    }
    if (text !== undefined || urlExpr) return { text, expr: urlExpr };
  }
  return undefined;
}

/** How the URL text's alternatives reach their host. */
export function channelOf(text: string | undefined): Channel {
  if (text === undefined) return "unknown";
  const alternatives = text.split(/\s+/).filter(Boolean);
  let sawTls = false;
  let sawLoopback = false;
  let sawUnknown = false;
  for (const alt of alternatives) {
    const m = /^(https?):\/\/(?:[^@/\s]*@)?(\[[^\]]*\]|[^/:?#\s]*)/i.exec(alt);
    if (!m) {
      sawUnknown = true;
      continue;
    }
    if (m[1].toLowerCase() === "https") sawTls = true;
    else if (m[2] && !m[2].includes("{}") && isLoopback(m[2])) sawLoopback = true;
    else return "plain";
  }
  if (sawUnknown) return "unknown";
  return sawTls ? "tls" : sawLoopback ? "loopback" : "unknown";
}
