/**
 * Routes as channels: where a web handler is registered (express and its routers, fastify,
 * koa-router, h3/Nitro `defineEventHandler`, NestJS controller methods, Next.js route files), with
 * what runs before it (middleware, hooks, guards) and what it sends back (a local file, a stream,
 * an attachment). Which calls, decorators and files are routes comes from the `routes`,
 * `controllers` and `fileRoutes` models; this module only walks handlers.
 */
import * as path from "path";
import { ts } from "ts-morph";
import { isFunctionLike, stringLiteralValue, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { argumentAt } from "../models/arguments";
import { FileRouteModel, Models, PathArgModel, RouteModel } from "../models/models";
import { fileIndex } from "../resolve/fileIndex";
import { lastCall, Resolver } from "../resolve/values";

export interface Route {
  /** Where the route is registered: the registration call, the decorated method, or the exported handler. */
  node: ts.Node;
  handler: ts.Node & { body?: ts.Node };
  /** Handlers and middleware passed before the handler in the same registration. */
  before: ts.Expression[];
  /** The registration call, when there is one (for app-level middleware before it). */
  call?: ts.CallExpression;
  /** Hook functions declared with the route (fastify onRequest/preHandler). */
  hooks: ts.Expression[];
  /** Guards on the method or its controller (NestJS). */
  guarded: boolean;
  /** Parameters that hold the response or the context (`res`, `reply`, `ctx`, `event`). */
  responseParams: ts.ParameterDeclaration[];
  model?: RouteModel;
  kind: "registration" | "controller" | "file";
  fileModel?: FileRouteModel;
}

/** What a handler sends back. */
export interface RouteSends {
  /** Local files it serves (`res.download(f)`, `createReadStream(f)` piped or returned). */
  files: Array<{ call: ts.CallExpression | ts.NewExpression; path: ts.Expression }>;
  /** Bodies sent as a download (a `Content-Disposition` header, `res.attachment()`). */
  bodies: ts.Expression[];
  /** Streams piped into the response or returned. */
  streams: ts.Expression[];
  attachment: boolean;
}

const FILE_METHODS = new Set(["download", "sendFile", "sendfile"]);
const ATTACHMENT_METHODS = new Set(["attachment"]);
const BODY_METHODS = new Set(["send", "json", "end", "write"]);

export class RouteReader {
  private routes?: Map<ts.SourceFile, Route[]>;

  constructor(
    private readonly r: Resolver,
    private readonly models: Models,
  ) {}

  private handlers?: Map<ts.Node, Route>;

  /**
   * A parameter through which a handler receives the client's request (`req` of express, `request`
   * of fastify, a NestJS `@Body()`): what it carries comes from outside the program.
   */
  isRequestParam(p: ts.ParameterDeclaration): boolean {
    if (!this.handlers) {
      this.handlers = new Map();
      if (!this.routes) this.routes = this.findAll();
      for (const list of this.routes.values()) for (const rt of list) this.handlers.set(rt.handler, rt);
    }
    const rt = this.handlers.get(p.parent);
    if (!rt || rt.responseParams.includes(p)) return false;
    if (rt.kind === "controller")
      return (ts.canHaveDecorators(p) ? (ts.getDecorators(p) ?? []) : []).some((d) => {
        const e = d.expression;
        const name = ts.isCallExpression(e) ? e.expression.getText() : e.getText();
        return /^(Body|Req|Request|Query|Param|Headers|UploadedFile|UploadedFiles)$/.test(name);
      });
    return p.parent.parameters.indexOf(p) === 0;
  }

  routesIn(sf: ts.SourceFile): Route[] {
    if (!this.routes) this.routes = this.findAll();
    return this.routes.get(sf) ?? [];
  }

  private findAll(): Map<ts.SourceFile, Route[]> {
    const out = new Map<ts.SourceFile, Route[]>();
    const add = (sf: ts.SourceFile, rt: Route): void => {
      const l = out.get(sf) ?? [];
      l.push(rt);
      out.set(sf, l);
    };
    const fileRoutes = this.models.fileRoutes();
    for (const sf of this.r.ws.files()) {
      const idx = fileIndex(sf);
      for (const call of idx.calls) {
        if (!this.models.mayMatch(call, CATS_ROUTES, sf)) continue;
        for (const ref of this.r.apis(call)) {
          if (lastCall(ref) !== call) continue;
          const m = this.models.match<RouteModel>("routes", ref)[0];
          if (m) for (const rt of this.registration(call, m)) add(sf, rt);
        }
      }
      for (const rt of this.controllers(sf)) add(sf, rt);
      const rel = path.relative(this.r.ws.root, sf.fileName).split(path.sep).join("/");
      for (const fr of fileRoutes)
        if (fr.match(rel)) for (const rt of this.exported(sf, fr.model)) add(sf, rt);
    }
    return out;
  }

  /** `app.get("/x", auth, handler)`, `fastify.route({ url, preHandler, handler })`, `defineEventHandler(h)`. */
  private registration(call: ts.CallExpression, m: RouteModel): Route[] {
    const out: Route[] = [];
    const hooks: ts.Expression[] = [];
    let handlers: ts.Expression[] = [];
    if (m.options !== undefined) {
      const o = argumentAt(this.r, call, m.options);
      const obj = o && objectOf(this.r, o);
      if (obj) {
        for (const p of obj.properties) {
          if (!ts.isPropertyAssignment(p) && !ts.isMethodDeclaration(p)) continue;
          const k = p.name && ts.isIdentifier(p.name) ? p.name.text : stringLiteralValue(p.name);
          if (!k) continue;
          const v = ts.isPropertyAssignment(p) ? p.initializer : (p as unknown as ts.Expression);
          if ((m.hookKeys ?? []).includes(k)) hooks.push(v);
          if (k === (m.handlerKey ?? "handler")) handlers.push(v);
        }
      }
    }
    if (m.handlers !== undefined) handlers = handlers.concat(call.arguments.slice(m.handlers));
    // The last function is the handler; what comes before it runs first.
    const fns = handlers.map((h) => ({ h, fn: this.functionOf(h) })).filter((x) => x.fn);
    const last = fns[fns.length - 1];
    if (!last || !last.fn) return out;
    const at = call.arguments.indexOf(last.h);
    const before = at > 0 ? call.arguments.slice(0, at) : [];
    const params = last.fn.parameters ?? [];
    const responseParams = (m.response ?? [])
      .map((i) => params[i])
      .filter((p): p is ts.ParameterDeclaration => !!p);
    out.push({
      node: call,
      handler: last.fn,
      before,
      call,
      hooks,
      guarded: false,
      responseParams,
      model: m,
      kind: "registration",
    });
    return out;
  }

  /** NestJS: methods with a route decorator in a class with a controller decorator. */
  private controllers(sf: ts.SourceFile): Route[] {
    const out: Route[] = [];
    const models = this.models.controllerModels();
    if (!models.length) return out;
    const visit = (n: ts.Node): void => {
      if (ts.isClassDeclaration(n)) {
        const m = models.find((cm) => this.hasDecorator(n, cm.path, cm.modules));
        if (m) {
          const classGuarded = this.hasDecorator(n, m.guards, m.modules);
          for (const member of n.members) {
            if (
              !ts.isMethodDeclaration(member) ||
              !member.body ||
              !this.hasDecorator(member, m.route, m.modules)
            )
              continue;
            const responseParams = member.parameters.filter((p) =>
              this.hasDecorator(p, m.response, m.modules),
            );
            out.push({
              node: member.name,
              handler: member,
              before: [],
              hooks: [],
              guarded: classGuarded || this.hasDecorator(member, m.guards, m.modules),
              responseParams,
              kind: "controller",
            });
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return out;
  }

  /** Next.js route files: the exported GET/POST… functions (or the default export) are handlers. */
  private exported(sf: ts.SourceFile, m: FileRouteModel): Route[] {
    const out: Route[] = [];
    for (const st of sf.statements) {
      const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
      const exported = mods?.some((x) => x.kind === ts.SyntaxKind.ExportKeyword);
      const isDefault = mods?.some((x) => x.kind === ts.SyntaxKind.DefaultKeyword);
      const take = (name: string, fn: ts.Node | undefined, node: ts.Node): void => {
        if (!fn || !isFunctionLike(fn) || !m.exports.includes(name)) return;
        const params = fn.parameters ?? [];
        const responseParams = (m.response ?? [])
          .map((i) => params[i])
          .filter((p): p is ts.ParameterDeclaration => !!p);
        out.push({
          node,
          handler: fn,
          before: [],
          hooks: [],
          guarded: false,
          responseParams,
          kind: "file",
          fileModel: m,
        });
      };
      if (exported && ts.isFunctionDeclaration(st))
        take(isDefault ? "default" : (st.name?.text ?? ""), st, st.name ?? st);
      if (exported && ts.isVariableStatement(st))
        for (const d of st.declarationList.declarations)
          if (ts.isIdentifier(d.name) && d.initializer) take(d.name.text, unwrap(d.initializer), d.name);
      if (ts.isExportAssignment(st) && !st.isExportEquals) {
        const fn = this.functionOf(st.expression);
        if (fn) take("default", fn, st);
      }
    }
    return out;
  }

  private functionOf(e: ts.Expression): (ts.SignatureDeclaration & { body?: ts.Node }) | undefined {
    const u = unwrap(e);
    if (isFunctionLike(u)) return u;
    for (const v of this.r.values(u)) {
      if (v.kind !== "node") continue;
      if (isFunctionLike(v.node)) return v.node;
      if (
        ts.isVariableDeclaration(v.node) &&
        v.node.initializer &&
        isFunctionLike(unwrap(v.node.initializer))
      )
        return unwrap(v.node.initializer) as ts.SignatureDeclaration & { body?: ts.Node };
    }
    return undefined;
  }

  private hasDecorator(n: ts.Node, paths: string | string[] | undefined, modules: string[]): boolean {
    if (!paths || !ts.canHaveDecorators(n)) return false;
    for (const d of ts.getDecorators(n) ?? []) {
      const e = d.expression;
      for (const ref of this.r.apis(e)) if (this.models.matchesPaths(paths, ref, modules)) return true;
    }
    return false;
  }

  /** What a route's handler sends back, read from its body. */
  sends(rt: Route): RouteSends {
    const out: RouteSends = { files: [], bodies: [], streams: [], attachment: false };
    const body = rt.handler.body;
    if (!body) return out;
    const responseDecls = new Set<ts.Node>(rt.responseParams);
    const isResponse = (e: ts.Expression): boolean => {
      const u = unwrap(e);
      const d = ts.isIdentifier(u) ? resolveIdentifier(u) : undefined;
      return !!d && responseDecls.has(d);
    };
    const visit = (n: ts.Node): void => {
      if (n !== body && isFunctionLike(n) && !isInline(n)) return;
      if (ts.isStringLiteralLike(n) && /^content-disposition$/i.test(n.text)) out.attachment = true;
      if (ts.isCallExpression(n)) {
        const callee = unwrap(n.expression);
        if (ts.isPropertyAccessExpression(callee) && isResponse(callee.expression)) {
          const m = callee.name.text;
          if (FILE_METHODS.has(m) && n.arguments[0]) out.files.push({ call: n, path: n.arguments[0] });
          if (ATTACHMENT_METHODS.has(m)) out.attachment = true;
          if (BODY_METHODS.has(m) && n.arguments[0]) out.bodies.push(n.arguments[0]);
        }
        // `stream.pipe(res)`, `pipeline(src, …, res)`
        if (
          ts.isPropertyAccessExpression(callee) &&
          callee.name.text === "pipe" &&
          n.arguments[0] &&
          isResponse(n.arguments[0])
        )
          out.streams.push(callee.expression);
        if (
          n.arguments.length > 1 &&
          isResponse(n.arguments[n.arguments.length - 1]) &&
          /pipeline/.test(callee.getText())
        )
          out.streams.push(...n.arguments.slice(0, -1));
        // A read of a local file in the handler: what it reads is what it serves.
        for (const ref of this.r.apis(n)) {
          const m = this.models.match<PathArgModel>("reads", ref)[0];
          const p = m && argumentAt(this.r, n, m.pathArg ?? 0);
          if (p) out.files.push({ call: n, path: p });
        }
      }
      // koa `ctx.body = x`
      if (
        ts.isBinaryExpression(n) &&
        n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(n.left) &&
        n.left.name.text === "body" &&
        isResponse(n.left.expression)
      )
        out.bodies.push(n.right);
      if (ts.isReturnStatement(n) && n.expression && enclosingFunction(n) === rt.handler)
        out.bodies.push(n.expression);
      ts.forEachChild(n, visit);
    };
    visit(body);
    return out;
  }
}

const CATS_ROUTES = ["routes"] as const;

function isInline(fn: ts.Node): boolean {
  return !!fn.parent && (ts.isCallExpression(fn.parent) || ts.isNewExpression(fn.parent));
}

function enclosingFunction(n: ts.Node): ts.Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (isFunctionLike(p)) return p;
  return undefined;
}

function objectOf(r: Resolver, e: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const u = unwrap(e);
  if (ts.isObjectLiteralExpression(u)) return u;
  for (const v of r.values(u)) if (v.kind === "node" && ts.isObjectLiteralExpression(v.node)) return v.node;
  return undefined;
}
