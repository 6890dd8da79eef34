/**
 * The engine's entry points. `Analyzer` wraps one Workspace and runs the rules over some or all of
 * its files; `analyzeProject` is the one-shot form the CLI uses (discover, load, analyse).
 * Nothing here imports the LSP or the CLI.
 */
import { rethrowUnlessTooDeep } from "./errors";
import * as crypto from "crypto";
import * as path from "path";
import { ts } from "ts-morph";
import { loadVocabulary, Vocabulary } from "./classify/vocabulary";
import picomatch from "picomatch";
import { Config, CONFIG_FILE, Instruction, loadConfig } from "./config/config";
import { unusedUserModels } from "./models/unusedModels";
import { Finding, locationOf, Notice, RelatedLocation, Severity } from "./findings";
import { Flow, TaintEngine, WrittenFiles } from "./flow/taint";
import { discover } from "./load/discover";
import { TestCode } from "./load/testCode";
import { moduleSpecifiers, Workspace } from "./load/workspace";
import { buildModels, Models } from "./models/models";
import { RULES_DIR } from "./paths";
import { QueryReader } from "./queries/queries";
import { Resolver } from "./resolve/values";
import { Report, RuleContext } from "./rules/context";
import { FactsCache, WorkspaceFacts } from "./rules/facts";
import { fillMessage } from "./rules/messages";
import { CallIndex } from "./resolve/callIndex";
import { indexFailure } from "./resolve/fileIndex";
import { KNOWN_RULE_IDS, RULES, ruleMeta } from "./rules/registry";
import { parseDirectives } from "./suppress/suppressions";
import { safeText } from "./ast/nodes";
import { findSchemaFiles, LearnedTable, tablesFromCode, tablesFromSchemaFile } from "./schema/schemaLearner";

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

export interface AnalysisResult {
  findings: Finding[];
  notices: Notice[];
  /** Every file read (test code included: data may flow through it). */
  files: string[];
  /** The files the rules checked: `files` without the test code, unless test code is included. */
  checkedFiles: string[];
  durationMs: number;
}

export interface RunOptions {
  /** Only these files get findings; default all. */
  files?: ts.SourceFile[];
  /** Only these rules run; default all enabled by config. */
  rules?: string[];
  /** Called between rules so long runs can be cancelled. */
  shouldStop?: () => boolean;
  /** Called now and then with the (rule, file) pairs done out of all. */
  onProgress?: (done: number, total: number) => void;
}

export class Analyzer {
  readonly vocab: Vocabulary;
  readonly models: Models;

  /** Folder the config's globs are relative to (the config file's folder, else the root). */
  configDir: string;
  readonly configFile: string;
  /** Test files are read but not checked unless `includeTests` (see load/testCode.ts). */
  readonly testCode: TestCode;
  private instructionMatchers?: Array<{ ins: Instruction; match: (rel: string) => boolean }>;

  constructor(
    readonly ws: Workspace,
    readonly config: Config,
    readonly rulesDir = RULES_DIR,
    configDir?: string,
    /** The configuration file, for notes about its user models (default: privacy-review.json in configDir). */
    configFile?: string,
  ) {
    this.configDir = configDir ?? ws.root;
    this.configFile = configFile ?? path.join(this.configDir, CONFIG_FILE);
    this.testCode = new TestCode(ws.root, { globs: config.tests, include: config.includeTests });
    this.vocab = loadVocabulary(rulesDir, config.patientData);
    // Sanitisers by name come only from the user's configuration (their own encryption helpers,
    // and the encryptor the quick fixes are told to call). The helper our fixes insert is judged by
    // its body, like any other local function: no name is trusted as encryption.
    const sanitizers = [
      ...(config.models?.sanitizers ?? []),
      ...(config.fix?.encryptor ? [config.fix.encryptor.name] : []),
    ];
    this.models = buildModels(
      rulesDir,
      config.models?.add ?? [],
      sanitizers,
      config.models?.types ?? [],
      path.basename(this.configFile),
    );
  }

  /** The documented instructions whose `files` globs match this file. */
  instructionsFor(file: string): Instruction[] {
    if (!this.config.instructions?.length) return [];
    if (!this.instructionMatchers) {
      this.instructionMatchers = this.config.instructions.map((ins) => ({
        ins,
        match: picomatch(ins.files, { dot: true }),
      }));
    }
    const rel = path.relative(this.configDir, file).split(path.sep).join("/");
    return this.instructionMatchers.filter((m) => m.match(rel)).map((m) => m.ins);
  }

