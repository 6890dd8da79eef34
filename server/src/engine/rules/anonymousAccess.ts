/**
 * anonymous-access: FTP logins that are anonymous (explicitly, or by the client's default when no
 * user is given) and export folders served over HTTP with no authentication in front
 * (citation: rules/anonymous-access/meta.json).
 */
import { rethrowUnlessTooDeep } from "../errors";
import type { Category } from "../models/models";
import { ts } from "ts-morph";
import { isFunctionLike, tokenize, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { pathHint, pathKey } from "../flow/taint";
import { codeShape } from "../ast/codeShape";
import { PublicAccessModel, SinkModel, StaticModel, TransferModel } from "../models/models";
import { argumentAt, argumentsAt, literalValue } from "../models/arguments";
import { Flow, union } from "../flow/taint";
import { lastCall } from "../resolve/values";
import { describeFlows, localPathOf } from "./shared";
import type { Route, RouteSends } from "../routes/routes";
import { fileIndex, rootIdentifier } from "../resolve/fileIndex";
import { connectionSites } from "./connections";
import { RuleContext, Rule } from "./context";
import { hasProp, isEnvAccess, literalOf, pathKeys, propValue } from "./facts";
import { valueSet } from "../resolve/valueSets";
import { stringValues } from "../resolve/strings";

const CATS_STATICSERVERS: readonly Category[] = ["staticServers"];
const CATS_PUBLIC: readonly Category[] = ["publicAccess"];
const CATS_UPLOADS: readonly Category[] = ["sinks", "transfers"];

export const ID = "anonymous-access";

const ANONYMOUS_USERS = new Set(["anonymous", "ftp", "guest", "anon"]);
const EXPORT_WORDS = new Set([
  "export",
  "exports",
  "extract",
  "extracts",
  "extraction",
  "extractions",
  "backup",
  "backups",
  "sauvegarde",
  "sauvegardes",
  "dump",
  "dumps",
  "archive",
  "archives",
  "transfer",
  "transfers",
  "transfert",
  "transferts",
  "outbox",
  "partage",
  "ftp",
  "sftp",
  "extracts",
  "depot",
  "livraison",
  "livraisons",
  "handover",
]);
const AUTH_NAME =
  /auth|login|jwt|token|guard|protect|passport|session|verify|ensure|requireUser|requireRole|acl|permission|restrict|keycloak|oidc|oauth|signed|apikey|api_key|credential/i;

export const anonymousAccess: Rule = {
  id: ID,
  run(ctx: RuleContext): void {
    for (const sf of ctx.files) {
      for (const site of connectionSites(ctx, sf)) {
        const m = site.model;
        if (m.protocol !== "ftp" || !m.defaultUser) continue;
        // Positional login(user, password)
        if (m.positionalUser !== undefined && ts.isCallExpression(site.call)) {
          const u = site.call.arguments[m.positionalUser];
          if (!u) {
            ctx.report({
              ruleId: ID,
              node: site.call,
              messageId: "ftpLoginNoUser",
              messageData: { defaultUser: m.defaultUser },
              data: {
                fix: "env-credentials",
                userKey: (m.user ?? ["user"])[0],
                passwordKey: (m.password ?? ["password"])[0],
              },
            });
            continue;
          }
          const anon = anonymousAlternative(ctx, u, false);
          if (anon) {
            ctx.report({
              ruleId: ID,
              node: anon.node,
              messageId: anon.fallback ? "ftpFallsBackToAnonymous" : "ftpAnonymousUser",
              messageData: { user: anon.value },
              data: anon.fallback
                ? { fix: "none" }
                : {
                    fix: "env-credentials",
                    userKey: (m.user ?? ["user"])[0],
                    passwordKey: (m.password ?? ["password"])[0],
                  },
            });
          }
          continue;
        }
        if (site.opaqueOptions) continue;
        const userKeys = m.user ?? ["user"];
        if (!site.options) {
          ctx.report({
            ruleId: ID,
            node: site.call,
            messageId: "ftpConnectionNoUser",
            messageData: { defaultUser: m.defaultUser },
            data: {
              fix: "env-credentials",
              userKey: (m.user ?? ["user"])[0],
              passwordKey: (m.password ?? ["password"])[0],
            },
          });
          continue;
        }
        let user: ReturnType<typeof propValue> | undefined;
        for (const k of userKeys) user = user ?? propValue(ctx.r, site.options, k);
        if (!user) {
          if (userKeys.some((k) => hasProp(ctx.r, site.options!, k) === "unknown")) continue;
          ctx.report({
            ruleId: ID,
            node: site.call,
            messageId: "ftpConnectionNoUser",
            messageData: { defaultUser: m.defaultUser },
            data: {
              fix: "env-credentials",
              userKey: (m.user ?? ["user"])[0],
              passwordKey: (m.password ?? ["password"])[0],
            },
          });
          continue;
        }
        const anon = anonymousAlternative(ctx, user.value, true);
        if (anon) {
          ctx.report({
            ruleId: ID,
            node: reportNodeFor(user.prop, anon.node),
            messageId: anon.fallback ? "ftpFallsBackToAnonymous" : "ftpAnonymousUser",
            messageData: { user: anon.value },
            data: anon.fallback
              ? { fix: "none" }
              : {
                  fix: "env-credentials",
                  userKey: (m.user ?? ["user"])[0],
                  passwordKey: (m.password ?? ["password"])[0],
                },
          });
          continue;
        }
        for (const pk of m.password ?? ["password"]) {
          const pw = propValue(ctx.r, site.options, pk);
          if (!pw) continue;
          const pl = literalOf(ctx.r, pw.value);
          if (pl && pl.value === "") {
            ctx.report({
              ruleId: ID,
              node: reportNodeFor(pw.prop, pl.node),
              messageId: "ftpEmptyPassword",
              data: {
                fix: "env-credentials",
                userKey: (m.user ?? ["user"])[0],
                passwordKey: (m.password ?? ["password"])[0],
              },
            });
          }
        }
      }
      staticServers(ctx, sf);
      publicStorage(ctx, sf);
      downloadRoutes(ctx, sf);
    }
  },
};

/**
 * An anonymous user name the login may use: the only value, or one alternative of
 * `process.env.FTP_USER || "anonymous"`, `u === undefined ? "anonymous" : u`, a schema default.
 * `fallback` says other values are possible (the message then says "falls back to").
 */
function anonymousAlternative(
  ctx: RuleContext,
  e: ts.Expression,
  emptyIsAnonymous: boolean,
): { value: string; node: ts.Node; fallback: boolean } | undefined {
  const vs = valueSet(ctx.r, e);
  const fallback = vs.open || vs.literals.length > 1;
  for (const l of vs.literals) {
    if (typeof l.value !== "string") continue;
    if (ANONYMOUS_USERS.has(l.value.toLowerCase()) || (emptyIsAnonymous && l.value === "" && !fallback))
      return { value: l.value, node: l.node, fallback };
  }
  return undefined;
}

/** Report on the property when the value is written in it, else where the literal is written. */
function reportNodeFor(prop: ts.Node, literal: ts.Node): ts.Node {
  return literal.pos >= prop.pos &&
    literal.end <= prop.end &&
    literal.getSourceFile() === prop.getSourceFile()
    ? prop
    : literal;
}

function staticServers(ctx: RuleContext, sf: ts.SourceFile): void {
  const idx = fileIndex(sf);
  const reported = new Set<ts.Node>();
  for (const call of idx.calls) {
    if (!ctx.models.mayMatch(call, CATS_STATICSERVERS, sf)) continue;
    let model: StaticModel | undefined;
    for (const ref of ctx.r.apis(call))
      model = model ?? ctx.models.match<StaticModel>("staticServers", ref)[0];
    if (!model) continue;
    const dirArg = argumentAt(ctx.r, call, model.dirArg);
    // Where the handler is mounted: directly in app.use(...), or through a variable passed to it.
    const mounts: Array<{ mount: ts.CallExpression; handler: ts.Expression }> = [];
    // `ServeStaticModule.forRoot({ rootPath, serveRoot })` serves the folder itself.
    if (model.mountPath !== undefined) {
      const prefix = argumentAt(ctx.r, call, model.mountPath);
      const prefixText = prefix ? (literalOf(ctx.r, prefix)?.value ?? "") : "";
      const dirText0 = dirArg ? (pathHint(ctx.r, dirArg) ?? "") : "";
      if (
        !reported.has(call) &&
        (isExportFolder(dirText0, typeof prefixText === "string" ? prefixText : "") ||
          (dirArg && holdsPersonalFiles(ctx, dirArg, dirText0)))
      ) {
        reported.add(call);
        ctx.report({
          ruleId: ID,
          node: call,
          messageId: "staticFolderUnguarded",
          messageData: { folder: dirText0 ? ` ${JSON.stringify(dirText0)}` : "" },
          data: { fix: "none" },
        });
      }
      continue;
    }
    const direct = mountingCall(call);
    if (direct) mounts.push({ mount: direct, handler: call });
    else if (call.parent && ts.isVariableDeclaration(call.parent)) {
      for (const use of idx.argUses.get(call.parent) ?? []) {
        const m = use.call;
        if (
          ts.isCallExpression(m) &&
          ts.isPropertyAccessExpression(unwrap(m.expression)) &&
          /^(use|get|all)$/.test((unwrap(m.expression) as ts.PropertyAccessExpression).name.text)
        ) {
          mounts.push({ mount: m, handler: m.arguments[use.index] });
        }
      }
    }
    if (!mounts.length) continue;
    const dirText = dirArg ? (pathHint(ctx.r, dirArg) ?? "") : "";
    for (const { mount, handler } of mounts) {
      if (reported.has(mount)) continue;
      const mountPath =
        mount.arguments[0] && !isHandler(mount.arguments[0])
          ? literalOf(ctx.r, mount.arguments[0])
          : undefined;
      if (
        !isExportFolder(dirText, typeof mountPath?.value === "string" ? mountPath.value : "") &&
        !(dirArg && holdsPersonalFiles(ctx, dirArg, dirText))
      )
        continue;
      if (authBefore(ctx, mount, handler)) continue;
      reported.add(mount);
      ctx.report({
        ruleId: ID,
        node: mount,
        messageId: "servedFolderUnauthenticated",
        messageData: { folder: dirArg ? ` ${codeShape(dirArg)}` : "" },
        data: { fix: "auth-slot" },
      });
    }
  }
}

function isExportFolder(dir: string, mountPath: string): boolean {
  const tokens = [...tokenize(dir), ...tokenize(mountPath)];
  return tokens.some((t) => EXPORT_WORDS.has(t));
}

/** Does the workspace write personal data into files under this folder? */
function holdsPersonalFiles(ctx: RuleContext, dir: ts.Expression, dirText: string): boolean {
  const key = pathKey(ctx.r, dir);
  for (const w of ctx.facts.fileWrites()) {
    const under =
      w.keys.some(
        (k) =>
          k.startsWith("join(" + key + ",") ||
          k.startsWith("resolve(" + key + ",") ||
          k.startsWith("`${" + key + "}/"),
      ) ||
      (!!dirText && norm(pathHint(ctx.r, w.pathExpr) ?? "").startsWith(norm(dirText) + "/"));
    if (under && w.plaintext.length) return true;
  }
  return false;
}

function norm(p: string): string {
  return p.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "");
}

