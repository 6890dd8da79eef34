/**
 * Follows personal data through the program. Each expression gets a list of flows: where the data
 * came from (a query on personal tables, a value of a personal type, a file already holding such
 * data) or, inside a function, which parameter it came from. Local functions are summarised once
 * (what their return carries, in terms of their parameters) and the summary is instantiated at
 * each call; at a sink, parameter origins are resolved upwards through every call site. No API
 * name appears here: sources, sanitisers and propagators come from the models.
 */
import { ts } from "ts-morph";
import {
  enclosingFunction,
  isFunctionLike,
  outermostValueWrapper,
  propertyNameText,
  returnExpressions,
  stringLiteralValue,
  unwrap,
} from "../ast/nodes";
import { resolveIdentifier, resolveTypeName } from "../ast/scopes";
import { Vocabulary } from "../classify/vocabulary";
import {
  Models,
  PropagatorModel,
  MutatorModel,
  SanitizerModel,
  PathArgModel,
  ParserModel,
  ArgRef,
  ConnectionModel,
} from "../models/models";
import { QueryInfo, QueryReader } from "../queries/queries";
import { fileIndex, isMutatorName, rootIdentifier, thisClass } from "../resolve/fileIndex";
import { CallLike, constString, lastCall, Resolver, Val } from "../resolve/values";
import { stageOf } from "../resolve/pipelines";
import { argumentAt, argumentsAt, conditionHolds } from "../models/arguments";
import { Evidence, ExternalInfo, isExternal, mergeUsage, parentName } from "./evidence";
import { Responses } from "./responses";
import { Downloads } from "./downloads";

export type { ExternalInfo } from "./evidence";

import { CommandReader } from "../commands/commands";
import { RouteReader } from "../routes/routes";
import { dumpFlows } from "../commands/commandFacts";
import type { Category } from "../models/models";

const CATS_COMMANDS: readonly Category[] = ["commands", "dumps"];

export interface SourceInfo {
  node: ts.Node;
  /** `format`: the shape of what is written says what it is (an MLLP-framed HL7 v2 message). */
  kind: "query" | "typed" | "file" | "response" | "download" | "dump" | "request" | "format";
  /** What is at risk, for messages: `patients.nir, nom`; never a data value. */
  atRisk: string;
  query?: QueryInfo;
  /** Data from outside the program made personal where it is used: its holder and the names that classify it. */
  usage?: { holder: string; fields: string[] };
}

export type Origin =
  | { kind: "src"; src: SourceInfo }
  /** `key`: the parameter is an object pattern and this flow is what its property `key` receives. */
  | { kind: "param"; fn: ts.Node; index: number; sql?: boolean; key?: string }
  /** Data from outside the program (a response, a file, a row of an unnamed table) not classified yet. */
  | { kind: "ext"; ext: ExternalInfo };

export interface Flow {
  origin: Origin;
  steps: ts.Node[];
}