  severityOf(ruleId: string): Severity | "off" {
    return this.config.rules?.[ruleId] ?? ruleMeta(ruleId, this.rulesDir).defaultSeverity;
  }

  /** Per-file facts kept between runs; `invalidate` drops what an edit may have changed. */
  readonly factsCache = new FactsCache();
  readonly callIndex = new CallIndex();

  invalidate(files: ts.SourceFile[]): void {
    this.factsCache.invalidate(files);
  }

  private schemaFileTables?: LearnedTable[];
  private codeTables = new WeakMap<ts.SourceFile, LearnedTable[]>();

  /** Tables and columns the workspace declares (DDL, Prisma, ORM models), for `*` and classification. */
  learnSchema(r: Resolver): LearnedTable[] {
    if (!this.schemaFileTables) {
      this.schemaFileTables = [];
      try {
        for (const f of findSchemaFiles(this.ws.root)) this.schemaFileTables.push(...tablesFromSchemaFile(f));
      } catch {
        /* expected: unreadable folders hold no schema files we can read (findSchemaFiles skips them) */
      }
    }
    const all = [...this.schemaFileTables];
    for (const sf of this.ws.files()) {
      let t = this.codeTables.get(sf);
      if (!t) {
        try {
          t = tablesFromCode(r, sf);
        } catch (error) {
          rethrowUnlessTooDeep(error); // expected: too deep to follow; others reach run()'s notice
          t = [];
        }
        this.codeTables.set(sf, t);
      }
      all.push(...t);
    }
    this.vocab.forgetLearned();
    for (const t of all) this.vocab.learnTable(t.table, t.columns);
    return all;
  }

