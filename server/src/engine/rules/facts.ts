/**
 * Workspace-wide facts several rules share, computed once per analysis: which files the code
 * writes (with what data), and helpers to read connection option objects through spreads and
 * constants.
 */
import { rethrowUnlessTooDeep } from "../errors";
import type { Category } from "../models/models";
import { ts } from "ts-morph";
import { isFunctionLike, unwrap } from "../ast/nodes";
import { Flow, pathKey, TaintEngine, WrittenFiles } from "../flow/taint";
import { resolveIdentifier } from "../ast/scopes";
import { Models, PathArgModel, SinkModel } from "../models/models";
import { fileIndex } from "../resolve/fileIndex";
import { objectOf, propValue } from "../resolve/objects";
import { CallLike, lastCall, Resolver } from "../resolve/values";
import type { QueryReader } from "../queries/queries";
import { contentFlows, wordKeys, wordNode, wordShown } from "../commands/commandFacts";
import type { Word } from "../commands/shellWords";
import { argumentAt } from "../models/arguments";
import { resolvedPipelineStages } from "../resolve/pipelines";

const CATS_DELETES: readonly Category[] = ["deletes"];
const CATS_SINKS: readonly Category[] = ["sinks"];
/** Sinks that take data out of the application (file writes are read from `fileWrites`). */
const EXPORT_SINK_KINDS: Partial<Record<SinkModel["kind"], string>> = {
  upload: "an upload",
  http: "an HTTP request body",
  email: "an e-mail",
  socket: "a socket",
  response: "a response",
};

export interface FileWrite {
  call: ts.Node;
  pathExpr: ts.Expression;
  /** Path keys this write may have: its own, and for a path parameter, the arguments at call sites. */
  keys: string[];
  /** Concrete personal-data flows written in clear (empty when none, or when encrypted). Computed on first use. */
  readonly plaintext: Flow[];
  sinkName: string;
  /** For a file named inside a command line: how to show it in messages. */
  shown?: string;
  /** A file saved by a download: data from outside the program that nothing has classified yet. */
  readonly external?: Flow[];
}

/** A write found in a file, before any flow is computed (cached per SourceFile across analyses). */
export interface WriteCandidate {
  call: CallLike;
  pathExpr: ts.Expression;
  data?: ts.Expression[];
  streamPath?: boolean;
  name: string;
  /** A file written by a program the code starts: its path keys, how to show it, and what it holds. */
  command?: { keys: string[]; shown: string; flows: () => Flow[] };
  /** A remote file saved here by a download (`sftp.fastGet(remote, local)`). */
  download?: boolean;
}
export interface DeleteCandidate {
  call: ts.CallExpression;
  pathExpr: ts.Expression;
  /** Keys known in advance (a word of a command line). */
  keys?: string[];
}

/** Per-file candidates kept between analyses (the language server edits one file at a time). */
export class FactsCache {
  writes = new WeakMap<ts.SourceFile, WriteCandidate[]>();
  deletes = new WeakMap<ts.SourceFile, DeleteCandidate[]>();

  /** Forget what was derived from these files (they changed, or a file they import did). */
  invalidate(files: ts.SourceFile[]): void {
    for (const f of files) {
      this.writes.delete(f);
      this.deletes.delete(f);
    }
  }
}

export class WorkspaceFacts implements WrittenFiles {
  private writes?: FileWrite[];
  private memo = new Map<string, unknown>();
  private computing = new Set<FileWrite>();

  constructor(
    private readonly r: Resolver,
    private readonly models: Models,
    private readonly taint: TaintEngine,
    private readonly allFiles: () => ts.SourceFile[],
    private readonly cache = new FactsCache(),
  ) {}

  // WrittenFiles, for the taint engine: reads of files the workspace writes are judged against
  // what was written there, lazily.
  isWritten(key: string): boolean {
    return this.writtenKeys().has(key);
  }

  plaintextWrittenTo(key: string): Flow[] {
    return this.fileWrites()
      .filter((w) => w.keys.includes(key))
      .flatMap((w) =>
        [...w.plaintext, ...(w.external ?? [])].map((f) => ({
          origin: f.origin,
          steps: [...f.steps, w.call],
        })),
      );
  }

  /** A workspace-wide fact computed once per analysis (rules run file by file). */
  cached<T>(key: string, compute: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return this.memo.get(key) as T;
  }