/** MLLP framing bytes (0x0b start, 0x1c end) or an HL7 v2 message header in source text. */
export const MLLP_EVIDENCE =
  /\\x0[bB]|\\u000[bB]|\b0x0[bB]\b|fromCharCode\(\s*(11|0x0[bB])\s*\)|\\x1[cC]|\\u001[cC]|\b0x1[cC]\b|["'`]MSH\|/;

const NOT_DATA_PROPS = new Set([
  "length",
  "size",
  "rowCount",
  "affectedRows",
  "insertId",
  "changedRows",
  "count",
  "total",
  "totalCount",
  "ok",
  "status",
  "statusCode",
  "command",
  "fields",
  "oid",
  "done",
  "byteLength",
  "resourceType",
]);
const MAX_FLOWS = 6;
/** External (not yet classified) flows kept per expression, apart from the personal ones. */
const MAX_EXTERNAL = 4;
/** Methods whose result is the callback's return value (plus, for catch/reduce, something else). */
const CALLBACK_RESULT = new Set(["then", "catch", "map", "flatMap", "reduce", "reduceRight"]);
const MAX_STEPS = 12;

/** A parameter flow narrowed to one property of the object pattern it is destructured with. */
function withParameterKey(flow: Flow, key: string): Flow {
  if (flow.origin.kind !== "param") return flow;
  return { origin: { ...flow.origin, key }, steps: flow.steps };
}

function originKey(o: Origin): string {
  if (o.kind === "src") return "s" + o.src.node.getSourceFile().fileName + ":" + o.src.node.pos;
  if (o.kind === "ext") return "x" + o.ext.node.getSourceFile().fileName + ":" + o.ext.node.pos;
  const where = o.fn.getSourceFile().fileName + ":" + o.fn.pos + ":" + o.index;
  return "p" + where + (o.sql ? "q" : "") + (o.key !== undefined ? "." + o.key : "");
}

export function union(...lists: Flow[][]): Flow[] {
  const out: Flow[] = [];
  const at = new Map<string, number>();
  let external = 0;
  for (const l of lists)
    for (const f of l) {
      const k = originKey(f.origin);
      const i = at.get(k);
      if (i !== undefined) {
        // The same external value classified by two names: one source naming both fields.
        const prev = out[i].origin;
        if (prev.kind === "src" && f.origin.kind === "src") {
          const merged = mergeUsage(prev.src, f.origin.src);
          if (merged) out[i] = { origin: { kind: "src", src: merged }, steps: out[i].steps };
        }
        continue;
      }
      if (f.origin.kind === "ext") {
        if (external >= MAX_EXTERNAL) continue;
        external++;
      } else if (out.length - external >= MAX_FLOWS) continue;
      at.set(k, out.length);
      out.push(f);
    }
  return out;
}

function step(flows: Flow[], n: ts.Node): Flow[] {
  if (!flows.length) return flows;
  return flows.map((f) =>
    f.steps.length >= MAX_STEPS || f.steps[f.steps.length - 1] === n
      ? f
      : { origin: f.origin, steps: [...f.steps, n] },
  );
}

/**
 * What the taint engine needs to know about the files the workspace writes, given to its
 * constructor (the engine never reaches up into the rules layer for it).
 */
export interface WrittenFiles {
  /** True when the workspace writes a file with this path key (any content): reading it back is no new source. */
  isWritten(key: string): boolean;
  /** What the workspace writes in clear into a file with this path key. */
  plaintextWrittenTo(key: string): Flow[];
}

export class TaintEngine {
  private exprCache = new Map<ts.Node, Flow[]>();
  private declCache = new Map<ts.Node, Flow[]>();
  private retCache = new Map<ts.Node, Flow[]>();
  private busy = new Set<ts.Node>();
  private typeCache = new Map<ts.Node, string | null>();
  /** What the workspace writes in clear into a file with this path key (from `writtenFiles`). */
  readonly plaintextWrittenTo?: (key: string) => Flow[];
  /** Classification where data is used (names read, keys and headers built, FHIR structure). */
  readonly evidence: Evidence;
  /** HTTP client responses (fetch, axios, FHIR clients…): external data, personal by endpoint or by use. */
  readonly responses: Responses;
  /** Remote files brought in (SFTP/FTP get, GetObject): external data, personal by name or by use. */
  readonly downloads: Downloads;

  constructor(
    readonly r: Resolver,
    readonly models: Models,
    readonly queries: QueryReader,
    readonly vocab: Vocabulary,
    /** The files the workspace writes, when the caller knows them (the analyzer's WorkspaceFacts). */
    private readonly writtenFiles?: WrittenFiles,
  ) {
    if (writtenFiles) this.plaintextWrittenTo = (key) => writtenFiles.plaintextWrittenTo(key);
    // Models with `when`/`unless` conditions read argument values through this analysis' resolver.
    models.conditionCheck = (call, c) => conditionHolds(r, call, c);
    this.evidence = new Evidence(r, vocab);
    this.commands = new CommandReader(r, models);
    this.routes = new RouteReader(r, models);
    this.downloads = new Downloads(r, models, this.evidence);
    this.responses = new Responses(r, models, vocab, (e) =>
      this.flowsOf(e).filter((f) => f.origin.kind === "src"),
    );
  }

  /** Web handlers and what they send back. */
  readonly routes: RouteReader;

  /** Programs the code starts, read as command lines (dump tools, archivers, transfers). */
  readonly commands: CommandReader;

  // ---- public --------------------------------------------------------------------------------

  /** Forget memoised flows (after facts that change what a read returns became known). */
  resetCaches(): void {
    this.exprCache.clear();
    this.declCache.clear();
    this.retCache.clear();
  }

  /** Flows into an expression, with parameter origins still symbolic. */
  flowsOf(e: ts.Expression): Flow[] {
    // `x as Patient[]`: whatever x carries, plus what the asserted type says it is.
    if (
      (ts.isAsExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) &&
      !ts.isConstTypeReference(e.type)
    ) {
      return union(this.flowsOf(e.expression), this.typedFlows(e.type, e));
    }
    if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAwaitExpression(e))
      return this.flowsOf(e.expression);
    const u = unwrap(e);
    const hit = this.exprCache.get(u) ?? this.provisional.expr.get(u);
    if (hit) return hit;
    if (this.busy.has(u)) return this.cut(u);
    this.busy.add(u);
    let out: Flow[];
    try {
      out = this.compute(u);
    } finally {
      this.busy.delete(u);
    }
    this.remember(this.exprCache, this.provisional.expr, u, out);
    return out;
  }

  /**
   * A node asked for while it is being computed (`p = p.pipe(x)`) gives nothing for now. Results
   * computed under such a cut are incomplete until the node that was cut is done: they are kept
   * for the rest of the current query only, and recomputed by later ones.
   */
  private cutNodes = new Set<ts.Node>();
  private provisional = {
    expr: new Map<ts.Node, Flow[]>(),
    decl: new Map<ts.Node, Flow[]>(),
    ret: new Map<ts.Node, Flow[]>(),
  };

  private cut(n: ts.Node): Flow[] {
    this.cutNodes.add(n);
    return [];
  }

  private remember(
    cache: Map<ts.Node, Flow[]>,
    provisional: Map<ts.Node, Flow[]>,
    n: ts.Node,
    out: Flow[],
  ): void {
    let complete = true;
    // A cut node that is done no longer makes anything incomplete: forget it as we go.
    for (const c of this.cutNodes)
      if (this.busy.has(c)) {
        complete = false;
        break;
      } else this.cutNodes.delete(c);
    if (complete) cache.set(n, out);
    else provisional.set(n, out);
    if (!this.busy.size) {
      this.cutNodes.clear();
      this.provisional.expr.clear();
      this.provisional.decl.clear();
      this.provisional.ret.clear();
    }
  }

  /** Flows into an expression with parameter origins resolved through call sites to concrete sources. */
  concreteFlows(e: ts.Expression): Flow[] {
    const flows = this.resolveParams(this.flowsOf(e), new Set(), 0);
    // A script that makes fake records (it imports Faker or the like): the declared types of what
    // it writes describe the shape of its fakes, not people. Real sources (queries, responses,
    // downloads, files read) still count.
    if (!this.makesFakeData(e.getSourceFile())) return flows;
    return flows.filter((f) => !(f.origin.kind === "src" && f.origin.src.kind === "typed"));
  }

  private readonly fakeDataFiles = new Map<ts.SourceFile, boolean>();

  private makesFakeData(sf: ts.SourceFile): boolean {
    let hit = this.fakeDataFiles.get(sf);
    if (hit === undefined) {
      hit = false;
      for (const st of sf.statements)
        if (
          ts.isImportDeclaration(st) &&
          ts.isStringLiteral(st.moduleSpecifier) &&
          this.vocab.isSyntheticDataModule(st.moduleSpecifier.text)
        )
          hit = true;
      if (!hit)
        for (const c of fileIndex(sf).calls)
          if (
            ts.isIdentifier(c.expression) &&
            c.expression.text === "require" &&
            c.arguments[0] &&
            ts.isStringLiteral(c.arguments[0]) &&
            this.vocab.isSyntheticDataModule(c.arguments[0].text)
          )
            hit = true;
      this.fakeDataFiles.set(sf, hit);
    }
    return hit;
  }

  resolveParams(flows: Flow[], visited: Set<string>, depth: number): Flow[] {
    const out: Flow[] = [];
    for (const f of flows) {
      if (f.origin.kind !== "param") {
        out.push(f);
        continue;
      }
      const key = originKey(f.origin);
      if (visited.has(key) || depth > 6) continue;
      visited.add(key);
      const { fn, index, sql } = f.origin;
      for (const site of this.r.callSites(fn)) {
        if (ts.isTaggedTemplateExpression(site)) continue;
        const arg = site.arguments?.[index];
        if (!arg) continue;
        const argFlows = sql ? this.sqlParamFlows(site, arg) : this.argumentFlows(arg, f.origin.key);
        const resolved = this.resolveParams(argFlows, visited, depth + 1);
        for (const a of resolved)
          out.push({ origin: a.origin, steps: [...a.steps, site, ...f.steps].slice(0, MAX_STEPS) });
      }
      // A parameter of a callback handed to a local higher-order function is not followed further.
    }
    return union(out);
  }

  /**
   * Evidence at a sink about external data reaching it: the column headers of the writer (options
   * of the sink call or of the call that built its receiver, `createObjectCsvWriter({ header })`),
   * and the name of the file written (`contacts_export.csv`, `members_response.json`).
   */
  atSink(flows: Flow[], call: CallLike, pathExpr?: ts.Expression): Flow[] {
    if (!flows.some(isExternal) || ts.isTaggedTemplateExpression(call)) return flows;
    const argSets: Array<readonly ts.Expression[]> = [call.arguments ?? []];
    for (const ref of this.r.apis(call))
      for (const st of ref.steps)
        if (st.k === "c" && st.node && st.node !== call && !ts.isTaggedTemplateExpression(st.node))
          argSets.push(st.node.arguments ?? []);
    let out = this.evidence.byNames(
      flows,
      argSets.flatMap((a) => this.evidence.optionHeaders(a)),
    );
    if (pathExpr && out.some(isExternal)) {
      const text = constString(this.r, pathExpr) ?? pathHint(this.r, pathExpr);
      const base = text ? this.evidence.personalPathName(text) : undefined;
      if (base) out = this.evidence.whole(out, `written to ${base}`);
    }
    return out;
  }

  /** The source a call is, when it is one. */
  sourceAt(call: CallLike): Flow[] | undefined {
    const q = this.queries.at(call);
    if (q) {
      if (q.sqlParam)
        return [
          { origin: { kind: "param", fn: q.sqlParam.fn, index: q.sqlParam.index, sql: true }, steps: [] },
        ];
      const atRisk = this.queryRisk(q);
      if (atRisk)
        return [
          { origin: { kind: "src", src: { node: q.node, kind: "query", atRisk, query: q } }, steps: [] },
        ];
      return this.externalQuery(q);
    }
    // A program whose standard output is a database dump (`spawn("pg_dump", …)`, `execSync("mysqldump …")`).
    const runs =
      ts.isTaggedTemplateExpression(call) || this.models.mayMatch(call, CATS_COMMANDS)
        ? this.commands.at(call)
        : [];
    // The call of a helper that starts the program with the words written here: this call's dump,
    // not the summary of the helper (which holds every caller's).
    const helperRuns = runs.length ? [] : this.commands.runsAtHelperCall(call);
    if (helperRuns.length)
      return union(
        ...helperRuns.map((run) =>
          run.effects.stdout && !run.effects.stdout.encrypted
            ? dumpFlows(this.vocab, run, run.effects.stdout.dumps)
            : [],
        ),
      );
    if (runs.length) {
      const flows = union(
        ...runs.map((run) =>
          run.effects.stdout && !run.effects.stdout.encrypted
            ? dumpFlows(this.vocab, run, run.effects.stdout.dumps)
            : [],
        ),
      );
      return flows.length ? flows : undefined;
    }
    const written = this.readOfWrittenFile(call);
    if (written) return written;
    const file = this.fileSource(call);
    if (file) return file;
    return this.downloads.at(call) ?? this.responses.at(call);
  }

  /**
   * Rows of a table whose name says nothing (`ITSector`, `t_x`): data from outside the program,
   * personal only if the code reads personal fields from them. Counts and sums carry no rows.
   */
  private externalQuery(q: QueryInfo): Flow[] {
    const reads = q.reads.filter((r) => !r.aggregateOnly);
    if (q.reads.length && !reads.length) return [];
    if (reads.length && reads.every((r) => this.vocab.isDeclaredNotPersonal(r.table))) return [];
    const holder = reads.length ? [...new Set(reads.map((r) => r.table))].join(", ") : "query rows";
    const ext: ExternalInfo = { node: q.node, kind: "query", holder, query: q };
    return [{ origin: { kind: "ext", ext }, steps: [] }];
  }

  /** `patients.nir, nom` when a query reads personal data, else undefined. */
  queryRisk(q: QueryInfo): string | undefined {
    const parts: string[] = [];
    for (const read of q.reads) {
      if (read.aggregateOnly) continue;
      // A read of every collection a database lists is a dump: personal unless declared otherwise.
      const tablePersonal = !!read.wholeDatabase || this.vocab.isPersonalTable(read.table);
      const cols = [...read.columns];
      let risky: string[];
      if (read.columns.has("*")) {
        const known = this.vocab.columnsOf(read.table);
        risky = known ? known.filter((c) => this.vocab.classifyData(c, tablePersonal)) : [];
        if (!tablePersonal && !risky.length) continue;
        parts.push(
          read.table +
            (risky.length
              ? "." + risky.slice(0, 6).join(", ") + (risky.length > 6 ? ", …" : "")
              : " (all columns)"),
        );
        continue;
      }
      risky = cols.filter((c) => this.vocab.classifyData(c, tablePersonal));
      // Only account secrets read (`SELECT password_hash FROM users`): credentials, not personal data.
      const secretsOnly = cols.every(
        (c) => this.vocab.classifyName(c, tablePersonal)?.category === "credentials",
      );
      if (!risky.length && !(tablePersonal && cols.length && !secretsOnly)) continue;
      const shown = risky.length ? risky : cols;
      parts.push(read.table + "." + shown.slice(0, 6).join(", ") + (shown.length > 6 ? ", …" : ""));
    }
    return parts.length ? parts.join("; ") : undefined;
  }

  // ---- expressions ---------------------------------------------------------------------------

  private compute(e: ts.Expression): Flow[] {
    switch (e.kind) {
      case ts.SyntaxKind.Identifier: {
        const d = resolveIdentifier(e as ts.Identifier);
        if (d && isKeyListDeclaration(d)) return [];
        return d ? this.declFlows(d) : [];
      }
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression: {
        const acc = e as ts.PropertyAccessExpression | ts.ElementAccessExpression;
        const name = ts.isPropertyAccessExpression(acc) ? acc.name.text : undefined;
        if (name && isNotDataName(name)) return [];
        if (acc.expression.kind === ts.SyntaxKind.ThisKeyword && name) return this.classFieldFlows(acc, name);
        const out = [this.flowsOf(acc.expression)];
        if (name) {
          for (const v of this.r.values(acc)) {
            if (v.kind === "node" && v.node !== acc && ts.isExpression(v.node) && !isFunctionLike(v.node))
              out.push(this.flowsOf(v.node));
          }
        }
        const flows = union(...out);
        // `row.email`, `row["Patient Last Name"]`, `p.name[0].family`: the name read is evidence.
        const key =
          name ??
          (ts.isElementAccessExpression(acc) ? stringLiteralValue(acc.argumentExpression) : undefined);
        return key ? this.evidence.byNames(flows, [key], acc.expression, parentName(acc.expression)) : flows;
      }
      case ts.SyntaxKind.CallExpression:
        return this.callFlows(e as ts.CallExpression);
      case ts.SyntaxKind.NewExpression:
        return this.newFlows(e as ts.NewExpression);
      case ts.SyntaxKind.TaggedTemplateExpression: {
        const t = e as ts.TaggedTemplateExpression;
        const src = this.sourceAt(t);
        if (src) return src;
        return ts.isTemplateExpression(t.template)
          ? union(...t.template.templateSpans.map((s) => this.flowsOf(s.expression)))
          : [];
      }
      case ts.SyntaxKind.TemplateExpression: {
        const t = e as ts.TemplateExpression;
        const flows = union(...t.templateSpans.map((s) => this.flowsOf(s.expression)));
        // `Email: ${u.email}` or a CSV header line `Last Name,DOB\n${rows}`: its labels are evidence.
        return step(
          flows.some(isExternal) ? this.evidence.byNames(flows, this.evidence.headerNames(t)) : flows,
          e,
        );
      }
      case ts.SyntaxKind.BinaryExpression: {
        const b = e as ts.BinaryExpression;
        switch (b.operatorToken.kind) {
          case ts.SyntaxKind.PlusToken: {
            const flows = union(this.flowsOf(b.left), this.flowsOf(b.right));
            // `header.join(",") + "\n" + body`: the header row names the columns.
            if (!flows.some(isExternal)) return flows;
            return this.evidence.byNames(flows, [
              ...this.evidence.headerNames(b.left),
              ...this.evidence.headerNames(b.right),
            ]);
          }
          case ts.SyntaxKind.BarBarToken:
          case ts.SyntaxKind.QuestionQuestionToken:
            return union(this.flowsOf(b.left), this.flowsOf(b.right));
          case ts.SyntaxKind.AmpersandAmpersandToken:
          case ts.SyntaxKind.EqualsToken:
          case ts.SyntaxKind.PlusEqualsToken:
          case ts.SyntaxKind.CommaToken:
            return this.flowsOf(b.right);
          default:
            return [];
        }
      }
      case ts.SyntaxKind.ConditionalExpression: {
        const c = e as ts.ConditionalExpression;
        return union(this.flowsOf(c.whenTrue), this.flowsOf(c.whenFalse));
      }
      case ts.SyntaxKind.ArrayLiteralExpression: {
        const elements = (e as ts.ArrayLiteralExpression).elements;
        const flows = union(...elements.map((x) => this.flowsOf(ts.isSpreadElement(x) ? x.expression : x)));
        // `[["Last Name", "DOB"], ...rows]`: a header row beside the data names its columns.
        if (!flows.some(isExternal)) return flows;
        return this.evidence.byNames(
          flows,
          elements.flatMap((x) => this.evidence.headerNames(ts.isSpreadElement(x) ? x.expression : x)),
        );
      }
      case ts.SyntaxKind.ObjectLiteralExpression: {
        const parts: Flow[][] = [];
        let resourceType: string | undefined;
        for (const p of (e as ts.ObjectLiteralExpression).properties) {
          // `{ email: c.properties.email }`, `{ "Patient Last Name": r.ln }`: the key is evidence.
          const key =
            ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)
              ? propertyNameText(p.name)
              : undefined;
          if (ts.isPropertyAssignment(p)) {
            if (key === "resourceType") resourceType = constString(this.r, p.initializer);
            const f = this.flowsOf(p.initializer);
            parts.push(key ? this.evidence.byNames(f, [key]) : f);
          } else if (ts.isShorthandPropertyAssignment(p)) {
            const f = this.flowsOf(p.name);
            parts.push(key ? this.evidence.byNames(f, [key]) : f);
          } else if (ts.isSpreadAssignment(p)) parts.push(this.flowsOf(p.expression));
        }
        const flows = union(...parts);
        // `{ resourceType: "Patient", ... }` built from outside data is a Patient resource.
        return resourceType && this.vocab.isFhirResource(resourceType)
          ? this.evidence.whole(flows, `a FHIR ${resourceType} resource`)
          : flows;
      }
      case ts.SyntaxKind.SpreadElement:
        return this.flowsOf((e as ts.SpreadElement).expression);
      case ts.SyntaxKind.YieldExpression: {
        const y = e as ts.YieldExpression;
        return y.expression ? this.flowsOf(y.expression) : [];
      }
      default:
        return [];
    }
  }

  // ---- declarations --------------------------------------------------------------------------

  declFlows(d: ts.Node): Flow[] {
    const hit = this.declCache.get(d) ?? this.provisional.decl.get(d);
    if (hit) return hit;
    if (this.busy.has(d)) return this.cut(d);
    this.busy.add(d);
    let out: Flow[];
    try {
      out = step(this.computeDecl(d), d);
    } finally {
      this.busy.delete(d);
    }
    this.remember(this.declCache, this.provisional.decl, d, out);
    return out;
  }

  private computeDecl(d: ts.Node): Flow[] {
    if (ts.isVariableDeclaration(d)) {
      // A cipher object: what is written into it comes out encrypted.
      if (d.initializer && this.isSanitizingStream(d.initializer)) return [];
      const parts: Flow[][] = [];
      if (d.initializer) parts.push(this.flowsOf(d.initializer));
      const list = d.parent;
      if (ts.isVariableDeclarationList(list) && list.parent && ts.isForOfStatement(list.parent))
        parts.push(this.flowsOf(list.parent.expression));
      if (d.type && !(d.initializer && builtInPlace(d.initializer))) parts.push(this.typedFlows(d.type, d));
      parts.push(this.writesInto(d));
      return union(...parts);
    }
    if (ts.isBindingElement(d)) {
      const key = d.propertyName
        ? propertyNameText(d.propertyName)
        : ts.isIdentifier(d.name)
          ? d.name.text
          : undefined;
      if (key && NOT_DATA_PROPS.has(key)) return [];
      if (key && ts.isObjectBindingPattern(d.parent) && isNotDataName(key)) return [];
      let root: ts.Node = d;
      while (ts.isBindingElement(root)) root = root.parent.parent;
      // `const { email } = row`: the key read is evidence, as for `row.email`.
      const byKey = (flows: Flow[], from?: ts.Expression): Flow[] =>
        key && ts.isObjectBindingPattern(d.parent) ? this.evidence.byNames(flows, [key], from) : flows;
      if (ts.isVariableDeclaration(root)) {
        const parts: Flow[][] = [];
        const element = root.initializer && positionalElement(d, root.initializer);
        if (element) parts.push(this.flowsOf(element));
        else if (root.initializer) parts.push(this.flowsOf(root.initializer));
        const list = root.parent;
        if (ts.isVariableDeclarationList(list) && list.parent && ts.isForOfStatement(list.parent))
          parts.push(this.flowsOf(list.parent.expression));
        if (root.type) parts.push(this.typedFlows(root.type, root));
        return byKey(union(...parts), root.initializer);
      }
      if (ts.isParameter(root)) {
        const flows = this.paramFlows(root);
        // `function get({ resource, url })` called with `{ resource: "Patient", query }`: `url`
        // receives that property of the object passed, not the whole object.
        const direct = key !== undefined && d.parent.parent === root && ts.isObjectBindingPattern(d.parent);
        return byKey(direct ? flows.map((f) => withParameterKey(f, key)) : flows);
      }
      return [];
    }
    if (ts.isParameter(d)) return this.paramFlows(d);
    if (ts.isPropertyDeclaration(d)) {
      const parts: Flow[][] = [];
      if (d.initializer) parts.push(this.flowsOf(d.initializer));
      if (d.type) parts.push(this.typedFlows(d.type, d));
      return union(...parts);
    }
    if (
      ts.isImportSpecifier(d) ||
      ts.isImportClause(d) ||
      ts.isNamespaceImport(d) ||
      ts.isImportEqualsDeclaration(d)
    ) {
      const parts: Flow[][] = [];
      for (const v of this.r.declValues(d, 0)) {
        if (v.kind !== "node") continue;
        if (ts.isVariableDeclaration(v.node)) parts.push(this.declFlows(v.node));
        else if (ts.isExpression(v.node) && !isFunctionLike(v.node)) parts.push(this.flowsOf(v.node));
      }
      return union(...parts);
    }
    return [];
  }

  /** Data put into a variable after its declaration: assignments, mutations, property writes. */
  private writesInto(d: ts.Node): Flow[] {
    const idx = fileIndex(d.getSourceFile());
    const parts: Flow[][] = [];
    for (const a of idx.assignments.get(d) ?? []) parts.push(this.flowsOf(a));
    for (const w of idx.propWrites.get(d) ?? []) parts.push(this.flowsOf(w.value));
    const moduleObject = this.isModuleObject(d);
    // `XLSX.write(wb)` or `fs.write(fd, x)` is a call on a module, not data put into it.
    for (const c of moduleObject ? [] : (idx.mutations.get(d) ?? []))
      parts.push(...c.arguments.filter((a) => !isFunctionLike(unwrap(a))).map((a) => this.flowsOf(a)));
    for (const use of idx.argUses.get(d) ?? []) {
      // A stream handed to `src.pipe(d)` or `pipeline(src, …, d)`: what the earlier stages carry.
      const arg = use.call.arguments?.[use.index];
      if (arg && ts.isIdentifier(unwrap(arg))) parts.push(this.pipedInto(arg));
      // Modelled mutators: XLSX.utils.book_append_sheet(wb, ws) writes into argument 0.
      for (const ref of this.r.apis(use.call)) {
        for (const m of this.models.match<MutatorModel>("mutators", ref)) {
          if (m.target === String(use.index)) parts.push(...m.from.map((f) => this.argFlows(use.call, f)));
        }
      }
      // Object.assign(target, ...sources)
      if (
        use.index === 0 &&
        ts.isCallExpression(use.call) &&
        use.call.arguments.length > 1 &&
        calleeIs(use.call, "Object", "assign")
      ) {
        parts.push(...use.call.arguments.slice(1).map((a) => this.flowsOf(a)));
      }
    }
    // Objects derived from this one (`const ws = wb.addWorksheet()`) fill it; never a module object.
    for (const v of moduleObject ? [] : (idx.derived.get(d) ?? [])) {
      const di = fileIndex(v.getSourceFile());
      for (const c of di.mutations.get(v) ?? [])
        parts.push(...c.arguments.filter((a) => !isFunctionLike(unwrap(a))).map((a) => this.flowsOf(a)));
      for (const w of di.propWrites.get(v) ?? []) parts.push(this.flowsOf(w.value));
      if (!moduleObject) parts.push(this.modelledReceiverMutations(v));
    }
    if (!moduleObject) parts.push(this.modelledReceiverMutations(d));
    parts.push(this.returnedStreamInflows(d, 0));
    return union(...parts);
  }

  private static readonly PIPELINES: readonly Category[] = ["pipelines"];

  private isPipelineCall(c: ts.CallExpression): boolean {
    return (
      this.models.mayMatch(c, TaintEngine.PIPELINES, c.getSourceFile()) &&
      this.r.apis(c).some((ref) => this.models.match("pipelines", ref).length > 0)
    );
  }

  /**
   * What is written into the stream that expression `e` evaluates to, read from where `e` stands:
   * `src.pipe(e)`, a stage of `pipeline(…)` (arguments, an array, or an array filled with `push`),
   * or a variable initialised with it. Cipher stages on the way cut what came before them.
   */
  private pipedInto(e: ts.Expression, depth = 0): Flow[] {
    const cur: ts.Node = outermostValueWrapper(e);
    const p = cur.parent;
    if (!p) return [];
    if (ts.isCallExpression(p) && p.arguments[0] === cur) {
      const callee = unwrap(p.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "pipe")
        return this.isSanitizingStream(callee.expression) ? [] : step(this.flowsOf(callee.expression), p);
    }
    const stage = stageOf(cur as ts.Expression, (c) => this.isPipelineCall(c));
    if (stage) {
      let acc: Flow[] = [];
      for (let i = 0; i < stage.index; i++) {
        const s = stage.stages[i];
        if (this.isSanitizingStream(s)) acc = [];
        else if (!isFunctionLike(unwrap(s))) acc = union(acc, this.flowsOf(s));
      }
      return step(acc, stage.call);
    }
    // `const out = makeStream(); src.pipe(out)`: what is written into the variable.
    if (depth > 0 && ts.isVariableDeclaration(p) && p.initializer === cur) {
      const parts: Flow[][] = [];
      for (const use of fileIndex(p.getSourceFile()).argUses.get(p) ?? []) {
        const arg = use.call.arguments?.[use.index];
        if (arg && ts.isIdentifier(unwrap(arg))) parts.push(this.pipedInto(arg, depth));
      }
      return union(...parts);
    }
    return [];
  }

  private returnedDecls = new WeakMap<ts.Node, Set<ts.Node>>();

  /**
   * A stream created in a function and returned (`function destination() { const s = new
   * PassThrough(); new Upload({ params: { Body: s } }); return s; }`): what the callers write into
   * the returned stream is written into it.
   */
  private returnedStreamInflows(d: ts.Node, depth: number): Flow[] {
    if (!ts.isVariableDeclaration(d) || !d.initializer || depth > 2) return [];
    const init = unwrap(d.initializer);
    if (!ts.isNewExpression(init) && !ts.isCallExpression(init)) return [];
    const fn = enclosingFunction(d);
    if (!isFunctionLike(fn)) return [];
    let returned = this.returnedDecls.get(fn);
    if (!returned) {
      returned = new Set();
      for (const r of returnExpressions(fn)) {
        const u = unwrap(r);
        const rd = ts.isIdentifier(u) ? resolveIdentifier(u) : undefined;
        if (rd) returned.add(rd);
      }
      this.returnedDecls.set(fn, returned);
    }
    if (!returned.has(d)) return [];
    const parts: Flow[][] = [];
    for (const site of this.r.callSites(fn))
      if (!ts.isTaggedTemplateExpression(site)) parts.push(this.pipedInto(site, depth + 1));
    return union(...parts);
  }

  private receiverMutationIndex = new WeakMap<ts.SourceFile, Map<ts.Node, ts.CallExpression[]>>();

  /**
   * Calls on a variable that a mutator model says fill it (`ws.cell(1, 1).string(v)` in
   * excel4node): the method names come from the models, so any library's can be added.
   */
  private modelledReceiverMutations(d: ts.Node): Flow[] {
    const sf = d.getSourceFile();
    let byRoot = this.receiverMutationIndex.get(sf);
    if (!byRoot) {
      byRoot = new Map();
      const names = this.models.methodNames(["mutators"]);
      for (const c of fileIndex(sf).calls) {
        const ce = unwrap(c.expression);
        if (!ts.isPropertyAccessExpression(ce) || (names !== "any" && !names.has(ce.name.text))) continue;
        if (isMutatorName(ce.name.text)) continue;
        const root = rootIdentifier(ce.expression);
        const rd = root && resolveIdentifier(root);
        if (!rd) continue;
        const list = byRoot.get(rd) ?? [];
        list.push(c);
        byRoot.set(rd, list);
      }
      this.receiverMutationIndex.set(sf, byRoot);
    }
    const parts: Flow[][] = [];
    for (const c of byRoot.get(d) ?? [])
      for (const ref of this.r.apis(c))
        for (const m of this.models.match<MutatorModel>("mutators", ref))
          if (m.target === "receiver-root") parts.push(...m.from.map((f) => this.argFlows(c, f)));
    return union(...parts);
  }

  private isModuleObject(d: ts.Node): boolean {
    if (!ts.isVariableDeclaration(d) || !d.initializer) return true;
    return this.r
      .values(d.initializer)
      .some((v) => v.kind === "api" && v.ref.steps.filter((st) => st.k !== "a").length === 0);
  }

  private classFieldFlows(
    acc: ts.PropertyAccessExpression | ts.ElementAccessExpression,
    name: string,
  ): Flow[] {
    const cls = thisClass(acc);
    if (!cls) return [];
    const parts: Flow[][] = [];
    for (const m of cls.members) {
      if (m.name && propertyNameText(m.name) === name && ts.isPropertyDeclaration(m))
        parts.push(this.declFlows(m));
      if (ts.isConstructorDeclaration(m)) {
        for (const p of m.parameters)
          if (
            ts.isIdentifier(p.name) &&
            p.name.text === name &&
            ts.getCombinedModifierFlags(p) & ts.ModifierFlags.ParameterPropertyModifier
          )
            parts.push(this.declFlows(p));
      }
    }
    for (const w of fileIndex(cls.getSourceFile()).propWrites.get(cls) ?? [])
      if (w.name === name) parts.push(this.flowsOf(w.value));
    return union(...parts);
  }

  /**
   * A parameter whose declared type says nothing of what it holds: it defaults to an empty object
   * or array, or every call seen in the workspace leaves it out (it then holds its default).
   */
  private onlyDefault(p: ts.ParameterDeclaration): boolean {
    if (!p.initializer) return false;
    // `(overrides: Partial<PatientData> = {})`: a bag of optional overrides, empty unless a caller
    // fills it; what callers pass still flows in through the parameter.
    const init = unwrap(p.initializer);
    if (
      (ts.isObjectLiteralExpression(init) && !init.properties.length) ||
      (ts.isArrayLiteralExpression(init) && !init.elements.length)
    )
      return true;
    const { sites, args } = this.r.parameterArguments(p);
    return sites.length > 0 && args.length === 0;
  }

  private paramFlows(p: ts.ParameterDeclaration): Flow[] {
    const fn = p.parent;
    // A route handler's request (`req.body`, a `@Body()` DTO): what the client sent, classified by use.
    if (this.routes.isRequestParam(p)) {
      const typed = p.type ? this.typedFlows(p.type, p) : [];
      const ext: ExternalInfo = { node: p, kind: "request", holder: "request" };
      return union(typed, [{ origin: { kind: "ext", ext }, steps: [] }]);
    }
    const index = fn.parameters.indexOf(p);
    const parts: Flow[][] = [];
    // `makePatient(data: Partial<Patient> = {})` called only as `makePatient()`: the parameter holds
    // its default, not a value of its declared type (test-data builders fill the rest with fakes).
    if (p.type && !this.onlyDefault(p)) parts.push(this.typedFlows(p.type, p));
    const call = fn.parent;
    const inlineCallback =
      (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
      call &&
      (ts.isCallExpression(call) || ts.isNewExpression(call)) &&
      ((call.arguments ?? []) as readonly ts.Node[]).includes(fn);
    if (inlineCallback) {
      parts.push(this.callbackParamFlows(fn, index, call));
    } else {
      parts.push([{ origin: { kind: "param", fn, index }, steps: [] }]);
      // A named function handed over as a callback: rows.forEach(writeRow)
      const decl = ts.isFunctionDeclaration(fn)
        ? fn
        : fn.parent && ts.isVariableDeclaration(fn.parent)
          ? fn.parent
          : undefined;
      if (decl) {
        for (const use of fileIndex(decl.getSourceFile()).argUses.get(decl) ?? []) {
          const arg = use.call.arguments?.[use.index];
          if (arg && ts.isIdentifier(unwrap(arg)))
            parts.push(this.callbackParamFlows(fn, index, use.call, use.index));
        }
      }
    }
    return union(...parts);
  }

  /** What a callback's parameter receives from the call it is passed to. */
  private callbackParamFlows(
    fn: ts.SignatureDeclaration,
    index: number,
    call: ts.CallExpression | ts.NewExpression,
    argIndex?: number,
  ): Flow[] {
    if (ts.isNewExpression(call)) return [];
    const params = fn.parameters;
    const first = params[0] && ts.isIdentifier(params[0].name) ? params[0].name.text : "";
    const errFirst = params.length >= 2 && /^(_?err|_?error|e|er|_)$/i.test(first);
    if (errFirst && index === 0) return [];
    const src = this.sourceAt(call);
    if (src && src.length) return step(src, fn);
    const callee = unwrap(call.expression);
    const ai = argIndex ?? call.arguments.indexOf(fn as unknown as ts.Expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const m = callee.name.text;
      if (m === "catch") return [];
      let emitted: Flow[] = [];
      if (m === "on" || m === "once" || m === "addListener" || m === "prependListener") {
        const ev = call.arguments[0] ? constString(this.r, call.arguments[0]) : undefined;
        // `bus.emit("export", rows)` → `bus.on("export", (rows) => …)`: what the emitter sends.
        emitted = ev !== undefined ? this.emittedTo(callee.expression, ev, index) : [];
        // `net.createServer((socket) => socket.on("data", (msg) => …))` on an MLLP channel: HL7 in.
        if (ev === "data" && index === 0 && this.isMllpServerSocket(callee.expression))
          return [
            {
              origin: {
                kind: "src",
                src: { node: call, kind: "format", atRisk: "HL7 v2 messages received over MLLP" },
              },
              steps: [fn],
            },
          ];
        if (ev && !/^(data|result|row|rows|readable|record|line|end|response)$/.test(ev))
          return step(emitted, fn);
      }
      const recv = union(this.flowsOf(callee.expression), emitted);
      if (recv.length) return step(recv, fn);
    }
    // A local function that calls the callback it is given: what it passes, seen from this call.
    for (const v of this.r.values(call.expression)) {
      if (v.kind !== "node" || !isFunctionLike(v.node)) continue;
      const f = v.node;
      const p = f.parameters[ai];
      if (!p || !ts.isIdentifier(p.name)) continue;
      const parts: Flow[][] = [];
      for (const inner of this.callsOfDecl(p)) {
        const a = inner.arguments[index];
        if (a) parts.push(this.instantiate(this.flowsOf(a), f, call));
      }
      return step(union(...parts), fn);
    }
    if (this.isLocalFunctionCall(call)) return [];
    // An external function given data and a callback passes the data to the callback (csv-stringify, async.each).
    const others = call.arguments.filter((a, i) => i !== ai && !isFunctionLike(unwrap(a)));
    return step(this.callEvidence(union(...others.map((a) => this.flowsOf(a))), call), fn);
  }

  /**
   * The values a callee may be, with a CommonJS module called as a function
   * (`const backup = require("./backup"); backup(db)`) replaced by its `module.exports` function.
   */
  private calledFunctions(callee: ts.Expression): Val[] {
    const out: Val[] = [];
    for (const v of this.r.values(callee)) {
      if (v.kind !== "node" || !ts.isSourceFile(v.node)) {
        out.push(v);
        continue;
      }
      for (const e of fileIndex(v.node).cjsDefault)
        for (const d of this.r.values(e)) if (d.kind === "node" && isFunctionLike(d.node)) out.push(d);
    }
    return out;
  }

  /**
   * A server's connection socket (the first parameter of the connection callback of a modelled
   * TCP server) on a channel that carries HL7: an MLLP server library, or a plain server in a file
   * that frames MLLP or imports a module that does.
   */
  private isMllpServerSocket(e: ts.Expression): boolean {
    const u = unwrap(e);
    const p = ts.isIdentifier(u) ? resolveIdentifier(u) : undefined;
    if (!p || !ts.isParameter(p) || p.parent.parameters[0] !== p) return false;
    const fn = p.parent;
    const server = fn.parent;
    if (!server || !ts.isCallExpression(server) || !server.arguments.includes(fn as ts.Expression))
      return false;
    const protocols = this.r
      .apis(server)
      .flatMap((ref) => this.models.match<ConnectionModel>("connections", ref).map((m) => m.protocol));
    if (protocols.includes("mllp-server")) return true;
    if (!protocols.includes("tcp-server")) return false;
    const sf = server.getSourceFile();
    return (
      MLLP_EVIDENCE.test(sf.text) || [...this.r.importedFiles(sf)].some((t) => MLLP_EVIDENCE.test(t.text))
    );
  }

  /**
   * What the `emit(event, …)` calls on the same emitter pass as listener argument `index`: the
   * emitter is the same object (`new EventEmitter()`, an instance of a local class, `this` in a
   * class that emits to its own listeners), whichever variable or module it is reached through.
   */
  private emittedTo(emitter: ts.Expression, event: string, index: number): Flow[] {
    const identity = this.emitterIdentity(emitter);
    if (!identity.size) return [];
    const parts: Flow[][] = [];
    for (const c of this.r.callsNamed("emit")) {
      if (!ts.isCallExpression(c)) continue;
      const ce = unwrap(c.expression);
      if (!ts.isPropertyAccessExpression(ce) || c.arguments.length < index + 2) continue;
      if (constString(this.r, c.arguments[0]) !== event) continue;
      const other = this.emitterIdentity(ce.expression);
      if (![...other].some((n) => identity.has(n))) continue;
      parts.push(this.flowsOf(c.arguments[index + 1]));
    }
    return union(...parts);
  }

  private emitterIdentity(e: ts.Expression): Set<ts.Node> {
    const out = new Set<ts.Node>();
    const u = unwrap(e);
    if (u.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = thisClass(u);
      if (cls) out.add(cls);
      return out;
    }
    for (const v of this.r.values(u)) {
      if (v.kind === "api") {
        const c = lastCall(v.ref);
        if (c) out.add(c);
      } else if (v.kind === "instance") out.add(v.cls);
      else if (ts.isNewExpression(v.node) || ts.isCallExpression(v.node)) out.add(v.node);
    }
    return out;
  }

  private isLocalFunctionCall(call: ts.CallExpression): boolean {
    return this.r.values(call.expression).some((v) => v.kind === "node" && isFunctionLike(v.node));
  }

  // ---- calls ---------------------------------------------------------------------------------

  private callFlows(call: ts.CallExpression): Flow[] {
    const src = this.sourceAt(call);
    if (src)
      return union(src, call.typeArguments?.length ? this.typedFlows(call.typeArguments[0], call) : []);
    // `pool.query<PatientRow>(...)`, `repo.find<Patient>()`: the type argument says what comes back
    // (for methods that return data, not factories such as `model<T>()`).
    const typed =
      call.typeArguments?.length && DATA_METHOD.test(calleeShortName(call))
        ? this.typedFlows(call.typeArguments[0], call)
        : [];
    if (typed.length) return union(typed, this.callFlowsUntyped(call));
    return this.callFlowsUntyped(call);
  }

  private callFlowsUntyped(call: ts.CallExpression): Flow[] {
    const callee = unwrap(call.expression);
    if (this.isUserSanitizer(callee)) return [];
    const refs = this.r.apis(call);
    for (const ref of refs) {
      if (this.models.match<SanitizerModel>("sanitizers", ref).length) return [];
      if (this.models.match("barriers", ref).length) return [];
    }
    // Methods of a cipher or hash object (cipher.update(x), hash.digest()) give no readable data.
    if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
      for (const ref of this.r.apis(callee.expression)) {
        if (
          this.models
            .match<SanitizerModel>("sanitizers", ref)
            .some((m) => m.kind === "cipher" || m.kind === "hash")
        )
          return [];
      }
    }
    const parts: Flow[][] = [];
    let modelled = false;
    for (const ref of refs) {
      for (const m of this.models.match<PropagatorModel>("propagators", ref)) {
        modelled = true;
        parts.push(...m.from.map((f) => this.argFlows(call, f)));
      }
    }
    // Local functions: instantiate their summary at this call.
    let local = false;
    for (const v of this.calledFunctions(callee)) {
      if (v.kind === "node" && isFunctionLike(v.node)) {
        local = true;
        parts.push(this.instantiate(this.returnFlows(v.node), v.node, call));
      }
    }
    // Promise and array methods whose result is what the callback returns, not the receiver.
    if (
      !local &&
      !modelled &&
      ts.isPropertyAccessExpression(callee) &&
      CALLBACK_RESULT.has(callee.name.text) &&
      call.arguments[0]
    ) {
      const cb = this.callbackTarget(call.arguments[0]);
      if (cb) {
        const name = callee.name.text;
        const recv = this.flowsOf(callee.expression);
        const ret = cb.inline
          ? this.returnFlows(cb.fn)
          : this.instantiateWith(this.returnFlows(cb.fn), cb.fn, [recv]);
        const extra =
          name === "catch"
            ? recv
            : name === "reduce" && call.arguments[1]
              ? this.flowsOf(call.arguments[1])
              : [];
        return step(union(ret, extra), call);
      }
    }
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "pipe" && call.arguments[0]) {
      if (this.isSanitizingStream(call.arguments[0])) return [];
      return step(union(this.flowsOf(callee.expression), this.flowsOf(call.arguments[0])), call);
    }
    if (!local && !modelled) {
      parts.push(this.keyedRead(call));
      // Unknown or unmodelled call: data in its receiver or arguments comes out.
      if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))
        parts.push(this.flowsOf(callee.expression));
      for (const a of call.arguments) if (!isFunctionLike(unwrap(a))) parts.push(this.flowsOf(a));
      // `.then(cb)` / `.map(cb)`: what the callback returns.
      for (const a of call.arguments) {
        const fa = unwrap(a);
        if (isFunctionLike(fa)) parts.push(this.returnFlows(fa));
      }
    }
    return step(this.callEvidence(union(...parts), call), call);
  }

  /**
   * `api.getPatient(patientId)`: a read by key from an external client returns the record the key
   * names, data from outside the program classified where it is used (the key itself is not data).
   */
  private keyedRead(call: ts.CallExpression): Flow[] {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !DATA_METHOD.test(callee.name.text)) return [];
    const byKey = call.arguments.some((a) => {
      const u = unwrap(a);
      const name = ts.isIdentifier(u) ? u.text : ts.isPropertyAccessExpression(u) ? u.name.text : "";
      return name !== "" && isIdName(name);
    });
    if (!byKey || !this.r.apis(callee.expression).length) return [];
    const ext: ExternalInfo = { node: call, kind: "response", holder: callee.name.text };
    return [{ origin: { kind: "ext", ext }, steps: [] }];
  }

  /**
   * Evidence a call shows about what it carries: column names in its options (`stringify(rows, {
   * columns: [...] })`), or a filter on FHIR resource type (`entries.filter((e) =>
   * e.resource.resourceType === "Patient")`).
   */
  private callEvidence(flows: Flow[], call: ts.CallExpression): Flow[] {
    if (!flows.some(isExternal)) return flows;
    const format = this.parsedFormat(call);
    if (format) return this.evidence.whole(flows, `parsed as ${format}`);
    const out = this.evidence.byNames(flows, this.evidence.optionHeaders(call.arguments));
    const callee = unwrap(call.expression);
    if (
      ts.isPropertyAccessExpression(callee) &&
      /^(filter|find|findLast|some|every)$/.test(callee.name.text)
    ) {
      const type = call.arguments[0] ? this.fhirTypeTest(call.arguments[0]) : undefined;
      if (type) return this.evidence.whole(out, `FHIR ${type} resources`);
    }
    return out;
  }

  /** The health data format a call parses (an HL7 v2 or X12 parser), when a `parsers` model matches it. */
  private parsedFormat(call: ts.CallExpression | ts.NewExpression): string | undefined {
    for (const ref of this.r.apis(call)) {
      if (lastCall(ref) !== call) continue;
      const m = this.models.match<ParserModel>("parsers", ref)[0];
      if (m) return m.what;
    }
    return undefined;
  }

  /** `(e) => e.resource.resourceType === "Patient"`: the FHIR type a callback selects, when personal. */
  private fhirTypeTest(cb: ts.Expression): string | undefined {
    const fn = unwrap(cb);
    if (!isFunctionLike(fn) || !fn.body) return undefined;
    let found: string | undefined;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (
        ts.isBinaryExpression(n) &&
        (n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
          n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken) &&
        [n.left, n.right].some((x) => ts.isPropertyAccessExpression(x) && x.name.text === "resourceType")
      ) {
        const lit = [n.left, n.right].map((x) => stringLiteralValue(x)).find((x) => x !== undefined);
        if (lit && this.vocab.isFhirResource(lit)) found = lit;
      }
      ts.forEachChild(n, visit);
    };
    visit(fn.body);
    return found;
  }

  /** A callback argument: an inline function, or a local function passed by name. */
  private callbackTarget(arg: ts.Expression): { fn: ts.Node; inline: boolean } | undefined {
    const u = unwrap(arg);
    if (isFunctionLike(u)) return { fn: u, inline: true };
    if (ts.isIdentifier(u) || ts.isPropertyAccessExpression(u)) {
      for (const v of this.r.values(u))
        if (v.kind === "node" && isFunctionLike(v.node)) return { fn: v.node, inline: false };
    }
    return undefined;
  }

  /** Instantiate a summary with explicit argument flows (a named callback receiving the elements). */
  private instantiateWith(flows: Flow[], fn: ts.Node, args: Flow[][]): Flow[] {
    const out: Flow[][] = [];
    for (const f of flows) {
      if (f.origin.kind === "param" && f.origin.fn === fn) out.push(args[f.origin.index] ?? []);
      else out.push([f]);
    }
    return union(...out);
  }

  private newFlows(n: ts.NewExpression): Flow[] {
    const src = this.sourceAt(n);
    if (src) return src;
    const callee = unwrap(n.expression);
    // new Promise((resolve) => ... resolve(x) ...): x
    if (ts.isIdentifier(callee) && callee.text === "Promise" && !resolveIdentifier(callee)) {
      const ex = n.arguments?.[0] ? unwrap(n.arguments[0]) : undefined;
      if (ex && isFunctionLike(ex) && ex.parameters[0] && ts.isIdentifier(ex.parameters[0].name)) {
        const resolveDecl = ex.parameters[0];
        const parts: Flow[][] = [];
        for (const use of this.callsOfDecl(resolveDecl))
          parts.push(...use.arguments.map((a) => this.flowsOf(a)));
        return step(union(...parts), n);
      }
      return [];
    }
    const refs = this.r.apis(n);
    for (const ref of refs) {
      if (
        this.models.match<SanitizerModel>("sanitizers", ref).length ||
        this.models.match("barriers", ref).length
      )
        return [];
    }
    // Modelled constructors say where their data comes from (`new Upload({ params: { Body } })`).
    const modelled = refs.flatMap((ref) => this.models.match<PropagatorModel>("propagators", ref));
    if (modelled.length)
      return step(union(...modelled.flatMap((m) => m.from.map((f) => this.argFlows(n, f)))), n);
    if (this.r.values(callee).some((v) => v.kind === "node" && ts.isClassLike(v.node))) return [];
    const flows = union(
      ...(n.arguments ?? []).filter((a) => !isFunctionLike(unwrap(a))).map((a) => this.flowsOf(a)),
    );
    // `new HL7(raw)`, `new Message({ text })`: a parser of a health format.
    const format = flows.some(isExternal) ? this.parsedFormat(n) : undefined;
    return step(format ? this.evidence.whole(flows, `parsed as ${format}`) : flows, n);
  }

  private callsOfDecl(d: ts.ParameterDeclaration): ts.CallExpression[] {
    const out: ts.CallExpression[] = [];
    const fn = d.parent;
    const body = (fn as { body?: ts.Node }).body;
    if (!body) return out;
    const name = (d.name as ts.Identifier).text;
    const rec = (x: ts.Node): void => {
      if (
        ts.isCallExpression(x) &&
        ts.isIdentifier(x.expression) &&
        x.expression.text === name &&
        resolveIdentifier(x.expression) === d
      )
        out.push(x);
      ts.forEachChild(x, rec);
    };
    rec(body);
    return out;
  }

  /** What a local function returns, in terms of its own parameters. */
  returnFlows(fn: ts.Node): Flow[] {
    const hit = this.retCache.get(fn) ?? this.provisional.ret.get(fn);
    if (hit) return hit;
    if (this.busy.has(fn)) return this.cut(fn);
    this.busy.add(fn);
    let out: Flow[];
    try {
      out = union(...returnExpressions(fn as ts.Node & { body?: ts.Node }).map((r) => this.flowsOf(r)));
      // The declared type is evidence only where the contents are not visible: a function that
      // builds the object it returns (a fake-data generator, a mapper) is judged by what goes in.
      const rets = returnExpressions(fn);
      if (isFunctionLike(fn) && fn.type && !(rets.length && rets.every(builtInPlace)))
        out = union(out, this.typedFlows(fn.type, fn));
    } finally {
      this.busy.delete(fn);
    }
    this.remember(this.retCache, this.provisional.ret, fn, out);
    return out;
  }

  /**
   * What an argument brings to a parameter, or to one property of an object-pattern parameter
   * (`key`): the property's value when the argument is an object literal that lists it, nothing
   * when the literal has neither that property nor a spread, else the whole argument.
   */
  private argumentFlows(arg: ts.Expression, key: string | undefined): Flow[] {
    const literal = unwrap(arg);
    if (key === undefined || !ts.isObjectLiteralExpression(literal)) return this.flowsOf(arg);
    let spread = false;
    for (const prop of literal.properties) {
      if (ts.isSpreadAssignment(prop)) spread = true;
      else if (prop.name && propertyNameText(prop.name) === key) {
        if (ts.isPropertyAssignment(prop)) return this.flowsOf(prop.initializer);
        if (ts.isShorthandPropertyAssignment(prop)) return this.flowsOf(prop.name);
        return this.flowsOf(arg);
      }
    }
    return spread ? this.flowsOf(arg) : [];
  }

  /** Replaces the callee's parameter origins by what this call passes. */
  private instantiate(flows: Flow[], fn: ts.Node, call: ts.CallExpression): Flow[] {
    const out: Flow[][] = [];
    for (const f of flows) {
      if (f.origin.kind === "param" && f.origin.fn === fn) {
        const arg = call.arguments[f.origin.index];
        if (!arg) continue;
        const argFlows = f.origin.sql ? this.sqlParamFlows(call, arg) : this.argumentFlows(arg, f.origin.key);
        out.push(
          argFlows.map((a) => ({
            origin: a.origin,
            steps: [...a.steps, call, ...f.steps].slice(0, MAX_STEPS),
          })),
        );
      } else {
        out.push([f]);
      }
    }
    return union(...out);
  }

  /** A query helper called with SQL text: the query that text runs. */
  private sqlParamFlows(call: ts.CallExpression | ts.NewExpression, arg: ts.Expression): Flow[] {
    const text = this.queries.sqlText(arg);
    if (!text) return [];
    if (text.param)
      return [
        { origin: { kind: "param", fn: text.param.fn, index: text.param.index, sql: true }, steps: [] },
      ];
    const q = this.queries.fromSql("sql", call, text);
    const atRisk = this.queryRisk(q);
    return atRisk
      ? [{ origin: { kind: "src", src: { node: text.node, kind: "query", atRisk, query: q } }, steps: [] }]
      : [];
  }

  /** Flows of an argument reference from a model ("0", "1.body", "receiver", "*"). */
  argFlows(call: CallLike, ref: ArgRef): Flow[] {
    if (ref === "*") {
      // every argument, and the receiver of a method call (`gzipSync(x).toString("base64")`)
      if (ts.isTaggedTemplateExpression(call)) return [];
      const callee = unwrap(call.expression);
      const recv =
        ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)
          ? [this.flowsOf(callee.expression)]
          : [];
      return union(
        ...recv,
        ...(call.arguments ?? []).filter((a) => !isFunctionLike(unwrap(a))).map((a) => this.flowsOf(a)),
      );
    }
    return union(...this.argExprs(call, ref).map((e) => this.flowsOf(e)));
  }

  /** The expression a model's argument reference names (an object we cannot see into: the whole argument). */
  argExpr(call: CallLike, ref: ArgRef): ts.Expression | undefined {
    return this.argExprs(call, ref)[0];
  }

  /** Every expression a model's argument reference names (`0.attachments.content` over an array of objects). */
  argExprs(call: CallLike, ref: ArgRef): ts.Expression[] {
    return argumentsAt(this.r, call, ref, "whole");
  }

  /** A cipher stream: `createCipheriv(...)`, or a local function that builds and returns one (possibly inside a Transform). */
  isSanitizingStream(e: ts.Expression): boolean {
    if (
      this.r
        .apis(e)
        .some((ref) => this.models.match<SanitizerModel>("sanitizers", ref).some((m) => m.kind === "cipher"))
    )
      return true;
    const u = unwrap(e);
    if (ts.isCallExpression(u)) {
      if (this.isUserSanitizer(unwrap(u.expression))) return true;
      for (const v of this.r.values(u.expression))
        if (v.kind === "node" && isFunctionLike(v.node) && this.createsCipher(v.node)) return true;
    }
    return false;
  }

  private cipherFns = new Map<ts.Node, boolean>();

  private createsCipher(fn: ts.Node): boolean {
    const hit = this.cipherFns.get(fn);
    if (hit !== undefined) return hit;
    this.cipherFns.set(fn, false);
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (
        ts.isCallExpression(n) &&
        this.r
          .apis(n)
          .some((ref) =>
            this.models.match<SanitizerModel>("sanitizers", ref).some((m) => m.kind === "cipher"),
          )
      )
        found = true;
      ts.forEachChild(n, visit);
    };
    const body = (fn as { body?: ts.Node }).body;
    if (body) visit(body);
    this.cipherFns.set(fn, found);
    return found;
  }

  private isUserSanitizer(callee: ts.Expression): boolean {
    if (!this.models.sanitizerNames.size) return false;
    const name = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : undefined;
    if (!name) return false;
    if (this.models.sanitizerNames.has(name)) return true;
    if (
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      this.models.sanitizerNames.has(callee.expression.text + "." + name)
    )
      return true;
    return false;
  }

  // ---- typed values and files ----------------------------------------------------------------

  /** A value whose declared type is personal data (`rows: Patient[]`). */
  private typedFlows(t: ts.TypeNode, at: ts.Node): Flow[] {
    const desc = this.personalType(t);
    return desc
      ? [{ origin: { kind: "src", src: { node: at, kind: "typed", atRisk: desc } }, steps: [] }]
      : [];
  }

  /** `Patient.nir, nom` when a type describes personal data. */
  personalType(t: ts.TypeNode, depth = 0): string | undefined {
    if (depth > 4) return undefined;
    const hit = this.typeCache.get(t);
    if (hit !== undefined) return hit ?? undefined;
    this.typeCache.set(t, null);
    let out: string | undefined;
    if (ts.isArrayTypeNode(t)) out = this.personalType(t.elementType, depth + 1);
    else if (ts.isUnionTypeNode(t) || ts.isIntersectionTypeNode(t))
      out = t.types.map((x) => this.personalType(x, depth + 1)).find(Boolean);
    else if (ts.isParenthesizedTypeNode(t)) out = this.personalType(t.type, depth + 1);
    else if (ts.isTypeLiteralNode(t)) out = this.membersRisk("object", t.members, false);
    else if (ts.isTypeReferenceNode(t)) {
      const id = ts.isIdentifier(t.typeName) ? t.typeName : t.typeName.right;
      const name = id.text;
      if (
        /^(Promise|PromiseLike|Array|ReadonlyArray|Partial|Readonly|Required|Pick|Omit|Iterable|AsyncIterable|Set|Generator|AsyncGenerator|Iterator|AsyncIterator|IterableIterator|AsyncIterableIterator|Observable)$/.test(
          name,
        ) &&
        t.typeArguments?.length
      ) {
        out = this.personalType(t.typeArguments[0], depth + 1);
      } else {
        const first = ts.isIdentifier(t.typeName) ? t.typeName : leftmost(t.typeName);
        const d = resolveTypeName(first);
        const bundle = name === "Bundle" ? this.fhirBundleRisk(t, d) : undefined;
        if (bundle) out = bundle;
        else if (d && (ts.isInterfaceDeclaration(d) || ts.isClassDeclaration(d))) {
          out =
            this.membersRisk(name, d.members, this.vocab.isPersonalTypeName(name)) ??
            (this.vocab.isPersonalTypeName(name) ? name : undefined);
        } else if (d && ts.isTypeAliasDeclaration(d)) {
          out =
            this.personalType(d.type, depth + 1) ??
            (this.vocab.isPersonalTypeName(name) && !ts.isTypeReferenceNode(d.type) ? name : undefined);
          if (out && out.startsWith("object")) out = name + out.slice(6);
        } else if (d && (ts.isImportSpecifier(d) || ts.isImportClause(d) || ts.isNamespaceImport(d))) {
          out = this.importedTypeRisk(d, name);
        } else if (
          !d &&
          this.vocab.isPersonalTypeName(name) &&
          !/^(Client|User|Agent|Contact|Member)$/.test(name)
        ) {
          out = name;
        }
      }
    }
    this.typeCache.set(t, out ?? null);
    return out;
  }

  /**
   * A FHIR `Bundle` (from a FHIR types package, or the global `fhir4` namespace) of any resources
   * or of a personal resource type holds patients' data; `Bundle<Organization>` does not.
   */
  private fhirBundleRisk(t: ts.TypeReferenceNode, d: ts.Node | undefined): string | undefined {
    let fhirish = !d;
    if (d && (ts.isImportSpecifier(d) || ts.isImportClause(d) || ts.isNamespaceImport(d))) {
      const decl = ts.isImportSpecifier(d)
        ? d.parent.parent.parent
        : ts.isImportClause(d)
          ? d.parent
          : d.parent.parent;
      fhirish =
        ts.isStringLiteral(decl.moduleSpecifier) && /fhir|hl7|medplum/i.test(decl.moduleSpecifier.text);
    }
    if (!fhirish) return undefined;
    const arg = t.typeArguments?.[0];
    if (!arg) return "FHIR Bundle";
    if (ts.isTypeReferenceNode(arg)) {
      const n = ts.isIdentifier(arg.typeName) ? arg.typeName.text : arg.typeName.right.text;
      if (/^(Resource|FhirResource|DomainResource|BundleEntry)$/.test(n) || this.vocab.isFhirResource(n))
        return `FHIR Bundle<${n}>`;
    }
    return this.personalType(arg, 1);
  }

  private importedTypeRisk(
    d: ts.ImportSpecifier | ts.ImportClause | ts.NamespaceImport,
    name: string,
  ): string | undefined {
    const decl = ts.isImportSpecifier(d)
      ? d.parent.parent.parent
      : ts.isImportClause(d)
        ? d.parent
        : d.parent.parent;
    const spec = ts.isStringLiteral(decl.moduleSpecifier) ? decl.moduleSpecifier.text : "";
    const target = this.r.ws.resolveModule(decl.getSourceFile(), spec);
    if (target) {
      for (const st of target.statements) {
        if ((ts.isInterfaceDeclaration(st) || ts.isClassDeclaration(st)) && st.name?.text === name) {
          return (
            this.membersRisk(name, st.members, this.vocab.isPersonalTypeName(name)) ??
            (this.vocab.isPersonalTypeName(name) ? name : undefined)
          );
        }
        if (ts.isTypeAliasDeclaration(st) && st.name.text === name) {
          const inner = this.personalType(st.type, 1);
          return inner ? (inner.startsWith("object") ? name + inner.slice(6) : inner) : undefined;
        }
      }
      return undefined;
    }
    // External packages: FHIR type packages, or names the user configured.
    if (/fhir|hl7|medplum/i.test(spec) && this.vocab.isPersonalTypeName(name)) return name;
    return undefined;
  }

  private membersRisk(
    typeName: string,
    members: ts.NodeArray<ts.Node>,
    subject: boolean,
    depth = 0,
  ): string | undefined {
    const risky: string[] = [];
    for (const m of members) {
      const n = (m as { name?: ts.PropertyName }).name;
      const text = n ? propertyNameText(n) : undefined;
      if (!text || ts.isMethodDeclaration(m) || ts.isMethodSignature(m)) continue;
      // Static members (`static NAME = "patient"`) describe the class, not the data it holds.
      if (ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword))
        continue;
      if (this.vocab.classifyData(text, subject)) {
        risky.push(text);
        continue;
      }
      // A field whose own type is personal (`patients: Array<{ nom: string }>`).
      const t = (m as { type?: ts.TypeNode }).type;
      if (t && depth < 3 && this.personalType(t, depth + 1)) risky.push(text);
    }
    if (!risky.length) return undefined;
    // One weak field alone (`Archetype.sex`, `TerraformModule.address`) describes no one.
    if (!subject && risky.length === 1 && this.vocab.isWeakAlone(risky[0])) return undefined;
    return typeName + "." + risky.slice(0, 6).join(", ") + (risky.length > 6 ? ", …" : "");
  }

  /** Reading back a file the workspace itself wrote: it holds what was written there in clear. */
  private readOfWrittenFile(call: CallLike): Flow[] | undefined {
    const written = this.writtenFiles;
    if (ts.isTaggedTemplateExpression(call) || !written) return undefined;
    for (const ref of this.r.apis(call)) {
      const m = this.models.match<PathArgModel>("reads", ref)[0];
      if (!m) continue;
      const p = argumentAt(this.r, call, m.pathArg ?? 0);
      if (!p) return undefined;
      const key = pathKey(this.r, p);
      if (!written.isWritten(key)) return undefined;
      return step(written.plaintextWrittenTo(key), call);
    }
    return undefined;
  }

  /** Reading a file that already holds personal data (by its name), unless the workspace writes it itself. */
  private fileSource(call: CallLike): Flow[] | undefined {
    if (ts.isTaggedTemplateExpression(call)) return undefined;
    for (const ref of this.r.apis(call)) {
      const m = this.models.match<PathArgModel>("reads", ref)[0];
      if (!m) continue;
      const p = argumentAt(this.r, call, m.pathArg ?? 0);
      if (!p) return undefined;
      if (this.writtenFiles?.isWritten(pathKey(this.r, p))) return undefined;
      const text = constString(this.r, p) ?? pathNames(this.r, p);
      const base = text ? (text.split(/[\\/]/).pop() ?? text) : undefined;
      // Source code, templates, keys and queries the program reads are not data.
      if (base && NOT_DATA_FILES.test(base)) return undefined;
      const why = text ? this.evidence.fileContents(text) : undefined;
      if (why)
        return [{ origin: { kind: "src", src: { node: call, kind: "file", atRisk: why } }, steps: [] }];
      // A data file whose name says nothing: personal only by what the code reads from it.
      const holder = base && /\.\w+$/.test(base) ? base : "file";
      const ext: ExternalInfo = { node: call, kind: "file", holder };
      return [{ origin: { kind: "ext", ext }, steps: [] }];
    }
    return undefined;
  }
}