  run(opts: RunOptions = {}): { findings: Finding[]; notices: Notice[] } {
    this.callIndex.update(this.ws.files());
    const r = new Resolver(this.ws, this.callIndex);
    const early: Notice[] = [];
    const tSchema = Date.now();
    try {
      this.learnSchema(r);
    } catch (e) {
      early.push({
        file: this.ws.root,
        level: "warning",
        message: `schema learning stopped early: ${(e as Error).message.split("\n")[0]}; SELECT * is reported without the column list`,
      });
    }
    const queries = new QueryReader(r, this.models);
    // The taint engine and the workspace facts need each other: the engine learns about written
    // files through the WrittenFiles interface, answered by the facts once they exist.
    // eslint-disable-next-line prefer-const -- read by the closures below, assigned after the engine
    let facts: WorkspaceFacts | undefined;
    const writtenFiles: WrittenFiles = {
      isWritten: (key) => facts?.isWritten(key) ?? false,
      plaintextWrittenTo: (key) => facts?.plaintextWrittenTo(key) ?? [],
    };
    const taint = new TaintEngine(r, this.models, queries, this.vocab, writtenFiles);
    const allFiles = () => this.ws.files();
    facts = new WorkspaceFacts(r, this.models, taint, allFiles, this.factsCache);
    // Test code is read (it may hold helpers data flows through) but its findings are not wanted.
    const files = (opts.files ?? this.ws.files()).filter((f) => !this.testCode.isSkipped(f.fileName));
    const findings: Finding[] = [];
    const notices: Notice[] = [...early];
    const occurrences = new Map<string, number>();
    // The same problem reached twice (one call, two option objects that both lack TLS) is one finding.
    const reported = new Set<string>();
    const ctx: RuleContext = {
      r,
      models: this.models,
      queries,
      taint,
      vocab: this.vocab,
      facts,
      files,
      instructionsFor: this.config.instructions?.length ? (f) => this.instructionsFor(f) : undefined,
      report: (rep) => {
        // A message the rule's meta.json does not declare, or a placeholder left without a value, is
        // a bug in the rule: it surfaces as the rule's error notice for this file (the per-rule
        // catch below), never as a finding.
        const templates = ruleMeta(rep.ruleId, this.rulesDir).messages;
        if (!Object.hasOwn(templates, rep.messageId))
          throw new Error(
            `rule ${rep.ruleId} reported messageId "${rep.messageId}", which its meta.json does not declare`,
          );
        const message = fillMessage(
          templates[rep.messageId],
          rep.messageData,
          `rule ${rep.ruleId}, message ${rep.messageId}`,
        );
        const configured = this.severityOf(rep.ruleId);
        if (configured === "off") return;
        const sev = rep.level ?? configured;
        const key = `${rep.ruleId}|${rep.node.getSourceFile().fileName}|${rep.node.pos}|${rep.node.end}|${message}`;
        if (reported.has(key)) return;
        reported.add(key);
        findings.push(this.toFinding(rep, message, sev, occurrences));
      },
    };
    if (process.env.PRIVACY_REVIEW_TIMING)
      process.stderr.write(`[timing] schema: ${Date.now() - tSchema} ms\n`);
    const timing = process.env.PRIVACY_REVIEW_TIMING
      ? (label: string, t: number) => process.stderr.write(`[timing] ${label}: ${Date.now() - t} ms\n`)
      : undefined;
    const rulesToRun = RULES.filter(
      (rule) => (!opts.rules || opts.rules.includes(rule.id)) && this.severityOf(rule.id) !== "off",
    );
    const totalSteps = rulesToRun.length * files.length;
    let stepsDone = 0;
    for (const rule of rulesToRun) {
      if (opts.shouldStop?.()) break;
      const t0 = Date.now();
      // File by file, so a file the engine cannot follow costs only its own findings for this rule.
      for (const sf of files) {
        if (opts.onProgress && stepsDone++ % 25 === 0) opts.onProgress(stepsDone, totalSteps);
        try {
          rule.run({ ...ctx, files: [sf] });
        } catch (e) {
          if (process.env.PRIVACY_REVIEW_DEBUG)
            process.stderr.write(
              `${rule.id} on ${sf.fileName}: ${String((e as Error).stack)
                .split("\n")
                .slice(0, 12)
                .join("\n")}\n`,
            );
          const tooDeep = e instanceof RangeError;
          notices.push({
            file: sf.fileName,
            level: tooDeep ? "note" : "error",
            message: tooDeep
              ? `${rule.id}: this file's expressions nest too deeply to follow; its findings for this rule may be incomplete`
              : `internal error in rule ${rule.id}: ${(e as Error).message.split("\n")[0]}; other rules and files ran normally — please report this with the file`,
          });
        }
      }
      timing?.(rule.id, t0);
    }
    notices.push(...indexFailureNotices(opts.files ? files : this.ws.files()));
    // User models that match nothing: only a run over the whole workspace can say so.
    if (!opts.files && !opts.shouldStop?.()) {
      try {
        notices.push(...unusedUserModels(this.models, r, this.ws.files(), this.configFile));
      } catch (e) {
        notices.push({
          file: this.configFile,
          level: "warning",
          message: `could not check whether the user models match: ${(e as Error).message.split("\n")[0]}`,
        });
      }
    }
    const wanted = new Set(files.map((f) => f.fileName));
    const kept = dedupe(findings).filter(
      (f) => (wanted.has(f.location.file) || !opts.files) && !this.testCode.isSkipped(f.location.file),
    );
    // Suppressions
    const byFile = new Map<string, Finding[]>();
    for (const f of kept) {
      const list = byFile.get(f.location.file);
      if (list) list.push(f);
      else byFile.set(f.location.file, [f]);
    }
    for (const sf of files) {
      const parsed = parseDirectives(sf, KNOWN_RULE_IDS);
      notices.push(...parsed.notices);
      for (const f of byFile.get(sf.fileName) ?? []) {
        const d = parsed.directives.find(
          (x) => x.targetLine === f.location.start.line && x.ids.includes(f.ruleId),
        );
        if (d) {
          const s = sf.getLineAndCharacterOfPosition(d.start);
          const e = sf.getLineAndCharacterOfPosition(d.end);
          f.suppression = {
            justification: d.reason,
            location: {
              file: sf.fileName,
              start: { line: s.line, character: s.character },
              end: { line: e.line, character: e.character },
            },
          };
        }
      }
    }
    kept.sort(compareFindings);
    return { findings: kept, notices };
  }