  private writtenKeySet?: Set<string>;

  writtenKeys(): Set<string> {
    if (!this.writtenKeySet) this.writtenKeySet = new Set(this.fileWrites().flatMap((w) => w.keys));
    return this.writtenKeySet;
  }

  private candidates(sf: ts.SourceFile): WriteCandidate[] {
    const hit = this.cache.writes.get(sf);
    if (hit) return hit;
    const out: WriteCandidate[] = [];
    for (const call of fileIndex(sf).calls) {
      if (!this.models.mayWriteFile(call, sf)) continue;
      let refs: ReturnType<Resolver["apis"]> = [];
      try {
        refs = this.r.apis(call);
      } catch (error) {
        rethrowUnlessTooDeep(error); // expected: too deep to follow, not a write we can see
        continue;
      }
      for (const ref of refs) {
        for (const m of this.models.match<SinkModel>("sinks", ref)) {
          if (m.kind !== "file-write") continue;
          const p = this.sinkPath(call, m);
          if (p)
            out.push({
              call,
              pathExpr: p,
              data: m.data.map((d) => this.taint.argExpr(call, d)).filter((x): x is ts.Expression => !!x),
              name: calleeText(call),
            });
        }
        for (const m of this.models.match<PathArgModel>("writeStreams", ref)) {
          const p = argumentAt(this.r, call, m.pathArg ?? 0);
          if (p) out.push({ call, pathExpr: p, streamPath: true, name: calleeText(call) });
        }
      }
      // A download saved to a local path (or into a file write stream) writes what the remote held.
      const site = this.taint.downloads.site(call);
      const local = site && this.taint.downloads.localArg(site);
      if (local) {
        const p = this.writeStreamPath(local) ?? local;
        out.push({ call, pathExpr: p, download: true, name: calleeText(call) });
      }
    }
    // Files written by programs the code starts (`pg_dump -f out`, `mysqldump … > out`, `tar -czf`).
    for (const run of this.taint.commands.runsIn(sf)) {
      for (const w of run.effects.writes) {
        out.push({
          call: run.site as CallLike,
          pathExpr: wordNode(w.file) as ts.Expression,
          name: w.tool,
          command: {
            keys: this.wordPathKeys(w.file),
            shown: wordShown(w.file),
            flows: () =>
              contentFlows(this.r, this.taint.vocab, run, w.content, (k) =>
                this.taint.plaintextWrittenTo ? this.taint.plaintextWrittenTo(k) : [],
              ),
          },
        });
      }
    }
    this.cache.writes.set(sf, out);
    return out;
  }

  /** Keys of a file named in a command line; a word that is one expression gets its callers' keys too. */
  private wordPathKeys(w: Word): string[] {
    const only = w.parts.length === 1 && "expr" in w.parts[0] ? w.parts[0].expr : undefined;
    return only ? pathKeys(this.r, only) : wordKeys(this.r, w);
  }

  /** Every file write in the workspace (fs writes, write streams, workbook and sheet writers); flows computed lazily. */
  fileWrites(): FileWrite[] {
    if (this.writes) return this.writes;
    const writes: FileWrite[] = [];
    this.writes = writes;
    for (const sf of this.allFiles()) {
      for (const c of this.candidates(sf)) {
        let keys: string[];
        try {
          keys = c.command ? c.command.keys : pathKeys(this.r, c.pathExpr);
        } catch (error) {
          rethrowUnlessTooDeep(error); // expected: too deep to follow, a path we cannot name
          continue;
        }
        // eslint-disable-next-line @typescript-eslint/no-this-alias -- read by the getters of the literal below
        const facts = this;
        let plaintext: Flow[] | undefined;
        let external: Flow[] = [];
        const w: FileWrite = {
          call: c.call,
          pathExpr: c.pathExpr,
          keys,
          sinkName: c.name,
          shown: c.command?.shown,
          get external(): Flow[] {
            void w.plaintext;
            return external;
          },
          get plaintext(): Flow[] {
            if (plaintext) return plaintext;
            if (facts.computing.has(w)) return [];
            facts.computing.add(w);
            try {
              let flows: Flow[] = [];
              if (c.data) for (const d of c.data) flows = flows.concat(facts.taint.concreteFlows(d));
              if (c.streamPath) flows = facts.streamContents(c.call);
              if (c.command) flows = c.command.flows();
              if (c.download) {
                const site = facts.taint.downloads.site(c.call);
                flows = site ? facts.taint.downloads.contents(site) : [];
                external = flows.filter((f) => f.origin.kind === "ext");
              }
              plaintext = flows.filter((f) => f.origin.kind === "src");
            } catch (error) {
              rethrowUnlessTooDeep(error); // expected: too deep to follow, no flow we can see
              plaintext = [];
            } finally {
              facts.computing.delete(w);
            }
            return plaintext;
          },
        };
        writes.push(w);
      }
    }
    return writes;
  }

