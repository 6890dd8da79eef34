/**
 * One workspace folder as the language server sees it: a long-lived Workspace (ts-morph project)
 * fed from disk and from open editors, the config, and the last findings per file. Analysis runs
 * on the files that changed and those that import them or that they import, never the whole
 * workspace, except when the user asks for a workspace scan.
 */
import * as fs from "fs";
import * as path from "path";
import { ts } from "ts-morph";
import { Analyzer, DEFAULT_MAX_FILE_BYTES } from "../engine/analyzer";
import { Config, ConfigError, loadConfig } from "../engine/config/config";
import { Finding, Notice } from "../engine/findings";
import { discover } from "../engine/load/discover";
import { isSourcePath, TOO_DEEP, Workspace } from "../engine/load/workspace";
import { RULES_DIR } from "../engine/paths";
import { Severity } from "../engine/findings";

export interface SessionSettings {
  rules?: Record<string, Severity | "off">;
}

export class Session {
  ws!: Workspace;
  analyzer!: Analyzer;
  config: Config = {};
  configError?: string;
  findings = new Map<string, Finding[]>();
  notices = new Map<string, Notice[]>();
  loaded = false;
  private loading?: Promise<void>;
  private importers = new Map<string, Set<string>>();
  private imports = new Map<string, Set<string>>();

  constructor(
    readonly root: string,
    private settings: SessionSettings = {},
  ) {
    this.reloadConfig();
  }

  /** Re-reads privacy-review.json; on error keeps the defaults and remembers the one-line message. */
  reloadConfig(settings?: SessionSettings): void {
    if (settings) this.settings = settings;
    let config: Config = {};
    this.configError = undefined;
    try {
      config = loadConfig(RULES_DIR, this.root).config;
    } catch (e) {
      this.configError = e instanceof ConfigError ? e.message : String(e);
    }
    this.config = { ...config, rules: { ...(config.rules ?? {}), ...(this.settings.rules ?? {}) } };
    const old = this.ws;
    this.ws = new Workspace(this.root, {});
    if (old) for (const sf of old.files()) this.ws.setText(sf.fileName, sf.text);
    this.analyzer = new Analyzer(this.ws, this.config, RULES_DIR);
  }

  has(file: string): boolean {
    return !!this.ws.get(file);
  }

  /** Editor text wins over disk. Cached facts of the files that import this one are dropped. */
  setText(file: string, text: string): void {
    this.notices.delete(file);
    if (!this.ws.setText(file, text)) this.addNotice({ file, level: "note", message: TOO_DEEP });
    this.indexImports(file);
    this.analyzer.invalidate(
      [...(this.importers.get(file) ?? [])].map((f) => this.ws.get(f)).filter((x): x is ts.SourceFile => !!x),
    );
  }

  remove(file: string): void {
    this.ws.remove(file);
    this.findings.delete(file);
  }

  /** Loads a file's relative imports from disk (transitively, bounded) so flows across them are seen at once. */
  loadNeighbours(file: string, budget = 200): void {
    const queue = [file];
    const seen = new Set<string>();
    while (queue.length && budget > 0) {
      const f = queue.shift()!;
      if (seen.has(f)) continue;
      seen.add(f);
      const sf = this.ws.get(f);
      if (!sf) continue;
      for (const spec of relativeSpecifiers(sf)) {
        const target = resolveOnDisk(f, spec);
        if (!target || this.ws.get(target)) {
          if (target) queue.push(target);
          continue;
        }
        if (this.ws.addFromDisk(target, this.config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)) continue;
        this.indexImports(target);
        budget--;
        queue.push(target);
      }
    }
  }

