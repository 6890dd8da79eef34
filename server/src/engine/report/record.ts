/**
 * The migration record (CNIL SAN-2022-009 §60: "a detailed account of the operations"): per
 * script, what it reads (tables, columns, filters), which documented instruction governs it and
 * whether it stays inside, where data goes (files, remote endpoints and their protocol), whether
 * it is encrypted and deleted, and the findings with their citations. Code locations and names
 * only: literal values in the scanned code are never copied (SQL text excepted).
 */
import { sqlShape } from "./redact";
import * as path from "path";
import { ts } from "ts-morph";
import { unwrap } from "../ast/nodes";
import { codeShape } from "../ast/codeShape";
import { Analyzer } from "../analyzer";
import { Finding } from "../findings";
import { TaintEngine } from "../flow/taint";
import { ConnectionModel, PathArgModel, SinkModel } from "../models/models";
import { QueryReader } from "../queries/queries";
import { fileIndex } from "../resolve/fileIndex";
import { Resolver } from "../resolve/values";
import { checkRead } from "../rules/beyondInstructions";
import { literalOf, objectOf, propValue, isEnvAccess } from "../rules/facts";
import { citationText, RECORD_DECISION } from "../rules/citation";
import { ruleMeta } from "../rules/registry";
import { argumentAt } from "../models/arguments";

export interface SourceRecord {
  line: number;
  family: string;
  sql?: string;
  tables: Array<{
    table: string;
    columns: string[] | "all";
    rowFilter: "filtered" | "none";
    personal: boolean;
    atRisk: string[];
  }>;
  instruction?: { id: string; verdict: "within" | "beyond" | "not proven"; detail?: string };
}
export interface SinkRecord {
  line: number;
  kind: string;
  call: string;
  target?: string;
  encrypted: boolean;
  personalData: string[];
}
export interface EndpointRecord {
  line: number;
  protocol: string;
  client: string;
  tls: "yes" | "no" | "not known";
  login: string;
}
export interface DeletionRecord {
  line: number;
  call: string;
  target: string;
  onEveryPath: boolean;
}
export interface FindingRecord {
  line: number;
  ruleId: string;
  severity: string;
  message: string;
  citation: string;
  suppressed?: string;
}

export interface ScriptRecord {
  file: string;
  instructions: Array<{
    id: string;
    controller?: string;
    reference?: string;
    verdict: "within" | "beyond" | "not proven" | "no extraction";
  }>;
  sources: SourceRecord[];
  sinks: SinkRecord[];
  endpoints: EndpointRecord[];
  deletions: DeletionRecord[];
  findings: FindingRecord[];
}

/** The header every format of the record shows, word for word (Markdown, HTML, JSON). */
export interface RecordHeader {
  /** What the record lists, and that it holds no data values. */
  summary: string;
  /** Why a record: the decision's findings it answers, in our words. */
  basis: string;
  /** The citation of those findings (citationText). */
  citation: string;
}

export function recordHeader(): RecordHeader {
  return {
    summary:
      "For each script: what it reads, where the data goes, how it is protected and removed, and how it compares with the controller's documented instructions. Code locations and names only, never data values.",
    basis:
      "The CNIL found that the vendor had no migration procedure giving its clients a detailed account of the operations, and could not show that the laboratories had approved the extracts; this record is that account, drawn from the code.",
    citation: citationText(RECORD_DECISION),
  };
}

export interface MigrationRecord {
  generatedAt: string;
  tool: { name: string; version: string };
  root: string;
  header: RecordHeader;
  instructions: Array<{
    id: string;
    controller?: string;
    reference?: string;
    files: string[];
    scripts: number;
    verdict: "within" | "beyond" | "not proven" | "no script";
  }>;
  totals: {
    scripts: number;
    findings: number;
    byRule: Record<string, number>;
    unencryptedSinks: number;
    plaintextEndpoints: number;
  };
  scripts: ScriptRecord[];
}