  /**
   * The sources whose data leave the application somewhere in the workspace: written to a file in
   * clear, or passed to an upload, an HTTP request body, an e-mail or a socket. Source node → the
   * first such sink. Computed once per analysis, on first use.
   */
  exportSinks(): Map<ts.Node, { node: ts.Node; what: string }> {
    return this.cached("export-sinks", () => {
      const out = new Map<ts.Node, { node: ts.Node; what: string }>();
      const add = (flows: Flow[], node: ts.Node, what: string): void => {
        for (const f of flows)
          if (f.origin.kind === "src" && !out.has(f.origin.src.node))
            out.set(f.origin.src.node, { node, what });
      };
      for (const w of this.fileWrites()) add(w.plaintext, w.call, "a file");
      for (const sf of this.allFiles()) {
        const idx = fileIndex(sf);
        for (const call of [...idx.calls, ...idx.news]) {
          if (!this.models.mayMatch(call, CATS_SINKS, sf)) continue;
          let refs: ReturnType<Resolver["apis"]> = [];
          try {
            refs = this.r.apis(call);
          } catch (error) {
            rethrowUnlessTooDeep(error); // expected: too deep to follow, not a sink we can see
            continue;
          }
          for (const ref of refs)
            for (const m of this.models.match<SinkModel>("sinks", ref)) {
              const what = EXPORT_SINK_KINDS[m.kind];
              if (!what) continue;
              for (const d of m.data)
                for (const e of this.taint.argExprs(call, d)) add(this.taint.concreteFlows(e), call, what);
            }
        }
      }
      return out;
    });
  }

  /** Every removal of a local file (fs.rm/unlink and friends), with its path key. */
  deletes(): Array<{ call: ts.CallExpression; key: string; keys: string[] }> {
    return this.cached("deletes", () => {
      const out: Array<{ call: ts.CallExpression; key: string; keys: string[] }> = [];
      for (const sf of this.allFiles()) {
        let list = this.cache.deletes.get(sf);
        if (!list) {
          list = [];
          for (const call of fileIndex(sf).calls) {
            if (!this.models.mayMatch(call, CATS_DELETES, sf)) continue;
            for (const ref of this.r.apis(call)) {
              const m = this.models.match<PathArgModel>("deletes", ref)[0];
              const p = m && argumentAt(this.r, call, m.pathArg ?? 0);
              if (p) {
                list.push({ call, pathExpr: p });
                break;
              }
            }
          }
          // `rm -f out` in a command line.
          for (const run of this.taint.commands.runsIn(sf))
            for (const d of run.effects.deletes)
              list.push({
                call: run.site as ts.CallExpression,
                pathExpr: wordNode(d.file) as ts.Expression,
                keys: this.wordPathKeys(d.file),
              });
          this.cache.deletes.set(sf, list);
        }
        for (const d of list) {
          let keys: string[];
          try {
            keys = d.keys ?? pathKeys(this.r, d.pathExpr);
          } catch (error) {
            rethrowUnlessTooDeep(error); // expected: too deep to follow, the path's own text as key
            keys = [pathKey(this.r, d.pathExpr)];
          }
          out.push({ call: d.call, key: keys[0], keys });
          // A helper that removes the path it is given (`removeQuietly(file)`): each call of it is a
          // removal too, at the caller's place (where a finally block can hold it).
          const u = unwrap(d.pathExpr);
          const p = ts.isIdentifier(u) ? resolveIdentifier(u) : undefined;
          if (p && ts.isParameter(p) && isFunctionLike(p.parent)) {
            const index = p.parent.parameters.indexOf(p);
            for (const site of this.r.callSites(p.parent)) {
              const a =
                !ts.isTaggedTemplateExpression(site) && ts.isCallExpression(site)
                  ? site.arguments[index]
                  : undefined;
              if (!a) continue;
              let ks: string[];
              try {
                ks = pathKeys(this.r, a);
              } catch (error) {
                rethrowUnlessTooDeep(error); // expected: too deep to follow, a path we cannot name
                continue;
              }
              out.push({ call: site as ts.CallExpression, key: ks[0], keys: ks });
            }
          }
        }
      }
      return out;
    });
  }