/** Files whose contents are code, markup, keys, certificates or query text, never records. */
const NOT_DATA_FILES =
  /\.(m?[jt]sx?|cjs|mjs|d\.ts|html?|css|scss|md|pem|key|crt|cer|p12|pfx|pub|env|ya?ml|toml|ini|sql|graphql|gql|hbs|ejs|pug|mustache|svg|png|jpe?g|gif|ico|woff2?|ttf|map|lock|sh)$/i;

/**
 * A path built from parts, with the names of the variables in it where their values are not known
 * (`${patientId}_bundle.json` → `patientId_bundle.json`): the names say what the file is about.
 */
export function pathNames(r: Resolver, e: ts.Expression, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  const u = unwrap(e);
  const c = constString(r, u);
  if (c !== undefined) return c;
  const nameOf = (x: ts.Expression): string => {
    const v = unwrap(x);
    return (
      constString(r, v) ??
      (ts.isIdentifier(v) ? v.text : ts.isPropertyAccessExpression(v) ? v.name.text : "x")
    );
  };
  if (ts.isTemplateExpression(u))
    return u.head.text + u.templateSpans.map((s) => nameOf(s.expression) + s.literal.text).join("");
  if (ts.isCallExpression(u)) {
    const parts = u.arguments.map((a) => pathNames(r, a, depth + 1)).filter((x): x is string => !!x);
    return parts.length ? parts.join("/") : undefined;
  }
  if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return (
      (pathNames(r, u.left, depth + 1) ?? nameOf(u.left)) +
      (pathNames(r, u.right, depth + 1) ?? nameOf(u.right))
    );
  if (ts.isIdentifier(u)) {
    const d = resolveIdentifier(u);
    if (d && ts.isVariableDeclaration(d) && d.initializer) return pathNames(r, d.initializer, depth + 1);
    return u.text;
  }
  if (ts.isPropertyAccessExpression(u)) return u.name.text;
  return undefined;
}