export function buildRecord(analyzer: Analyzer, findings: Finding[], version: string): MigrationRecord {
  const ws = analyzer.ws;
  const r = new Resolver(ws);
  const queries = new QueryReader(r, analyzer.models);
  const taint = new TaintEngine(r, analyzer.models, queries, analyzer.vocab);
  analyzer.learnSchema(r);
  const rel = (f: string): string => path.relative(ws.root, f).split(path.sep).join("/");
  const lineOf = (n: ts.Node): number =>
    n.getSourceFile().getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const scripts: ScriptRecord[] = [];

  const checked = ws.files().filter((sf) => !analyzer.testCode.isSkipped(sf.fileName));
  for (const sf of checked.sort((a, b) => (a.fileName < b.fileName ? -1 : 1))) {
    const idx = fileIndex(sf);
    const governing = analyzer.instructionsFor(sf.fileName);
    const rec: ScriptRecord = {
      file: rel(sf.fileName),
      instructions: [],
      sources: [],
      sinks: [],
      endpoints: [],
      deletions: [],
      findings: [],
    };
    const verdicts: Array<"within" | "beyond" | "not proven"> = [];
    // Sources
    for (const q of queries.queriesIn(sf)) {
      const src: SourceRecord = {
        line: lineOf(q.reportNode),
        family: q.family,
        sql: q.sqlText !== undefined ? sqlShape(q.sqlText) : undefined,
        tables: [],
      };
      for (const read of q.reads) {
        if (read.aggregateOnly) continue;
        const personal = analyzer.vocab.isPersonalTable(read.table);
        const cols = read.columns.has("*")
          ? (analyzer.vocab.columnsOf(read.table) ?? "all")
          : [...read.columns];
        const atRisk = (cols === "all" ? [] : cols).filter((c) => analyzer.vocab.classifyName(c, personal));
        src.tables.push({
          table: read.table,
          columns: read.columns.has("*") ? "all" : [...read.columns],
          rowFilter: read.rowFiltered ? "filtered" : "none",
          personal: personal || atRisk.length > 0,
          atRisk,
        });
        const ins = governing.find((i) => Object.keys(i.extract).length) ?? governing[0];
        if (ins) {
          const c = checkRead({ r, queries, vocab: analyzer.vocab }, q, read, ins);
          const beyond =
            c.tableNotListed ||
            c.allColumnsUnknown ||
            c.extraColumns.length > 0 ||
            c.rowFilter?.verdict === "outside";
          const verdict = beyond ? "beyond" : c.rowFilter?.verdict === "not-proven" ? "not proven" : "within";
          const detail = c.tableNotListed
            ? `table ${read.table} is not in the instruction`
            : c.extraColumns.length
              ? `columns beyond the field list: ${c.extraColumns.join(", ")}`
              : c.allColumnsUnknown
                ? "reads every column"
                : c.rowFilter?.detail;
          src.instruction = { id: ins.id, verdict, detail };
          verdicts.push(verdict);
        }
      }
      if (src.tables.length) rec.sources.push(src);
    }
    for (const call of idx.calls) {
      // Sinks
      for (const ref of r.apis(call)) {
        for (const m of analyzer.models.match<SinkModel>("sinks", ref)) {
          const flows = m.data
            .flatMap((d) => {
              const e = taint.argExpr(call, d);
              return e ? taint.concreteFlows(e) : [];
            })
            .filter((f) => f.origin.kind === "src");
          const pathArg = m.pathArg !== undefined ? argumentAt(r, call, m.pathArg) : undefined;
          rec.sinks.push({
            line: lineOf(call),
            kind: m.kind,
            call: calleeShape(call),
            target: pathArg ? codeShape(pathArg) : undefined,
            encrypted: !flows.length,
            personalData: [
              ...new Set(flows.map((f) => (f.origin.kind === "src" ? f.origin.src.atRisk : ""))),
            ],
          });
        }
        for (const m of analyzer.models.match<ConnectionModel>("connections", ref)) {
          rec.endpoints.push(endpoint(r, call, m, lineOf(call), ref.module));
        }
        const del = analyzer.models.match<PathArgModel>("deletes", ref)[0];
        const deleted = del && argumentAt(r, call, del.pathArg ?? 0);
        if (deleted) {
          rec.deletions.push({
            line: lineOf(call),
            call: calleeShape(call),
            target: codeShape(deleted),
            onEveryPath: inFinally(call),
          });
        }
      }
    }
    for (const f of findings) {
      if (f.location.file !== sf.fileName) continue;
      rec.findings.push({
        line: f.location.start.line + 1,
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        citation: ruleMeta(f.ruleId).citation,
        suppressed: f.suppression?.justification,
      });
    }
    for (const ins of governing) {
      const mine = verdicts;
      rec.instructions.push({
        id: ins.id,
        controller: ins.controller,
        reference: ins.reference,
        verdict: !mine.length
          ? "no extraction"
          : mine.includes("beyond")
            ? "beyond"
            : mine.includes("not proven")
              ? "not proven"
              : "within",
      });
    }
    if (rec.sources.length || rec.sinks.length || rec.endpoints.length || rec.findings.length)
      scripts.push(rec);
  }

  const byRule: Record<string, number> = {};
  for (const s of scripts)
    for (const f of s.findings) if (!f.suppressed) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  const instructions = (analyzer.config.instructions ?? []).map((ins) => {
    const governed = scripts.filter((s) => s.instructions.some((i) => i.id === ins.id));
    const vs = governed.flatMap((s) => s.instructions.filter((i) => i.id === ins.id).map((i) => i.verdict));
    const verdict: "within" | "beyond" | "not proven" | "no script" = !governed.length
      ? "no script"
      : vs.includes("beyond")
        ? "beyond"
        : vs.includes("not proven")
          ? "not proven"
          : "within";
    return {
      id: ins.id,
      controller: ins.controller,
      reference: ins.reference,
      files: ins.files,
      scripts: governed.length,
      verdict,
    };
  });
  return {
    generatedAt: new Date().toISOString(),
    tool: { name: "privacy-review", version },
    root: path.basename(ws.root),
    header: recordHeader(),
    instructions,
    totals: {
      scripts: scripts.length,
      findings: Object.values(byRule).reduce((a, b) => a + b, 0),
      byRule,
      unencryptedSinks: scripts.reduce((n, s) => n + s.sinks.filter((k) => !k.encrypted).length, 0),
      plaintextEndpoints: scripts.reduce((n, s) => n + s.endpoints.filter((e) => e.tls === "no").length, 0),
    },
    scripts,
  };
}