  /** Data written in clear into a write stream created by `call` (ws.write(x), src.pipe(ws), pipeline(..., ws)). */
  private streamContents(call: CallLike, taint = this.taint): Flow[] {
    const out: Flow[] = [];
    const host = call.parent;
    if (host && ts.isVariableDeclaration(host)) {
      const idx = fileIndex(host.getSourceFile());
      for (const c of idx.mutations.get(host) ?? [])
        out.push(...c.arguments.flatMap((a) => taint.concreteFlows(a)));
      for (const u of idx.argUses.get(host) ?? []) out.push(...this.pipedInto(u.call, u.index, taint));
    } else if (host && ts.isCallExpression(host)) {
      out.push(...this.pipedInto(host, host.arguments.indexOf(call), taint));
    }
    return out;
  }

  /** Flows arriving at argument `index` of a pipe/pipeline call, after any cipher stage. */
  pipedInto(call: ts.CallExpression | ts.NewExpression, index: number, taint = this.taint): Flow[] {
    if (!ts.isCallExpression(call)) return [];
    const callee = unwrap(call.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "pipe" && index === 0) {
      return taint.concreteFlows(callee.expression);
    }
    if (this.r.apis(call).some((ref) => this.models.match("pipelines", ref).length)) {
      const stages = resolvedPipelineStages(call);
      let acc: Flow[] = [];
      for (let i = 0; i < stages.length; i++) {
        const s = stages[i];
        if (
          i === index ||
          (stages.length !== call.arguments.length && i === stages.length - 1 && index === 0)
        )
          return acc;
        if (taint.isSanitizingStream(s)) acc = [];
        else if (isFunctionLike(unwrap(s))) continue;
        else acc = acc.concat(taint.concreteFlows(s));
      }
    }
    return [];
  }

  isCipher(e: ts.Expression): boolean {
    return this.taint.isSanitizingStream(e);
  }

  /** The path a file write stream was created with (`fs.createWriteStream(path)`), when it is one. */
  writeStreamPath(e: ts.Expression): ts.Expression | undefined {
    for (const ref of this.r.apis(e)) {
      const m = this.models.match<PathArgModel>("writeStreams", ref)[0];
      const c = m && lastCall(ref);
      if (c) return argumentAt(this.r, c, m.pathArg ?? 0);
    }
    return undefined;
  }

  isWriteStream(e: ts.Expression): boolean {
    return this.r.apis(e).some((ref) => this.models.match("writeStreams", ref).length > 0);
  }

  /** A writable stream that sends its input over the network (HTTP request body, SFTP file). */
  isUploadStream(e: ts.Expression): boolean {
    return this.r.apis(e).some((ref) => this.models.match("uploadStreams", ref).length > 0);
  }

  sinkPath(call: CallLike, m: SinkModel): ts.Expression | undefined {
    if (ts.isTaggedTemplateExpression(call)) return undefined;
    if (m.pathArg !== undefined) return argumentAt(this.r, call, m.pathArg);
    if (m.pathFrom) {
      for (const ref of this.r.apis(call)) {
        const names = new Set(m.pathFrom.split("|"));
        for (let i = 0; i + 1 < ref.steps.length; i++) {
          const a = ref.steps[i];
          const b = ref.steps[i + 1];
          if (
            a.k === "m" &&
            names.has(a.name) &&
            b.k === "c" &&
            b.node &&
            !ts.isTaggedTemplateExpression(b.node)
          ) {
            const arg0 = b.node.arguments?.[0];
            if (!arg0) continue;
            if (m.pathFromKey) {
              const o = objectOf(this.r, arg0);
              const v = o ? propValue(this.r, o, m.pathFromKey) : undefined;
              if (v) return v.value;
            } else return arg0;
          }
        }
      }
    }
    return undefined;
  }
}