const DATA_METHOD =
  /^(query|execute|raw|all|any|many|manyOrNone|one|oneOrNone|find\w*|get\w*|fetch\w*|load\w*|read\w*|select\w*|json|parse|request|post|put)$/;

function calleeShortName(call: ts.CallExpression): string {
  const c = unwrap(call.expression);
  return ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : "";
}

/**
 * A parameter or variable declared as keys (`patientIds: string[]`, `patientId: string`): whatever
 * the caller passes, the value is row keys, which say nothing about anyone (the records they name
 * are data; the list of keys is not).
 */
function isKeyListDeclaration(d: ts.Node): boolean {
  if (!(ts.isParameter(d) || ts.isVariableDeclaration(d)) || !ts.isIdentifier(d.name) || !d.type)
    return false;
  if (!isIdName(d.name.text)) return false;
  return isScalarKeyType(d.type);
}

function isScalarKeyType(t: ts.TypeNode): boolean {
  if (t.kind === ts.SyntaxKind.StringKeyword || t.kind === ts.SyntaxKind.NumberKeyword) return true;
  if (ts.isArrayTypeNode(t)) return isScalarKeyType(t.elementType);
  if (ts.isTypeOperatorNode(t) && t.operator === ts.SyntaxKind.ReadonlyKeyword)
    return isScalarKeyType(t.type);
  if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && t.typeArguments?.length === 1)
    return /^(Array|ReadonlyArray|Set)$/.test(t.typeName.text) && isScalarKeyType(t.typeArguments[0]);
  return false;
}

