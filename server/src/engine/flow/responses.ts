/**
 * HTTP client responses (the `responses` models: fetch, axios, got, node http(s), undici,
 * superagent, request, FHIR clients, API SDKs). A response is data from outside the program. It is
 * personal from the start when the endpoint says so — a FHIR resource type in the path, `$export`,
 * `$everything`, an NDJSON Accept header, a URL read from personal data (a bulk manifest's output
 * URLs, the next page of a personal search), a path or a client member that names people
 * (`/api/members`, `crm.contacts`), a FHIR client asked for a personal resource type — and otherwise
 * only by what the code reads from it (flow/evidence.ts). Never because it came from an HTTP call.
 */
import { ts } from "ts-morph";
import { propertyNameText, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { Vocabulary } from "../classify/vocabulary";
import { argumentAt, objectLiteralOf } from "../models/arguments";
import { Category, Models, ResponseModel } from "../models/models";
import { fileIndex } from "../resolve/fileIndex";
import { stringValues } from "../resolve/strings";
import { ApiRef, CallLike, constString, lastCall, Resolver } from "../resolve/values";
import type { ExternalInfo } from "./evidence";
import type { Flow, SourceInfo } from "./taint";

const CATS_RESPONSES: readonly Category[] = ["responses"];
const URL_KEYS = ["url", "uri", "href", "path", "pathname"];

export interface ResponseEvidence {
  /** Why the response is personal data, for messages (`FHIR Patient resources`); undefined when nothing says so. */
  why?: string;
  /** What holds the response, for messages when fields classify it later (`employeesShortList`). */
  holder: string;
}

export class Responses {
  constructor(
    private readonly r: Resolver,
    private readonly models: Models,
    private readonly vocab: Vocabulary,
    /** Personal flows an expression carries (for URLs read from personal data). */
    private readonly personalFlows: (e: ts.Expression) => Flow[],
  ) {}

  /** The response source a call is, when a `responses` model matches it. */
  at(call: CallLike): Flow[] | undefined {
    if (ts.isTaggedTemplateExpression(call)) return undefined;
    if (!this.models.mayMatch(call, CATS_RESPONSES)) return undefined;
    for (const ref of this.r.apis(call)) {
      if (lastCall(ref) !== call) continue;
      const m = this.models.match<ResponseModel>("responses", ref)[0];
      if (!m) continue;
      const ev = this.evidence(call, ref, m);
      const name = calleeLabel(call);
      if (ev.why) {
        const src: SourceInfo = { node: call, kind: "response", atRisk: `${ev.why} (${name} response)` };
        return [{ origin: { kind: "src", src }, steps: [] }];
      }
      const ext: ExternalInfo = { node: call, kind: "response", holder: ev.holder };
      return [{ origin: { kind: "ext", ext }, steps: [] }];
    }
    return undefined;
  }

  /** What the endpoint, the request headers and the client say about the response. */
  evidence(call: ts.CallExpression | ts.NewExpression, ref: ApiRef, m: ResponseModel): ResponseEvidence {
    let holder = calleeLabel(call);
    if (m.what) return { why: m.what, holder };
    // FHIR clients: the resource type asked for.
    if (m.resourceTypeArg !== undefined) {
      const arg = argumentAt(this.r, call, m.resourceTypeArg);
      if (arg) {
        const types = stringValues(this.r, arg).values;
        const personal = types.find((t) => this.vocab.isFhirResource(t));
        if (personal) return { why: `FHIR ${personal} resources`, holder };
        if (types.length) holder = types[0];
      }
    }
    // The URL, with the base set on the client (`axios.create({ baseURL })`).
    const urlExpr = m.urlArg !== undefined ? argumentAt(this.r, call, m.urlArg) : undefined;
    let text = urlExpr ? urlText(this.r, urlExpr) : undefined;
    if (m.baseFrom && m.baseFromKey) {
      const base = baseUrl(this.r, ref, m.baseFrom, m.baseFromKey);
      if (base !== undefined) text = base + "/" + (text ?? "");
    }
    if (text) {
      const fromUrl = urlEvidence(this.vocab, text);
      if (fromUrl.why) return { why: fromUrl.why, holder };
      if (fromUrl.holder) holder = fromUrl.holder;
    }
    // `Accept: application/fhir+ndjson`: the bulk output of a FHIR server.
    if (m.headersArg !== undefined) {
      const h = argumentAt(this.r, call, m.headersArg);
      const accept = h ? headerValue(this.r, h, "accept") : undefined;
      if (accept && /ndjson/i.test(accept)) return { why: "FHIR bulk NDJSON output", holder };
    }
    // API clients whose members name what they read (`crm.contacts.basicApi.getPage()`).
    if (m.pathNames) {
      // Only the members reached from the client instance (`.Client()` itself names the SDK's class).
      const firstCall = ref.steps.findIndex((s) => s.k === "c");
      const names = ref.steps.slice(firstCall + 1).flatMap((s) => (s.k === "m" ? [s.name] : []));
      const subject = names.find((n) => this.vocab.namesSubject(n));
      if (subject) return { why: `${subject} records`, holder };
    }
    // A URL read from personal data: a bulk manifest's output URLs, a personal search's next page.
    if (urlExpr && !constString(this.r, urlExpr)) {
      const personal = this.personalFlows(urlExpr);
      const first = personal[0]?.origin;
      if (first && first.kind === "src")
        return { why: `data at a URL read from ${rootReason(first.src.atRisk)}`, holder };
    }
    return { holder };
  }
}

/** The first reason of a chain of responses (`data at a URL read from X (fetch response)` → `X`). */
function rootReason(atRisk: string): string {
  return atRisk.replace(/^(data at a URL read from )+/, "").replace(/( \([^()]* response\))+$/, "");
}

/** `axios.get`, `fetch`, `client.search`: how messages name the call. */
function calleeLabel(call: ts.CallExpression | ts.NewExpression): string {
  const c = unwrap(call.expression);
  if (ts.isIdentifier(c)) return c.text;
  if (ts.isPropertyAccessExpression(c)) {
    const o = unwrap(c.expression);
    const left = ts.isIdentifier(o) ? o.text : ts.isPropertyAccessExpression(o) ? o.name.text : undefined;
    return left ? `${left}.${c.name.text}` : c.name.text;
  }
  return "request";
}

/**
 * The URL an expression builds, with `{}` where a part is not known: literals and constants,
 * templates, concatenations, `new URL(path, base)`, `.replace()` of a URL, and options objects
 * (`{ url }`, `{ hostname, path }`).
 */
export function urlText(r: Resolver, e: ts.Expression, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const c = constString(r, e);
  if (c !== undefined) return c;
  const u = unwrap(e);
  if (ts.isTemplateExpression(u))
    return (
      u.head.text +
      u.templateSpans.map((s) => (urlText(r, s.expression, depth + 1) ?? "{}") + s.literal.text).join("")
    );
  if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const a = urlText(r, u.left, depth + 1);
    const b = urlText(r, u.right, depth + 1);
    return a === undefined && b === undefined ? undefined : (a ?? "{}") + (b ?? "{}");
  }
  if (
    ts.isNewExpression(u) &&
    ts.isIdentifier(u.expression) &&
    u.expression.text === "URL" &&
    u.arguments?.[0]
  ) {
    const path = urlText(r, u.arguments[0], depth + 1) ?? "{}";
    const base = u.arguments[1] ? (urlText(r, u.arguments[1], depth + 1) ?? "{}") : "";
    return base ? base.replace(/\/+$/, "") + "/" + path : path;
  }
  if (ts.isCallExpression(u) && ts.isPropertyAccessExpression(u.expression)) {
    const name = u.expression.name.text;
    if (/^(replace|replaceAll|trim|toString)$/.test(name))
      return urlText(r, u.expression.expression, depth + 1);
    if (
      name === "join" &&
      ts.isIdentifier(u.expression.expression) &&
      u.expression.expression.text === "path"
    )
      return u.arguments.map((a) => urlText(r, a, depth + 1) ?? "{}").join("/");
  }
  const o = objectLiteralOf(r, u);
  if (o) {
    const host = propText(r, o, ["hostname", "host"], depth);
    for (const k of URL_KEYS) {
      const v = propText(r, o, [k], depth);
      if (v !== undefined) return (host && !/^[a-z]+:\/\//i.test(v) ? "//" + host : "") + v;
    }
    return undefined;
  }
  // `process.env.API_URL ?? "http://…"`, `config.url || DEFAULT`: the fallback is the URL the code
  // shows (an empty fallback says nothing); two known URLs are both alternatives.
  if (
    ts.isBinaryExpression(u) &&
    (u.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      u.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    const a = urlText(r, u.left, depth + 1);
    const b = urlText(r, u.right, depth + 1);
    if (a === undefined) return b === undefined || b === "" ? undefined : b;
    return b === undefined || b === "" ? a : `${a} ${b}`;
  }
  // `ENDPOINTS[env]`: any of the object's URLs.
  if (ts.isElementAccessExpression(u) && !ts.isStringLiteralLike(u.argumentExpression)) {
    const table = objectLiteralOf(r, u.expression);
    if (table) {
      const texts = table.properties
        .filter(ts.isPropertyAssignment)
        .slice(0, 12)
        .map((p) => urlText(r, p.initializer, depth + 1))
        .filter((t): t is string => t !== undefined);
      if (texts.length) return texts.join(" ");
    }
  }
  if (ts.isConditionalExpression(u)) {
    // Either URL may be asked for: both are evidence.
    const a = urlText(r, u.whenTrue, depth + 1);
    const b = urlText(r, u.whenFalse, depth + 1);
    return a === undefined && b === undefined ? undefined : `${a ?? "{}"} ${b ?? "{}"}`;
  }
  if (ts.isIdentifier(u)) {
    const d = resolveIdentifier(u);
    // A helper's URL parameter (`fetchData(url)`): the URLs its callers pass.
    if (d && ts.isParameter(d)) {
      const texts = r
        .parameterArguments(d)
        .args.slice(0, 12)
        .map((a) => urlText(r, a, depth + 1))
        .filter((t): t is string => t !== undefined);
      return texts.length ? texts.join(" ") : undefined;
    }
    if (d && ts.isVariableDeclaration(d) && d.initializer) {
      // `let url = base + PATH; url += "&patientId=" + id`: the parts appended count too.
      const later = fileIndex(d.getSourceFile()).assignments.get(d) ?? [];
      const appended = later.every(
        (a) =>
          a.parent &&
          ts.isBinaryExpression(a.parent) &&
          a.parent.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken,
      );
      if (!appended) return undefined;
      return [d.initializer, ...later].map((x) => urlText(r, x, depth + 1) ?? "{}").join("");
    }
  }
  if (ts.isPropertyAccessExpression(u) || ts.isIdentifier(u)) {
    // `CONSTANTS.SOURCE.URLS.PATIENT`, an imported constant.
    for (const v of r.values(u))
      if (
        v.kind === "node" &&
        v.node !== u &&
        ts.isExpression(v.node) &&
        !ts.isObjectLiteralExpression(v.node)
      ) {
        const t = urlText(r, v.node, depth + 1);
        if (t !== undefined) return t;
      }
  }
  return undefined;
}

function propText(
  r: Resolver,
  o: ts.ObjectLiteralExpression,
  keys: string[],
  depth: number,
): string | undefined {
  for (const p of o.properties) {
    const k = (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && propertyNameText(p.name);
    if (!k || !keys.includes(k)) continue;
    const v = ts.isPropertyAssignment(p) ? p.initializer : p.name;
    return urlText(r, v, depth + 1) ?? "{}";
  }
  return undefined;
}

/** The base URL given to the client earlier in the chain (`axios.create({ baseURL })`, `got.extend({ prefixUrl })`). */
export function baseUrl(r: Resolver, ref: ApiRef, method: string, key: string): string | undefined {
  const names = new Set(method.split("|"));
  for (let i = 0; i + 1 < ref.steps.length; i++) {
    const a = ref.steps[i];
    const b = ref.steps[i + 1];
    if (a.k !== "m" || !names.has(a.name) || b.k !== "c" || !b.node || ts.isTaggedTemplateExpression(b.node))
      continue;
    const o = b.node.arguments?.[0] ? objectLiteralOf(r, b.node.arguments[0]) : undefined;
    if (!o) continue;
    for (const p of o.properties)
      if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === key)
        return urlText(r, p.initializer) ?? "{}";
  }
  return undefined;
}

function headerValue(r: Resolver, e: ts.Expression, name: string): string | undefined {
  const o = objectLiteralOf(r, e);
  if (!o) return undefined;
  for (const p of o.properties)
    if (ts.isPropertyAssignment(p) && propertyNameText(p.name)?.toLowerCase() === name)
      return constString(r, p.initializer);
  return undefined;
}

/**
 * What a URL says about its response: a FHIR resource type or operation in the path, an NDJSON
 * file, or a path segment or query key that names people (`/api/members`, `?patientId=`).
 */
export function urlEvidence(vocab: Vocabulary, text: string): { why?: string; holder?: string } {
  const path = text.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "").replace(/^\/\/[^/]*/, "");
  const segments = text
    .split(/\s+/)
    .map((t) => t.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "").replace(/^\/\/[^/]*/, ""))
    .join("/")
    .split(/[/?&#=,]+/)
    .filter((s) => s && s !== "{}");
  let holder: string | undefined;
  for (const raw of segments) {
    const seg = raw.replace(/\{\}/g, "");
    if (seg === "$export") return { why: "FHIR bulk export data ($export)" };
    if (seg === "$everything") return { why: "a patient's whole FHIR record ($everything)" };
    if (vocab.isFhirResource(seg)) return { why: `FHIR ${seg} resources` };
    if (/\.ndjson$/i.test(seg)) return { why: "FHIR bulk NDJSON output" };
  }
  const pathSegments = path
    .split("?")[0]
    .split(/[/#]+/)
    .filter((s) => s && s !== "{}");
  const people: string[] = [];
  for (const raw of segments) {
    const seg = raw.replace(/\{\}/g, "").replace(/\.[a-z0-9]+$/i, "");
    if (!/^[A-Za-z][A-Za-z_-]*$/.test(seg)) continue;
    if (vocab.namesSubject(seg)) {
      if (!people.includes(seg)) people.push(seg);
    } else if (pathSegments.includes(raw) && !/^(api|v\d+|rest|ws|fhir|data)$/i.test(seg)) holder = seg;
  }
  if (people.length)
    return { why: `${people.slice(0, 3).join(", ")}${people.length > 3 ? ", …" : ""} records` };
  return { holder };
}