/** Keys of a path expression; a path parameter also takes the keys of what its callers pass. */
export function pathKeys(r: Resolver, e: ts.Expression, depth = 0): string[] {
  const keys = [pathKey(r, e)];
  const u = unwrap(e);
  if (depth < 2 && ts.isIdentifier(u)) {
    const d = resolveIdentifier(u);
    if (d && ts.isParameter(d) && isFunctionLike(d.parent)) {
      // Call-site arguments, or for a callback what is handed back to it (`done(null, file)`, `.then`).
      for (const a of r.parameterArguments(d).args) keys.push(...pathKeys(r, a, depth + 1));
    }
    // `({ path }) => upload(path)` called with `{ path: filepath }`.
    if (d && ts.isBindingElement(d))
      for (const a of r.bindingArguments(d).args) keys.push(...pathKeys(r, a, depth + 1));
  }
  return [...new Set(keys)];
}

export { pipelineStages, resolvedPipelineStages } from "../resolve/pipelines";

export function calleeText(call: CallLike): string {
  if (ts.isNewExpression(call))
    return "new " + calleeText(ts.factory.createCallExpression(call.expression, undefined, []));
  const c = ts.isTaggedTemplateExpression(call) ? call.tag : call.expression;
  const u = unwrap(c);
  if (ts.isIdentifier(u)) return u.text;
  if (ts.isPropertyAccessExpression(u)) {
    const inner = unwrap(u.expression);
    if (ts.isIdentifier(inner)) return inner.text + "." + u.name.text;
    if (ts.isPropertyAccessExpression(inner)) return inner.name.text + "." + u.name.text;
    return u.name.text;
  }
  return "call";
}

// Object literals seen through spreads and constants: one helper for the whole engine, in resolve/.
export { hasProp, objectsOf } from "../resolve/objects";
export type { PropHit } from "../resolve/objects";
export { objectOf, propValue };

/** The literal an expression evaluates to (through consts), with the node where it is written. */
export function literalOf(
  r: Resolver,
  e: ts.Expression,
  depth = 0,
): { value: string | boolean | number; node: ts.Node } | undefined {
  const u = unwrap(e);
  if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) return { value: u.text, node: u };
  if (u.kind === ts.SyntaxKind.TrueKeyword) return { value: true, node: u };
  if (u.kind === ts.SyntaxKind.FalseKeyword) return { value: false, node: u };
  if (ts.isNumericLiteral(u)) return { value: Number(u.text), node: u };
  if (
    ts.isPrefixUnaryExpression(u) &&
    u.operator === ts.SyntaxKind.ExclamationToken &&
    ts.isNumericLiteral(u.operand)
  )
    return { value: u.operand.text === "0", node: u };
  if (depth > 6) return undefined;
  if (ts.isIdentifier(u) || ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u)) {
    if (ts.isPropertyAccessExpression(u) && isEnvAccess(u)) return undefined;
    const vals = r.values(u);
    if (vals.length !== 1) return undefined;
    const v = vals[0];
    if (v.kind === "node" && v.node !== u && ts.isExpression(v.node)) return literalOf(r, v.node, depth + 1);
  }
  return undefined;
}

/** `process.env.X` or `process.env["X"]`. */
export function isEnvAccess(e: ts.Expression): boolean {
  const u = unwrap(e);
  if (!(ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u))) return false;
  const o = unwrap(u.expression);
  return (
    ts.isPropertyAccessExpression(o) &&
    o.name.text === "env" &&
    ts.isIdentifier(o.expression) &&
    o.expression.text === "process"
  );
}

/** Local paths inside (arrays of) option objects: `0.attachments.path` of `sendMail({ attachments: [{ path }] })`. */
export function propertyPaths(
  ctx: { queries: QueryReader },
  call: ts.CallExpression,
  ref: string,
): ts.Expression[] {
  const [pos, ...props] = ref.split(".");
  let level: ts.Expression[] = call.arguments[Number(pos)] ? [call.arguments[Number(pos)]] : [];
  for (const p of props) {
    const next: ts.Expression[] = [];
    for (const e of level) {
      const u = unwrap(e);
      const items = ts.isArrayLiteralExpression(u) ? [...u.elements] : [u];
      for (const it of items) {
        const o = ctx.queries.objectOf(it);
        const v = o && ctx.queries.prop(o, p);
        if (v) next.push(v);
      }
    }
    level = next;
  }
  return level.flatMap((e) => (ts.isArrayLiteralExpression(unwrap(e)) ? [] : [e]));
}