  /** Loads every file of the folder in chunks, yielding to the event loop between chunks. */
  loadAll(onProgress?: (done: number, total: number) => void): Promise<void> {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      const found = discover({
        root: this.root,
        include: this.config.include,
        exclude: this.config.exclude,
        maxFileBytes: this.config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
      });
      const files = found.files;
      for (let i = 0; i < files.length; i++) {
        if (!this.ws.get(files[i])) {
          const n = this.ws.addFromDisk(files[i], this.config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
          if (n) this.addNotice(n);
          else this.indexImports(files[i]);
        }
        if (i % 100 === 99) {
          onProgress?.(i + 1, files.length);
          await new Promise((r) => setImmediate(r));
        }
      }
      onProgress?.(files.length, files.length);
      this.loaded = true;
    })();
    return this.loading;
  }

  private addNotice(n: Notice): void {
    const list = this.notices.get(n.file) ?? [];
    list.push(n);
    this.notices.set(n.file, list);
  }

  /** The file, what it imports and what imports it: what an edit can change the findings of. */
  affectedBy(file: string): string[] {
    const out = new Set([file]);
    for (const f of this.importers.get(file) ?? []) out.add(f);
    for (const f of this.imports.get(file) ?? []) out.add(f);
    return [...out].filter((f) => f === file || this.ws.get(f));
  }

  private indexImports(file: string): void {
    const sf = this.ws.get(file);
    if (!sf) return;
    for (const old of this.imports.get(file) ?? []) this.importers.get(old)?.delete(file);
    const targets = new Set<string>();
    for (const spec of relativeSpecifiers(sf)) {
      const t = this.ws.resolveModule(sf, spec)?.fileName ?? resolveOnDisk(file, spec);
      if (t) targets.add(t);
    }
    this.imports.set(file, targets);
    for (const t of targets) {
      const set = this.importers.get(t) ?? new Set();
      set.add(file);
      this.importers.set(t, set);
    }
  }

  /** Analyse these files; returns findings and notices per file (every requested file gets an entry). */
  analyze(
    files: string[],
    shouldStop?: () => boolean,
  ): Map<string, { findings: Finding[]; notices: Notice[] }> {
    const sfs = files.map((f) => this.ws.get(f)).filter((x): x is ts.SourceFile => !!x);
    const res = this.analyzer.run({ files: sfs, shouldStop });
    const out = new Map<string, { findings: Finding[]; notices: Notice[] }>();
    // A requested file the parser could not read still gets its notice (and loses stale findings).
    for (const f of files)
      if (!this.ws.get(f)) out.set(f, { findings: [], notices: this.notices.get(f) ?? [] });
    for (const sf of sfs)
      out.set(sf.fileName, {
        findings: [],
        notices: [...(this.notices.get(sf.fileName) ?? []), ...syntaxNotices(sf)],
      });
    for (const f of res.findings) out.get(f.location.file)?.findings.push(f);
    for (const n of res.notices) out.get(n.file)?.notices.push(n);
    for (const [file, r] of out) this.findings.set(file, r.findings);
    return out;
  }
}

function syntaxNotices(sf: ts.SourceFile): Notice[] {
  const diags = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  if (!diags.length) return [];
  const d = diags[0];
  return [
    {
      file: sf.fileName,
      line: sf.getLineAndCharacterOfPosition(d.start).line,
      level: "note",
      message: `privacy-review reads this file up to its syntax error (${ts.flattenDiagnosticMessageText(d.messageText, " ")}); findings may be incomplete`,
    },
  ];
}

function relativeSpecifiers(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const st of sf.statements) {
    if (
      (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) &&
      st.moduleSpecifier &&
      ts.isStringLiteral(st.moduleSpecifier)
    )
      out.push(st.moduleSpecifier.text);
  }
  const re = /\brequire\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sf.text))) out.push(m[1]);
  return out.filter((s) => s.startsWith("."));
}

function resolveOnDisk(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  const ext = path.extname(base);
  const stems = [base];
  if (/\.[cm]?jsx?$/.test(ext)) stems.push(base.slice(0, -ext.length));
  for (const stem of stems) {
    for (const c of [
      stem,
      ...[".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"].map((e) => stem + e),
      ...[".ts", ".tsx", ".js"].map((e) => path.join(stem, "index" + e)),
    ]) {
      if (c === stem && !isSourcePath(c)) continue;
      try {
        if (fs.statSync(c).isFile()) return c;
      } catch {
        /* try the next */
      }
    }
  }
  return undefined;
}
