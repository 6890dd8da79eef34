/**
 * The set of source files under analysis, held in one long-lived ts-morph Project (the language
 * server keeps it between edits; the CLI builds it once). Files are parsed, never type-checked,
 * unless a rule asks; module specifiers are resolved here so data flow can cross files.
 */
import * as crypto from "crypto";
import * as path from "path";
import { Project, ts } from "ts-morph";
import { describeFsError, Notice, SOURCE_EXTENSIONS } from "./discover";
import { NotRegularFileError, readRegularFile } from "./regularFile";
import { decode, FileEncoding } from "./encoding";
import { packageBases, WorkspacePackages } from "./workspacePackages";

/** How a file was on disk when it was read: its encoding, and a digest of its bytes. */
export interface DiskState {
  encoding: FileEncoding;
  /** sha256 of the bytes read: `--fix` writes only when the file still has these bytes. */
  digest: string;
}

export function bytesDigest(buf: Buffer): string {
  return crypto.createHash("sha256").update(buf).digest("hex");
}

const RESOLVE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

export class Workspace {
  private readonly byPath = new Map<string, ts.SourceFile>();
  private readonly resolveCache = new Map<string, ts.SourceFile | null>();
  private readonly diskStates = new Map<string, DiskState>();
  private generation = 0;
  private projectCache?: { project: Project; version: number };
  private readonly packages: WorkspacePackages;

  constructor(
    readonly root: string,
    private readonly options: ts.CompilerOptions = {},
  ) {
    this.packages = new WorkspacePackages(root);
  }

  /**
   * A ts-morph Project over the current texts, for the few operations that want one (type
   * queries, structural edits). Built on demand: the whole-workspace pass reads the compiler's
   * own SourceFiles, which are parsed about twice as fast without ts-morph's wrappers.
   */
  get project(): Project {
    if (this.projectCache && this.projectCache.version === this.generation) return this.projectCache.project;
    const project = new Project({
      compilerOptions: { allowJs: true, checkJs: false, noEmit: true, skipLibCheck: true, ...this.options },
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      skipLoadingLibFiles: true,
    });
    for (const sf of this.byPath.values())
      project.createSourceFile(sf.fileName, sf.text, { overwrite: true });
    this.projectCache = { project, version: this.generation };
    return project;
  }

  /** Reads and parses a file from disk; returns a notice instead of throwing. */
  addFromDisk(file: string, maxBytes: number): Notice | undefined {
    let text: string;
    try {
      const buf = readRegularFile(file);
      if (buf.length > maxBytes) {
        return {
          file,
          level: "note",
          message: `skipped: over the ${Math.round(maxBytes / 1024)} KiB limit for one file`,
        };
      }
      const decoded = decode(buf);
      if (looksBinary(decoded.text)) {
        return { file, level: "note", message: "skipped: binary content in a source file" };
      }
      text = decoded.text;
      this.diskStates.set(path.resolve(file), { encoding: decoded.encoding, digest: bytesDigest(buf) });
    } catch (e) {
      if (e instanceof NotRegularFileError)
        return { file, level: "note", message: `skipped: ${e.kind}, not a regular file` };
      return {
        file,
        level: "error",
        message: `cannot read: ${describeFsError(e)}; check the file's permissions`,
      };
    }
    if (looksMinified(text)) {
      return {
        file,
        level: "note",
        message: "skipped: looks minified (very long lines); scan the unminified source instead",
      };
    }
    return this.setText(file, text) ? undefined : { file, level: "error", message: TOO_DEEP };
  }