/** `app.use("/x", express.static(dir))`: the app.use/get call that mounts the handler. */
function mountingCall(call: ts.CallExpression): ts.CallExpression | undefined {
  const cur: ts.Node = call;
  const p = cur.parent;
  if (p && ts.isCallExpression(p) && p.arguments.includes(cur as ts.Expression)) {
    const c = unwrap(p.expression);
    if (ts.isPropertyAccessExpression(c) && /^(use|get|all|route)$/.test(c.name.text)) return p;
  }
  return undefined;
}

function isHandler(e: ts.Expression): boolean {
  const u = unwrap(e);
  return !(
    ts.isStringLiteral(u) ||
    ts.isNoSubstitutionTemplateLiteral(u) ||
    ts.isTemplateExpression(u) ||
    ts.isRegularExpressionLiteral(u) ||
    ts.isArrayLiteralExpression(u)
  );
}

/** An authentication middleware before the static handler: in the same call, or an earlier app.use on the same app. */
export function authBefore(ctx: RuleContext, mount: ts.CallExpression, handler: ts.Expression): boolean {
  const i = mount.arguments.indexOf(handler);
  for (const a of mount.arguments.slice(0, i)) if (isAuth(ctx, a)) return true;
  const callee = unwrap(mount.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const root = rootIdentifier(callee.expression);
  const appDecl = root && resolveIdentifier(root);
  for (const c of fileIndex(mount.getSourceFile()).calls) {
    if (c === mount || c.pos >= mount.pos) continue;
    const ce = unwrap(c.expression);
    if (!ts.isPropertyAccessExpression(ce) || ce.name.text !== "use") continue;
    const r2 = rootIdentifier(ce.expression);
    if (!r2 || (appDecl && resolveIdentifier(r2) !== appDecl)) continue;
    if (c.arguments.some((a) => isAuth(ctx, a))) return true;
  }
  return false;
}

export function isAuth(ctx: RuleContext, e: ts.Expression): boolean {
  const u = unwrap(e);
  for (const ref of ctx.r.apis(u)) if (ctx.models.match("authMiddleware", ref).length) return true;
  const name = ts.isIdentifier(u)
    ? u.text
    : ts.isCallExpression(u)
      ? unwrap(u.expression).getText()
      : ts.isPropertyAccessExpression(u)
        ? u.getText()
        : "";
  if (name && AUTH_NAME.test(name)) return true;
  for (const v of ctx.r.values(u)) {
    if (v.kind === "node" && isFunctionLike(v.node)) {
      const body = v.node.getText();
      if (
        /authorization|req\.user\b|req\.session|isAuthenticated|status\(\s*40[13]\s*\)|sendStatus\(\s*40[13]\s*\)|WWW-Authenticate/i.test(
          body,
        )
      )
        return true;
    }
  }
  void isEnvAccess;
  return false;
}

/**
 * Object storage made readable without authentication: a public ACL on an upload of personal
 * data, an object or container made public that receives personal data, a signed URL whose expiry
 * is missing (with no library default) or longer than the model's maximum.
 */
function publicStorage(ctx: RuleContext, sf: ts.SourceFile): void {
  const idx = fileIndex(sf);
  for (const call of [...idx.calls, ...idx.news] as Array<ts.CallExpression | ts.NewExpression>) {
    if (!ctx.models.mayMatch(call, CATS_PUBLIC, sf)) continue;
    for (const ref of ctx.r.apis(call)) {
      if (lastCall(ref) !== call) continue;
      for (const m of ctx.models.match<PublicAccessModel>("publicAccess", ref)) {
        if (m.kind === "signed-url") {
          const e = m.expiry !== undefined ? argumentAt(ctx.r, call, m.expiry) : undefined;
          const seconds = e ? literalValue(ctx.r, e) : undefined;
          const tooLong =
            (!e && m.defaultExpirySeconds === undefined) ||
            (typeof seconds === "number" && m.maxExpirySeconds !== undefined && seconds > m.maxExpirySeconds);
          if (tooLong)
            ctx.report({
              ruleId: ID,
              node: call,
              messageId: "publicLink",
              messageData: {
                link: m.what,
                lifetime: e ? `valid for ${String(seconds)} s` : "with no expiry",
              },
              data: { fix: "none" },
            });
          continue;
        }
        const flows =
          m.kind === "acl" && m.data
            ? union(
                ...m.data.flatMap((d) => ctx.taint.argExprs(call, d).map((x) => ctx.taint.concreteFlows(x))),
              )
            : storedThrough(ctx, call);
        const risk = describeFlows(flows);
        if (!risk) continue;
        ctx.report({
          ruleId: ID,
          node: call,
          messageId: "publicObject",
          messageData: { access: m.what, risk },
          related: flows
            .filter((f) => f.origin.kind === "src")
            .map((f) => ({
              node: (f.origin as { src: { node: ts.Node } }).src.node,
              message: "personal data comes from here",
            })),
          flows: flows.filter((f) => f.origin.kind === "src"),
          data: { fix: "none" },
        });
      }
    }
  }
}

/** Personal data uploaded through the same client object (`container`, `file`, `bucket`) as this call. */
function storedThrough(ctx: RuleContext, call: ts.CallExpression | ts.NewExpression): Flow[] {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return [];
  const root = rootIdentifier(callee.expression);
  const decl = root && resolveIdentifier(root);
  if (!decl) return [];
  const idx = fileIndex(call.getSourceFile());
  const out: Flow[][] = [];
  for (const other of [...idx.calls, ...idx.news] as Array<ts.CallExpression | ts.NewExpression>) {
    if (other === call || !ctx.models.mayMatch(other, CATS_UPLOADS)) continue;
    const oc = unwrap(other.expression);
    if (!ts.isPropertyAccessExpression(oc)) continue;
    const r2 = rootIdentifier(oc.expression);
    if (!r2 || resolveIdentifier(r2) !== decl) continue;
    for (const ref of ctx.r.apis(other)) {
      for (const s of ctx.models.match<SinkModel>("sinks", ref))
        for (const d of s.data)
          for (const x of ctx.taint.argExprs(other, d)) out.push(ctx.taint.concreteFlows(x));
      for (const t of ctx.models.match<TransferModel>("transfers", ref))
        for (const a of argumentsAt(ctx.r, other, t.localPath)) {
          const local = localPathOf(ctx, a);
          if (!local) continue;
          const keys = pathKeys(ctx.r, local);
          for (const w of ctx.facts.fileWrites())
            if (w.keys.some((k) => keys.includes(k))) out.push(w.plaintext);
        }
    }
  }
  return union(...out);
}

const HANDLER_AUTH_CHECK =
  /authorization|req\.user\b|req\.session|request\.user\b|ctx\.state\.user|isAuthenticated|getServerSession|getUserSession|requireUserSession|currentUser\(|auth\(\)|status\(\s*40[13]\s*\)|sendStatus\(\s*40[13]\s*\)|code\(\s*40[13]\s*\)|statusCode:\s*40[13]|WWW-Authenticate/i;

/**
 * Export and download routes with no authentication before them: the handler sends a local file,
 * a stream or an attachment that holds personal data, and no middleware, hook, guard or check in
 * the handler authenticates the caller.
 */
function downloadRoutes(ctx: RuleContext, sf: ts.SourceFile): void {
  for (const rt of ctx.taint.routes.routesIn(sf)) {
    const sends = ctx.taint.routes.sends(rt);
    const flows = routeFlows(ctx, sends);
    const risk = describeFlows(flows) || (servesDatabaseFile(ctx, sends) ? "a database file" : undefined);
    if (!risk) continue;
    if (routeAuthenticated(ctx, rt)) continue;
    ctx.report({
      ruleId: ID,
      node: rt.node,
      messageId: "unauthenticatedRoute",
      messageData: { risk },
      related: flows
        .filter((f) => f.origin.kind === "src")
        .map((f) => ({
          node: (f.origin as { src: { node: ts.Node } }).src.node,
          message: "personal data comes from here",
        })),
      flows: flows.filter((f) => f.origin.kind === "src"),
      data: { fix: "none" },
    });
  }
}

/** Personal data a handler sends: files the workspace wrote with it in clear, streams, attachment bodies. */
export function routeFlows(ctx: RuleContext, sends: RouteSends): Flow[] {
  const out: Flow[][] = [];
  for (const f of sends.files) {
    const local = localPathOf(ctx, f.path) ?? f.path;
    let keys: string[];
    try {
      keys = pathKeys(ctx.r, local);
    } catch (error) {
      rethrowUnlessTooDeep(error); // expected: too deep to follow, a path we cannot name
      continue;
    }
    for (const w of ctx.facts.fileWrites()) if (w.keys.some((k) => keys.includes(k))) out.push(w.plaintext);
  }
  for (const s of sends.streams) out.push(ctx.taint.concreteFlows(s));
  if (sends.attachment) for (const b of sends.bodies) out.push(ctx.taint.concreteFlows(b));
  return union(...out).filter((f) => f.origin.kind === "src");
}

/** Database files (SQLite, Access) and dump archives hold every record of the database. */
const DATABASE_FILE = /\.(db|sqlite3?|db3|mdb|accdb|sql|bson|dump)(\.(gz|zip|bz2|xz|tgz))?$/i;

/**
 * The handler serves a database file or dump (`res.download(path.join(__dirname, "app.sqlite"))`):
 * a path whose possible values end with a database or dump extension (through constants, helper
 * arguments and `path.join`'s last segment).
 */
function servesDatabaseFile(ctx: RuleContext, sends: RouteSends): boolean {
  return sends.files.some((f) => {
    const local = localPathOf(ctx, f.path) ?? f.path;
    return pathTexts(ctx, local, 0).some((t) => DATABASE_FILE.test(t.trim()));
  });
}

function pathTexts(ctx: RuleContext, e: ts.Expression, depth: number): string[] {
  if (depth > 4) return [];
  const u = unwrap(e);
  const out = stringValues(ctx.r, u).values;
  if (ts.isCallExpression(u) && u.arguments.length) {
    // path.join(dir, "app.db"), path.resolve(__dirname, name): the last segment names the file.
    out.push(...pathTexts(ctx, u.arguments[u.arguments.length - 1], depth + 1));
  }
  if (ts.isIdentifier(u)) {
    // `for (const p of candidates) if (fs.existsSync(p)) found = p`: the elements walked.
    const d = resolveIdentifier(u);
    const loop = d && ts.isVariableDeclaration(d) ? d.parent?.parent : undefined;
    if (loop && ts.isForOfStatement(loop)) out.push(...pathTexts(ctx, loop.expression, depth + 1));
    for (const a of d && ts.isVariableDeclaration(d)
      ? (fileIndex(d.getSourceFile()).assignments.get(d) ?? [])
      : [])
      if (a !== u) out.push(...pathTexts(ctx, a, depth + 1));
  }
  if (ts.isIdentifier(u))
    for (const v of ctx.r.values(u)) {
      const n = v.kind === "api" ? lastCall(v.ref) : v.node;
      if (n && n !== u && ts.isExpression(n)) out.push(...pathTexts(ctx, n, depth + 1));
    }
  if (ts.isArrayLiteralExpression(u)) for (const el of u.elements) out.push(...pathTexts(ctx, el, depth + 1));
  return out;
}

function routeAuthenticated(ctx: RuleContext, rt: Route): boolean {
  if (rt.guarded) return true;
  if (rt.before.some((a) => isAuth(ctx, a)) || rt.hooks.some((h) => isAuth(ctx, h))) return true;
  if (rt.handler.body && HANDLER_AUTH_CHECK.test(rt.handler.body.getText())) return true;
  if (rt.call) {
    const handlerArg = rt.call.arguments[rt.call.arguments.length - 1];
    if (handlerArg && authBefore(ctx, rt.call, handlerArg)) return true;
    if (instanceHooks(ctx, rt.call) || mountedWithAuth(ctx, rt.call)) return true;
  }
  return globalAuth(ctx, rt);
}

/** fastify `app.addHook("onRequest" | "preHandler", auth)` on the same instance. */
function instanceHooks(ctx: RuleContext, call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const root = rootIdentifier(callee.expression);
  const decl = root && resolveIdentifier(root);
  for (const c of fileIndex(call.getSourceFile()).calls) {
    const ce = unwrap(c.expression);
    if (!ts.isPropertyAccessExpression(ce) || ce.name.text !== "addHook") continue;
    const r2 = rootIdentifier(ce.expression);
    if (decl && r2 && resolveIdentifier(r2) !== decl) continue;
    const ev = c.arguments[0] && literalOf(ctx.r, c.arguments[0]);
    if (ev && /^(onRequest|preHandler|preValidation)$/.test(String(ev.value)) && c.arguments[1]) {
      if (isAuth(ctx, c.arguments[1])) return true;
      for (const v of ctx.r.values(c.arguments[1]))
        if (v.kind === "node" && isFunctionLike(v.node) && HANDLER_AUTH_CHECK.test(v.node.getText()))
          return true;
    }
  }
  return false;
}

/** A router mounted elsewhere (`app.use("/admin", requireAuth, router)`) behind authentication. */
function mountedWithAuth(ctx: RuleContext, call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const root = rootIdentifier(callee.expression);
  const decl = root && resolveIdentifier(root);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return false;
  const init = unwrap(decl.initializer);
  for (const sf of ctx.r.ws.files()) {
    if (!sf.text.includes(".use(")) continue;
    for (const c of fileIndex(sf).calls) {
      const ce = unwrap(c.expression);
      if (!ts.isPropertyAccessExpression(ce) || ce.name.text !== "use") continue;
      const at = c.arguments.findIndex((a) =>
        ctx.r
          .values(a)
          .some((v) => (v.kind === "api" ? lastCall(v.ref) === init : v.node === init || v.node === decl)),
      );
      if (at < 0) continue;
      if (authBefore(ctx, c, c.arguments[at])) return true;
    }
  }
  return false;
}

/** Authentication for every route of a framework: Nest global guards, a Next.js middleware, Nitro server middleware. */
function globalAuth(ctx: RuleContext, rt: Route): boolean {
  const files = ctx.r.ws.files();
  const rel = (sf: ts.SourceFile): string => sf.fileName.split(/[\\/]/).join("/");
  if (rt.kind === "controller")
    return ctx.facts.cached("nest-global-guards", () =>
      files.some((sf) => /useGlobalGuards\(|\bAPP_GUARD\b/.test(sf.text)),
    );
  if (rt.kind === "file" && rt.fileModel?.middlewareFile) {
    const name = rt.fileModel.middlewareFile;
    // Compared as text: the name comes from a model (possibly the user's) and is not a pattern.
    const wanted = ["ts", "js", "mjs"].flatMap((ext) => [`${name}.${ext}`, `src/${name}.${ext}`]);
    return ctx.facts.cached("file-route-middleware:" + name, () =>
      files.some((sf) => wanted.some((w) => rel(sf) === w || rel(sf).endsWith("/" + w))),
    );
  }
  const folder = rt.model?.middlewareFolder;
  if (folder)
    return ctx.facts.cached("route-middleware:" + folder, () =>
      files.some((sf) => rel(sf).includes("/" + folder + "/") && HANDLER_AUTH_CHECK.test(sf.text)),
    );
  return false;
}