function calleeShape(call: ts.CallExpression): string {
  const c = unwrap(call.expression);
  const text = ts.isPropertyAccessExpression(c)
    ? `${ts.isIdentifier(c.expression) || ts.isPropertyAccessExpression(c.expression) ? c.expression.getText().split(".").pop() + "." : ""}${c.name.text}`
    : ts.isIdentifier(c)
      ? c.text
      : "call";
  return text;
}

function endpoint(
  r: Resolver,
  call: ts.CallExpression | ts.NewExpression,
  m: ConnectionModel,
  line: number,
  module: string,
): EndpointRecord {
  const options =
    m.options !== undefined && call.arguments?.[m.options]
      ? objectOf(r, call.arguments[m.options])
      : undefined;
  let tls: EndpointRecord["tls"] = "not known";
  let protocol = m.protocol;
  if (m.protocol === "sftp" || m.protocol === "ssh") tls = "yes";
  else if (m.secure?.never) tls = "no";
  else if (m.secure?.key && options) {
    const v = propValue(r, options, m.secure.key);
    const lit = v ? literalOf(r, v.value) : undefined;
    tls = !v
      ? "no"
      : lit
        ? (m.secure.ok ?? [true]).includes(lit.value as never)
          ? "yes"
          : "no"
        : "not known";
    if (m.protocol === "ftp" && tls === "yes") protocol = "ftps";
  }
  let login = "not known";
  if (options) {
    const userKey = (m.user ?? ["user", "username"]).find((k) => propValue(r, options, k));
    const pwKey = (m.password ?? ["password"]).find((k) => propValue(r, options, k));
    const user = userKey ? propValue(r, options, userKey) : undefined;
    const pw = pwKey ? propValue(r, options, pwKey) : undefined;
    const ul = user ? literalOf(r, user.value) : undefined;
    if (!user && m.defaultUser) login = "anonymous (client default)";
    else if (ul && typeof ul.value === "string" && /^(anonymous|ftp|guest|anon)$/i.test(ul.value))
      login = "anonymous";
    else if (pw && isEnvAccess(pw.value)) login = "credentials from the environment";
    else if (pw && literalOf(r, pw.value)) login = "password written in the code";
    else if (pw) login = "credentials supplied at run time";
  }
  return { line, protocol, client: module, tls, login };
}

function inFinally(n: ts.Node): boolean {
  for (let p: ts.Node | undefined = n.parent; p; p = p.parent) {
    if (ts.isTryStatement(p.parent ?? n) && (p.parent as ts.TryStatement).finallyBlock === p) return true;
    if (
      ts.isCallExpression(p) &&
      ts.isPropertyAccessExpression(p.expression) &&
      p.expression.name.text === "finally"
    )
      return true;
    if (ts.isSourceFile(p)) break;
  }
  return false;
}