  /**
   * Adds or replaces a file's text (editor buffers use this). Undefined when even the TypeScript
   * parser cannot read it (nesting deeper than its stack): the file is then left out.
   */
  setText(file: string, text: string): ts.SourceFile | undefined {
    const abs = path.resolve(file);
    let sf: ts.SourceFile;
    try {
      sf = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, scriptKind(abs));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      this.remove(abs);
      return undefined;
    }
    // The rules walk the tree recursively; a file deeper than they can follow would overflow the
    // stack in the workspace-wide index and take every other file's findings with it.
    if (nestingDepth(sf) > MAX_NESTING) {
      this.remove(abs);
      return undefined;
    }
    // The compiler writes `\` as `/` in file names; on POSIX a backslash is part of a name, and
    // findings must name the file that exists.
    if (path.sep === "/" && sf.fileName !== abs) sf.fileName = abs;
    this.byPath.set(abs, sf);
    this.resolveCache.clear();
    this.generation++;
    return sf;
  }

  /** The encoding and digest of the file as last read from disk (undefined for editor-only texts). */
  diskState(file: string): DiskState | undefined {
    return this.diskStates.get(path.resolve(file));
  }

  remove(file: string): void {
    const abs = path.resolve(file);
    this.byPath.delete(abs);
    this.resolveCache.clear();
    this.generation++;
  }

  get version(): number {
    return this.generation;
  }

  files(): ts.SourceFile[] {
    return [...this.byPath.values()];
  }

  get(file: string): ts.SourceFile | undefined {
    return this.byPath.get(path.resolve(file));
  }

  /** Resolves a relative (or tsconfig `paths`) module specifier to a workspace file. */
  resolveModule(from: ts.SourceFile, spec: string): ts.SourceFile | undefined {
    const key = from.fileName + "\0" + spec;
    const hit = this.resolveCache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const found = this.resolveUncached(from.fileName, spec);
    this.resolveCache.set(key, found ?? null);
    return found;
  }

  private resolveUncached(fromFile: string, spec: string): ts.SourceFile | undefined {
    for (const candidate of this.moduleCandidates(fromFile, spec)) {
      const sf = this.byPath.get(candidate);
      if (sf) return sf;
    }
    return undefined;
  }

  /**
   * The files a module specifier may name, in the order they are tried: relative and absolute
   * paths, tsconfig `paths` and `baseUrl`, packages of the workspace by name (their source, see
   * `workspacePackages.ts`); `.js` specifiers also name their `.ts` source.
   */
  moduleCandidates(fromFile: string, spec: string): string[] {
    const bases: string[] = [];
    if (spec.startsWith(".") || spec.startsWith("/")) {
      bases.push(path.resolve(path.dirname(fromFile), spec));
    } else {
      const o = this.options;
      const baseUrl = o.baseUrl ?? (o.paths ? this.root : undefined);
      if (o.paths && baseUrl) {
        for (const [pattern, targets] of Object.entries(o.paths)) {
          const star = pattern.indexOf("*");
          const prefix = star >= 0 ? pattern.slice(0, star) : pattern;
          const suffix = star >= 0 ? pattern.slice(star + 1) : "";
          if (star < 0 ? spec !== pattern : !(spec.startsWith(prefix) && spec.endsWith(suffix))) continue;
          const mid = star >= 0 ? spec.slice(prefix.length, spec.length - suffix.length) : "";
          for (const t of targets) bases.push(path.resolve(baseUrl, t.replace("*", mid)));
        }
      }
      if (o.baseUrl) bases.push(path.resolve(o.baseUrl, spec));
      // A package of this monorepo imported by name: its source.
      bases.push(...packageBases(this.packages.byName(this.byPath.keys(), this.byPath.size), spec));
    }
    const candidates: string[] = [];
    for (const base of bases) {
      candidates.push(base);
      const ext = path.extname(base);
      // ESM-style specifiers name the emitted .js file; the source is .ts.
      if (ext === ".js" || ext === ".jsx" || ext === ".mjs" || ext === ".cjs") {
        const stem = base.slice(0, -ext.length);
        const map: Record<string, string[]> = {
          ".js": [".ts", ".tsx"],
          ".jsx": [".tsx"],
          ".mjs": [".mts"],
          ".cjs": [".cts"],
        };
        for (const e of map[ext]) candidates.push(stem + e);
      }
      for (const e of RESOLVE_EXTENSIONS) candidates.push(base + e);
      for (const e of RESOLVE_EXTENSIONS) candidates.push(path.join(base, "index" + e));
    }
    return candidates;
  }
}

/**
 * Deepest syntax tree the rules are asked to walk. Real code stays under 100 levels (the deepest of
 * the 4,970 files in our real-code checkouts is 98); a 500-call method chain is about 1,000.
 */
export const MAX_NESTING = 1000;

export const TOO_DEEP = `skipped: the code nests too deeply to analyse (over ${MAX_NESTING} levels, or more than the parser can read: a very long expression or method chain); it is most likely generated`;

/** The depth of a file's syntax tree, walked without recursion. */
export function nestingDepth(sf: ts.SourceFile): number {
  let deepest = 0;
  const nodes: ts.Node[] = [sf];
  const depths: number[] = [0];
  while (nodes.length) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > deepest) deepest = depth;
    if (depth > MAX_NESTING) return depth;
    node.forEachChild((child) => {
      nodes.push(child);
      depths.push(depth + 1);
    });
  }
  return deepest;
}

function scriptKind(file: string): ts.ScriptKind {
  const ext = path.extname(file).toLowerCase();
  switch (ext) {
    case ".tsx":
      return ts.ScriptKind.TSX;
    case ".jsx":
      return ts.ScriptKind.JSX;
    case ".js":
    case ".mjs":
    case ".cjs":
      return ts.ScriptKind.JS;
    default:
      return ts.ScriptKind.TS;
  }
}

export function isSourcePath(p: string): boolean {
  return SOURCE_EXTENSIONS.includes(path.extname(p)) && !/\.d\.[cm]?ts$/.test(p);
}

/** NUL characters in the first 8,000 (after decoding: UTF-16 text is full of zero bytes). */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 8000);
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) === 0) return true;
  return false;
}

/**
 * Minified code: long lines of code. Characters inside string and template literals and comments
 * do not count, so a long base64 or certificate constant does not make a hand-written file "minified".
 */
export function looksMinified(text: string): boolean {
  if (text.length < 20000) return false;
  return codeCharacters(text) / lineCount(text) > 500;
}

function lineCount(text: string): number {
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return lines;
}

/** Characters outside literals and comments (a lexical approximation: regexes count as code). */
function codeCharacters(text: string): number {
  let code = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "'" || c === '"' || c === "`") {
      // to the closing quote (or the end of the line for ' and ", which cannot span lines)
      i++;
      while (i < n && text[i] !== c && (c === "`" || text[i] !== "\n")) i += text[i] === "\\" ? 2 : 1;
      i++;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < n && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else {
      if (c !== "\n") code++;
      i++;
    }
  }
  return code;
}

/**
 * Every module specifier a file names: import and export declarations, `import x = require()`,
 * and `require("…")` / `import("…")` calls anywhere (walked without recursion: files can nest deep).
 */
export function moduleSpecifiers(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const stack: ts.Node[] = [sf];
  while (stack.length) {
    const node = stack.pop()!;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) out.push(node.moduleSpecifier.text);
    } else if (ts.isExternalModuleReference(node) && ts.isStringLiteral(node.expression)) {
      out.push(node.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const callee = node.expression;
      const first = node.arguments[0];
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      if ((isRequire || isImport) && ts.isStringLiteralLike(first)) out.push(first.text);
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return out;
}
