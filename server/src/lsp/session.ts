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
import { discover, tsconfigCompilerOptions } from "../engine/load/discover";
import { isSourcePath, TOO_DEEP, Workspace } from "../engine/load/workspace";
import { RULES_DIR } from "../engine/paths";
import { Severity } from "../engine/findings";

export interface SessionSettings {
  rules?: Record<string, Severity | "off">;
}

export type FileResults = Map<string, { findings: Finding[]; notices: Notice[] }>;

/** How a workspace load ended: read everything, or stopped by a cancellation. */
export type LoadOutcome = "loaded" | "cancelled";

export class Session {
  ws!: Workspace;
  analyzer!: Analyzer;
  config: Config = {};
  configError?: string;
  findings = new Map<string, Finding[]>();
  notices = new Map<string, Notice[]>();
  loaded = false;
  /** The tsconfig.json options of the folder: the same the CLI's Workspace gets from `discover`. */
  compilerOptions: ts.CompilerOptions = {};
  private loading?: Promise<LoadOutcome>;
  private loadCancelled = false;
  private resolutionCache?: ts.ModuleResolutionCache;
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
    this.compilerOptions = tsconfigCompilerOptions(this.root) ?? {};
    this.resolutionCache = ts.createModuleResolutionCache(this.root, (f) => f, this.compilerOptions);
    const old = this.ws;
    this.ws = new Workspace(this.root, this.compilerOptions);
    if (old) for (const sf of old.files()) this.ws.setText(sf.fileName, sf.text);
    this.analyzer = new Analyzer(this.ws, this.config, RULES_DIR);
  }

  has(file: string): boolean {
    return !!this.ws.get(file);
  }

  get maxFileBytes(): number {
    return this.config.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  /** Files open in the editor: their text comes from the editor only, never from disk loads. */
  private readonly editorOwned = new Set<string>();

  /** An open buffer's text (over the size limit: a notice, and the disk version is not loaded either). */
  setEditorText(file: string, text: string): void {
    this.editorOwned.add(path.resolve(file));
    this.setText(file, text);
  }

  /** The editor closed the file: disk loads may read it again. */
  releaseEditor(file: string): void {
    this.editorOwned.delete(path.resolve(file));
  }

  private ownedByEditor(file: string): boolean {
    return this.editorOwned.has(path.resolve(file));
  }

  /**
   * Editor text wins over disk. Cached facts of the files that import this one are dropped. A
   * buffer over the size limit is not parsed (as on disk): the file gets a notice instead.
   */
  setText(file: string, text: string): void {
    this.notices.delete(file);
    const bytes = text.length > this.maxFileBytes / 3 ? Buffer.byteLength(text) : text.length;
    if (bytes > this.maxFileBytes) {
      this.ws.remove(file);
      this.addNotice({ file, level: "note", message: tooLargeMessage(bytes, this.maxFileBytes) });
    } else if (!this.ws.setText(file, text)) this.addNotice({ file, level: "note", message: TOO_DEEP });
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
      for (const spec of moduleSpecifiers(sf)) {
        const target = this.resolveOnDisk(f, spec);
        if (!target || this.ws.get(target) || this.ownedByEditor(target)) {
          if (target) queue.push(target);
          continue;
        }
        if (this.ws.addFromDisk(target, this.maxFileBytes)) continue;
        this.indexImports(target);
        budget--;
        queue.push(target);
      }
    }
  }

  /**
   * Loads every file of the folder, yielding to the event loop every few milliseconds so requests
   * are answered while it runs. `cancelLoad` stops it (the files read so far stay); a later call
   * starts again and skips what is already loaded.
   */
  loadAll(onProgress?: (done: number, total: number) => void): Promise<LoadOutcome> {
    if (this.loading) return this.loading;
    this.loadCancelled = false;
    const loading = (async (): Promise<LoadOutcome> => {
      await yieldToEventLoop();
      if (this.loadCancelled) return "cancelled";
      const found = discover({
        root: this.root,
        include: this.config.include,
        exclude: this.config.exclude,
        maxFileBytes: this.maxFileBytes,
      });
      const files = found.files;
      let sliceStart = Date.now();
      for (let i = 0; i < files.length; i++) {
        if (Date.now() - sliceStart > LOAD_SLICE_MS) {
          onProgress?.(i, files.length);
          await yieldToEventLoop();
          sliceStart = Date.now();
        }
        if (this.loadCancelled) return "cancelled";
        if (!this.ws.get(files[i]) && !this.ownedByEditor(files[i])) {
          const n = this.ws.addFromDisk(files[i], this.maxFileBytes);
          if (n) this.addNotice(n);
          else this.indexImports(files[i]);
        }
      }
      onProgress?.(files.length, files.length);
      this.loaded = true;
      return "loaded";
    })();
    this.loading = loading;
    // A cancelled load can be started again.
    void loading.then((outcome) => {
      if (outcome === "cancelled" && this.loading === loading) this.loading = undefined;
    });
    return loading;
  }

  /** Stops a running workspace load at its next slice. */
  cancelLoad(): void {
    this.loadCancelled = true;
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
    for (const spec of moduleSpecifiers(sf)) {
      const t = this.ws.resolveModule(sf, spec)?.fileName ?? this.resolveOnDisk(file, spec);
      if (t) targets.add(t);
    }
    this.imports.set(file, targets);
    for (const t of targets) {
      const set = this.importers.get(t) ?? new Set();
      set.add(file);
      this.importers.set(t, set);
    }
  }

  /**
   * Analyse these files; returns findings and notices per file (every requested file gets an
   * entry). Nothing is remembered: `remember` records what was published, so hovers and code
   * actions always agree with the diagnostics the editor shows.
   */
  analyze(files: string[], shouldStop?: () => boolean): FileResults {
    const sfs = files.map((f) => this.ws.get(f)).filter((x): x is ts.SourceFile => !!x);
    const res = this.analyzer.run({ files: sfs, shouldStop });
    const out: FileResults = new Map();
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
    return out;
  }

  /** The findings the editor now shows for these files. */
  remember(results: FileResults): void {
    for (const [file, r] of results) this.findings.set(file, r.findings);
  }

  /**
   * Where a module specifier points on disk: relative paths, and bare specifiers the folder's
   * tsconfig maps (`paths`, `baseUrl`), resolved by the compiler's own module resolution. Only
   * source files inside the folder count (never node_modules or declaration files).
   */
  resolveOnDisk(from: string, spec: string): string | undefined {
    if (spec.startsWith(".")) return resolveRelativeOnDisk(from, spec);
    if (!this.compilerOptions.paths && !this.compilerOptions.baseUrl) return undefined;
    const resolved = ts.resolveModuleName(spec, from, this.compilerOptions, ts.sys, this.resolutionCache)
      .resolvedModule?.resolvedFileName;
    if (!resolved || !isSourcePath(resolved) || /[\\/]node_modules[\\/]/.test(resolved)) return undefined;
    const abs = path.resolve(resolved);
    return abs.startsWith(this.root + path.sep) ? abs : undefined;
  }
}

const LOAD_SLICE_MS = 15;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function tooLargeMessage(bytes: number, maxBytes: number): string {
  return `not analysed: this file is ${Math.round(bytes / 1024)} KiB, over the ${Math.round(maxBytes / 1024)} KiB limit for one file (raise "maxFileBytes" in privacy-review.json to analyse it)`;
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

/** Every module specifier a file imports, re-exports or requires (literal ones). */
function moduleSpecifiers(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const st of sf.statements) {
    if (
      (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) &&
      st.moduleSpecifier &&
      ts.isStringLiteral(st.moduleSpecifier)
    )
      out.push(st.moduleSpecifier.text);
  }
  const re = /\brequire\(\s*["']([^"']+)["']\s*\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sf.text))) out.push(m[1]);
  return out;
}

function resolveRelativeOnDisk(from: string, spec: string): string | undefined {
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