/** `id`, `patientId`, `lab_id`: keys that identify a row, not the data in it. */
function isIdName(name: string): boolean {
  return /^_?ids?$/.test(name) || /[a-z0-9](Ids?|_ids?|IDs?)$/.test(name);
}

/**
 * A credential read from a response or a config (`body.access_token`, `{ secret }`, `apiKey`): a
 * token, secret or key is never personal data for the write rules (issue #10); judged by
 * hardcoded-credentials and the transport rules instead.
 */
const CREDENTIAL_NAME = /(^|[a-z0-9_])(token|secret|passwd|password|api_?key|private_?key|credentials?)$/i;
function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/** A property whose value is never data about a person: a count, a status, an id, a credential. */
function isNotDataName(name: string): boolean {
  return NOT_DATA_PROPS.has(name) || isIdName(name) || isCredentialName(name);
}

function leftmost(q: ts.QualifiedName): ts.Identifier {
  let l: ts.EntityName = q;
  while (ts.isQualifiedName(l)) l = l.left;
  return l;
}

function calleeIs(call: ts.CallExpression, obj: string, method: string): boolean {
  const c = unwrap(call.expression);
  return (
    ts.isPropertyAccessExpression(c) &&
    c.name.text === method &&
    ts.isIdentifier(c.expression) &&
    c.expression.text === obj
  );
}