  private toFinding(
    rep: Report,
    message: string,
    severity: Severity,
    occurrences: Map<string, number>,
  ): Finding {
    const loc = locationOf(rep.node);
    const rel = path.relative(this.ws.root, loc.file).split(path.sep).join("/");
    const lineText = rep.node.getSourceFile().text.split(/\r?\n/)[loc.start.line]?.trim() ?? "";
    const base = `${rep.ruleId}|${rel}|${lineText.replace(/\s+/g, " ")}`;
    const n = occurrences.get(base) ?? 0;
    occurrences.set(base, n + 1);
    const fingerprint = crypto
      .createHash("sha256")
      .update(base + "|" + n)
      .digest("hex")
      .slice(0, 32);
    const related: RelatedLocation[] = (rep.related ?? []).map((x) => ({
      ...locationOf(x.node),
      message: x.message,
    }));
    return {
      ruleId: rep.ruleId,
      messageId: rep.messageId,
      severity,
      message,
      location: loc,
      related: dedupeRelated(related),
      flow: rep.flows && rep.flows.length ? flowSteps(rep.flows[0], rep.node) : [],
      fingerprint,
      data: rep.data,
    };
  }
}

function flowSteps(f: Flow, sink: ts.Node): RelatedLocation[] {
  const steps: RelatedLocation[] = [];
  if (f.origin.kind === "src")
    steps.push({ ...locationOf(f.origin.src.node), message: `source: ${f.origin.src.atRisk}` });
  for (const s of f.steps) {
    if (s === sink) continue;
    const label =
      ts.isVariableDeclaration(s) || ts.isParameter(s) || ts.isBindingElement(s)
        ? `flows into ${safeText(s.name)}`
        : `flows through ${safeText(s)}`;
    steps.push({ ...locationOf(s), message: label });
  }
  steps.push({ ...locationOf(sink), message: "sink: written or sent without encryption" });
  return steps;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.ruleId}|${f.location.file}|${f.location.start.line}|${f.location.start.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function dedupeRelated(r: RelatedLocation[]): RelatedLocation[] {
  const seen = new Set<string>();
  return r.filter((x) => {
    const k = `${x.file}|${x.start.line}|${x.start.character}|${x.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.location.file !== b.location.file) return a.location.file < b.location.file ? -1 : 1;
  if (a.location.start.line !== b.location.start.line) return a.location.start.line - b.location.start.line;
  if (a.location.start.character !== b.location.start.character)
    return a.location.start.character - b.location.start.character;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

export type ProgressPhase = "reading" | "analysing";

export interface ProjectOptions {
  /** The project root: config globs, tsconfig, schema files and fingerprints are relative to it. */
  root: string;
  /** The scanned files and folders (default: the root). Only they get findings and notices. */
  paths?: string[];
  configFile?: string;
  config?: Config;
  rules?: string[];
  rulesDir?: string;
  /** Check test code too (`--include-tests`); overrides the config's `includeTests`. */
  includeTests?: boolean;
  /** Follow symbolic links out of the scanned folders (`--follow-symlinks`). */
  followSymlinks?: boolean;
  /** Called now and then while files are read and while rules run. */
  onProgress?: (done: number, total: number, phase: ProgressPhase) => void;
}

/** Most files a partial scan loads for what the scanned files import (beyond, flows stop). */
const MAX_IMPORTED_FILES = 20_000;

/**
 * Discover, load and analyse (the CLI's job). When only some paths of the project are scanned,
 * the project files they import (transitively) are loaded too, so a flow through an imported
 * helper is followed as in a whole-project scan; findings are reported for the scanned files only.
 * Throws ConfigError on a bad config.
 */
export function analyzeProject(
  opts: ProjectOptions,
): AnalysisResult & { config: Config; configFile?: string; analyzer: Analyzer } {
  const t0 = Date.now();
  const rulesDir = opts.rulesDir ?? RULES_DIR;
  const root = path.resolve(opts.root);
  const loaded = opts.config
    ? { config: opts.config, file: opts.configFile }
    : loadConfig(rulesDir, root, opts.configFile);
  const config: Config =
    opts.includeTests !== undefined ? { ...loaded.config, includeTests: opts.includeTests } : loaded.config;
  const maxBytes = config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const selection = {
    root,
    include: config.include,
    exclude: config.exclude,
    maxFileBytes: maxBytes,
    followSymlinks: opts.followSymlinks,
  };
  const found = discover({ ...selection, paths: opts.paths });
  if (process.env.PRIVACY_REVIEW_TIMING)
    process.stderr.write(`[timing] discover: ${Date.now() - t0} ms (${found.files.length} files)\n`);
  const ws = new Workspace(root, found.compilerOptions ?? {});
  const notices: Notice[] = [...found.notices];
  found.files.forEach((f, i) => {
    const n = ws.addFromDisk(f, maxBytes);
    if (n) notices.push(n);
    if (opts.onProgress && i % 50 === 0) opts.onProgress(i, found.files.length, "reading");
  });
  const scanned = ws.files();
  const partial = !!opts.paths?.length && !opts.paths.every((p) => path.resolve(p) === root);
  if (partial) notices.push(...loadImports(ws, scanned, discover(selection).files, maxBytes));
  if (process.env.PRIVACY_REVIEW_TIMING) process.stderr.write(`[timing] load+parse: ${Date.now() - t0} ms\n`);
  for (const sf of scanned) {
    const diags = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics;
    if (diags && diags.length) {
      const d = diags[0];
      const line = sf.getLineAndCharacterOfPosition(d.start).line;
      notices.push({
        file: sf.fileName,
        line,
        level: "error",
        message: `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}; findings in this file may be incomplete until it parses`,
      });
    }
  }
  const analyzer = new Analyzer(
    ws,
    config,
    rulesDir,
    loaded.file ? path.dirname(loaded.file) : undefined,
    loaded.file,
  );
  const res = analyzer.run({
    rules: opts.rules,
    files: partial ? scanned : undefined,
    onProgress: opts.onProgress && ((done, total) => opts.onProgress?.(done, total, "analysing")),
  });
  const files = scanned.map((f) => f.fileName);
  const checkedFiles = files.filter((f) => !analyzer.testCode.isSkipped(f));
  const skippedTests = files.length - checkedFiles.length;
  if (skippedTests)
    notices.push({
      file: root,
      level: "note",
      message: `${skippedTests} test file(s) (${config.tests ? 'the "tests" globs' : "test/, tests/, __tests__/, spec/, fixtures/, e2e/, *.test.*, *.spec.*…"}) were read but not checked; run with --include-tests or set "includeTests": true to check them`,
    });
  return {
    findings: res.findings,
    notices: [...notices, ...res.notices],
    files,
    checkedFiles,
    durationMs: Date.now() - t0,
    config,
    configFile: loaded.file,
    analyzer,
  };
}

/**
 * Loads, transitively, the project files the scanned files import (relative, absolute and
 * tsconfig `paths` specifiers), choosing only among the files a whole-project scan would read.
 * A file that cannot be loaded is a note: the scanned file's flows through it may be incomplete.
 */
function loadImports(
  ws: Workspace,
  scanned: ts.SourceFile[],
  projectFiles: string[],
  maxBytes: number,
): Notice[] {
  const allowed = new Set(projectFiles);
  const notices: Notice[] = [];
  const queue = [...scanned];
  let budget = MAX_IMPORTED_FILES;
  while (queue.length && budget > 0) {
    const sf = queue.shift()!;
    for (const spec of moduleSpecifiers(sf)) {
      const target = ws.moduleCandidates(sf.fileName, spec).find((c) => allowed.has(c) || ws.get(c));
      if (!target || ws.get(target)) continue;
      budget--;
      const problem = ws.addFromDisk(target, maxBytes);
      const added = ws.get(target);
      if (added) queue.push(added);
      else if (problem)
        notices.push({
          ...problem,
          level: "note",
          message: `imported by a scanned file but not loaded (${problem.message}); flows through it are not followed`,
        });
    }
  }
  return notices;
}

/** A notice for each file whose index could not be built: its calls and writes were not seen. */
function indexFailureNotices(files: readonly ts.SourceFile[]): Notice[] {
  const out: Notice[] = [];
  for (const sf of files) {
    const error = indexFailure(sf);
    if (error === undefined) continue;
    const message =
      error instanceof RangeError
        ? "this file's code nests too deeply to index; findings that depend on it may be incomplete"
        : `internal error while indexing this file: ${String((error as Error)?.message ?? error).split("\n")[0]}; ` +
          "other files ran normally — please report this with the file";
    out.push({ file: sf.fileName, level: error instanceof RangeError ? "note" : "error", message });
  }
  return out;
}