/**
 * A comparable key for a file path expression: the constant text when known, else the structure
 * with declarations in place of variables (so `out` and `out` agree, `path.join(dir, name)` twice agrees).
 */
export function pathKey(r: Resolver, e: ts.Expression, depth = 0): string {
  const u = unwrap(e);
  const c = constString(r, u);
  if (c !== undefined) return "'" + c.replace(/\\/g, "/").replace(/^\.\//, "");
  if (depth > 12) return "?" + u.getSourceFile().fileName + ":" + u.pos;
  if (ts.isIdentifier(u)) {
    const d = resolveIdentifier(u);
    if (!d) return "g:" + u.text;
    if (
      ts.isVariableDeclaration(d) &&
      d.initializer &&
      !fileIndex(d.getSourceFile()).assignments.get(d)?.length
    )
      return pathKey(r, d.initializer, depth + 1);
    if (ts.isBindingElement(d) && ts.isIdentifier(d.name))
      return "b:" + d.getSourceFile().fileName + ":" + d.pos;
    return "d:" + d.getSourceFile().fileName + ":" + d.pos;
  }
  if (ts.isPropertyAccessExpression(u)) {
    // `this.file` is the same path in every method of the class.
    if (u.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = thisClass(u);
      if (cls) return "this:" + cls.getSourceFile().fileName + ":" + cls.pos + "." + u.name.text;
    }
    return pathKey(r, u.expression, depth + 1) + "." + u.name.text;
  }
  if (ts.isTemplateExpression(u)) {
    return (
      "`" +
      u.head.text +
      u.templateSpans.map((s) => "${" + pathKey(r, s.expression, depth + 1) + "}" + s.literal.text).join("")
    );
  }
  if (ts.isCallExpression(u)) {
    // saveJson(path, data) that returns its path argument: the key is that argument's.
    const passed = returnedArgument(r, u);
    if (passed) return pathKey(r, passed, depth + 1);
    // `const file = await writeReport()` where writeReport returns the path it wrote: that path.
    const returned = returnedPathKey(r, u, depth);
    if (returned) return returned;
    const callee = unwrap(u.expression);
    const name = ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : ts.isIdentifier(callee)
        ? callee.text
        : "call";
    return name + "(" + u.arguments.map((a) => pathKey(r, a, depth + 1)).join(",") + ")";
  }
  if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return pathKey(r, u.left, depth + 1) + "+" + pathKey(r, u.right, depth + 1);
  return "?" + u.getSourceFile().fileName + ":" + u.pos;
}

/**
 * The one path key every return of the local function called here has, when it returns a path it
 * built itself (`const filePath = path.join(dir, "Users.csv"); …; return filePath`).
 */
function returnedPathKey(r: Resolver, call: ts.CallExpression, depth: number): string | undefined {
  if (depth > 6) return undefined;
  for (const v of r.values(call.expression)) {
    if (v.kind !== "node" || !isFunctionLike(v.node)) continue;
    const rets = returnExpressions(v.node);
    const keys = new Set(rets.map((e) => pathKey(r, e, depth + 3)));
    const [key] = [...keys];
    return keys.size === 1 && !key.startsWith("?") && !key.startsWith("d:") ? key : undefined;
  }
  return undefined;
}

/** For a call to a local function that returns one of its parameters unchanged, the argument passed there. */
export function returnedArgument(r: Resolver, call: ts.CallExpression): ts.Expression | undefined {
  for (const v of r.values(call.expression)) {
    if (v.kind !== "node" || !isFunctionLike(v.node)) continue;
    const fn = v.node;
    const rets = returnExpressions(fn);
    if (!rets.length) return undefined;
    let index = -1;
    for (const e of rets) {
      const u = unwrap(e);
      const d = ts.isIdentifier(u) ? resolveIdentifier(u) : undefined;
      if (!d || !ts.isParameter(d) || d.parent !== fn) return undefined;
      const i = fn.parameters.indexOf(d);
      if (index >= 0 && i !== index) return undefined;
      index = i;
    }
    return call.arguments[index];
  }
  return undefined;
}

/** Literal fragments of a path built from parts: `path.join(dir, "patients.csv")` → "patients.csv". */
export function pathHint(r: Resolver, e: ts.Expression): string | undefined {
  const u = unwrap(e);
  const c = constString(r, u);
  if (c !== undefined) return c;
  if (ts.isCallExpression(u)) {
    const parts = u.arguments.map((a) => pathHint(r, a)).filter((x): x is string => !!x);
    return parts.length ? parts.join("/") : undefined;
  }
  if (ts.isTemplateExpression(u))
    return (
      u.head.text +
      u.templateSpans.map((s) => (constString(r, s.expression) ?? "x") + s.literal.text).join("")
    );
  if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return (pathHint(r, u.left) ?? "") + (pathHint(r, u.right) ?? "");
  if (ts.isIdentifier(u)) {
    const d = resolveIdentifier(u);
    if (d && ts.isVariableDeclaration(d) && d.initializer) return pathHint(r, d.initializer);
  }
  return undefined;
}

/** An object or array literal (of such literals): its contents are visible, so its type adds nothing. */
function builtInPlace(e: ts.Expression): boolean {
  const u = unwrap(e);
  if (ts.isObjectLiteralExpression(u)) return true;
  if (ts.isArrayLiteralExpression(u)) return u.elements.every((x) => builtInPlace(x));
  return false;
}

/**
 * `const [a, b] = await Promise.all([x, y])` or `= [x, y]`: `a` holds what `x` gives, not the
 * union of both (a reference table fetched beside the patients is not patient data).
 */
function positionalElement(d: ts.BindingElement, init: ts.Expression): ts.Expression | undefined {
  const pattern = d.parent;
  if (!ts.isArrayBindingPattern(pattern) || !ts.isVariableDeclaration(pattern.parent)) return undefined;
  if (d.dotDotDotToken) return undefined;
  const i = pattern.elements.indexOf(d);
  let u = unwrap(init);
  if (
    ts.isCallExpression(u) &&
    ts.isPropertyAccessExpression(u.expression) &&
    /^(all|allSettled)$/.test(u.expression.name.text) &&
    ts.isIdentifier(u.expression.expression) &&
    u.expression.expression.text === "Promise" &&
    u.arguments[0]
  )
    u = unwrap(u.arguments[0]);
  if (!ts.isArrayLiteralExpression(u) || u.elements.some((e) => ts.isSpreadElement(e))) return undefined;
  return u.elements[i];
}
