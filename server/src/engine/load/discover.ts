/**
 * Finds the files to analyse under the scanned paths: honours tsconfig.json, .gitignore and the
 * config's include/exclude globs, and skips what a reviewer would never want read (node_modules,
 * build output, declaration files, minified and huge files). Every skipped file that a user might
 * expect to be read gets a note saying why; nothing here throws on a bad file.
 */
import * as fs from "fs";
import * as path from "path";
import ignore, { Ignore } from "ignore";
import picomatch from "picomatch";
import { ts } from "ts-morph";
import { readRegularText, readRegularTextOr, specialKind } from "./regularFile";

export const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const ALWAYS_SKIPPED_DIRS = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  "dist",
  "build",
  "out",
  "coverage",
  ".next",
  ".nuxt",
  ".turbo",
  ".cache",
  ".vscode-test",
  "bower_components",
  "jspm_packages",
  ".yarn",
]);

export interface DiscoverOptions {
  root: string;
  /** Explicit paths (files or folders) given on the command line; default: the root. */
  paths?: string[];
  include?: string[];
  exclude?: string[];
  maxFileBytes: number;
  /** Follow symbolic links that lead out of the scanned folders (`--follow-symlinks`); default: skip them. */
  followSymlinks?: boolean;
}

/** Most folder entries one walk looks at (a link to `/` with `--follow-symlinks` stops here). */
export const MAX_WALK_ENTRIES = 300_000;

/** Pseudo file systems whose "files" can block or never end: never walked, even through links. */
const PSEUDO_FILE_SYSTEMS = ["/proc", "/sys", "/dev"];

export interface Notice {
  file: string;
  line?: number;
  level: "error" | "warning" | "note";
  message: string;
}

export interface Discovered {
  files: string[];
  notices: Notice[];
  /** tsconfig compiler options when one governs the root. */
  compilerOptions?: ts.CompilerOptions;
}

function isSourceFileName(name: string): boolean {
  if (name.endsWith(".d.ts") || name.endsWith(".d.mts") || name.endsWith(".d.cts")) return false;
  return SOURCE_EXTENSIONS.includes(path.extname(name));
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

export function discover(opts: DiscoverOptions): Discovered {
  const notices: Notice[] = [];
  const root = path.resolve(opts.root);
  const includeM = opts.include && opts.include.length ? picomatch(opts.include, { dot: true }) : undefined;
  const excludeM = opts.exclude && opts.exclude.length ? picomatch(opts.exclude, { dot: true }) : undefined;
  const tsconfig = loadTsconfigFileList(root, notices);
  const tsconfigFiles = tsconfig?.files ? new Set(tsconfig.files.map((f) => path.resolve(f))) : undefined;
  const out = new Set<string>();
  const seenDirs = new Set<string>();
  const targets = opts.paths && opts.paths.length ? opts.paths.map((p) => path.resolve(root, p)) : [root];
  // Folders a symlink may lead into without --follow-symlinks: the root and the scanned folders.
  const insideFolders = [root, ...targets].flatMap((f) => {
    try {
      return [fs.realpathSync(f)];
    } catch {
      return []; // expected: not there, the target loop reports it
    }
  });
  const isInsideScanned = (real: string): boolean => insideFolders.some((f) => isInsideFolder(f, real));
  const isPseudo = (real: string): boolean =>
    PSEUDO_FILE_SYSTEMS.some((f) => real === f || real.startsWith(f + "/"));
  let entriesSeen = 0;
  let capNoted = false;

  const accept = (abs: string, explicit: boolean): void => {
    const rel = toPosix(path.relative(root, abs));
    if (!explicit) {
      if (includeM && !includeM(rel)) return;
      if (tsconfigFiles && !tsconfigFiles.has(abs)) return;
    }
    if (excludeM && excludeM(rel)) return;
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      notices.push({
        file: abs,
        level: "note",
        message: `skipped: ${describeFsError(e)} (a broken symlink or a file removed during the scan)`,
      });
      return;
    }
    const special = specialKind(st);
    if (special || st.isDirectory()) {
      notices.push({
        file: abs,
        level: "note",
        message: `skipped: ${special ?? "a folder"}, not a regular file`,
      });
      return;
    }
    if (st.size > opts.maxFileBytes) {
      notices.push({
        file: abs,
        level: "note",
        message: `skipped: ${Math.round(st.size / 1024)} KiB is over the ${Math.round(opts.maxFileBytes / 1024)} KiB limit for one file (raise "maxFileBytes" in privacy-review.json to read it)`,
      });
      return;
    }
    if (/\.min\.[cm]?js$/.test(abs)) {
      notices.push({
        file: abs,
        level: "note",
        message: "skipped: minified file (generated code is not reviewed; scan its source instead)",
      });
      return;
    }
    out.add(abs);
  };

  const walkDir = (dir: string, igs: Array<{ base: string; ig: Ignore }>): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (e) {
      notices.push({ file: dir, level: "note", message: `skipped folder: ${describeFsError(e)}` });
      return;
    }
    if (seenDirs.has(real)) return; // symlink loop or a folder reached twice
    seenDirs.add(real);
    if (isPseudo(real) && !isInsideScanned(real)) {
      notices.push({ file: dir, level: "note", message: "skipped folder: a system pseudo file system" });
      return;
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      notices.push({
        file: dir,
        level: "error",
        message: `cannot read folder: ${describeFsError(e)}; check its permissions`,
      });
      return;
    }
    const gitignore = path.join(dir, ".gitignore");
    let scoped = igs;
    if (entries.some((d) => d.name === ".gitignore")) {
      try {
        scoped = igs.concat({ base: dir, ig: ignore().add(readRegularText(gitignore)) });
      } catch (e) {
        notices.push({
          file: gitignore,
          level: "warning",
          message: `ignored: ${describeFsError(e)}; the folder is scanned as if it had no .gitignore`,
        });
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const abs = path.join(dir, ent.name);
      if (++entriesSeen > MAX_WALK_ENTRIES) {
        if (!capNoted)
          notices.push({
            file: root,
            level: "warning",
            message: `stopped walking after ${MAX_WALK_ENTRIES} folder entries; scan a smaller folder or exclude generated folders`,
          });
        capNoted = true;
        return;
      }
      if (ent.name.includes("\uFFFD") && !hasUtf8Name(dir, ent.name)) {
        if (ent.isDirectory() || isSourceFileName(ent.name))
          notices.push({
            file: dir,
            level: "error",
            message: `cannot read ${rawNamesFor(dir, ent.name).join(" or ")}: its name is not valid UTF-8; rename it to scan it`,
          });
        continue;
      }
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        try {
          const st = fs.statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
          const real = fs.realpathSync(abs);
          if (isDir && insideFolders.some((f) => f !== real && isInsideFolder(real, f))) {
            notices.push({
              file: abs,
              level: "note",
              message: "skipped: a symbolic link to a folder holding the scanned folder (a loop)",
            });
            continue;
          }
          if (!opts.followSymlinks && !isInsideScanned(real)) {
            if (isDir || isSourceFileName(ent.name))
              notices.push({
                file: abs,
                level: "note",
                message: `skipped: a symbolic link to a ${isDir ? "folder" : "file"} outside the scanned folder; pass --follow-symlinks to read it`,
              });
            continue;
          }
        } catch (e) {
          if (isSourceFileName(ent.name)) {
            notices.push({
              file: abs,
              level: "note",
              message: `skipped: ${describeFsError(e)} (broken symlink)`,
            });
          }
          continue;
        }
      }
      if (isDir && ALWAYS_SKIPPED_DIRS.has(ent.name)) continue;
      if (ignoredBy(scoped, abs, isDir)) continue;
      if (isDir) walkDir(abs, scoped);
      else if (isFile && isSourceFileName(ent.name)) accept(abs, false);
      else if (!isFile && isSourceFileName(ent.name))
        notices.push({
          file: abs,
          level: "note",
          message: `skipped: ${specialEntryKind(abs)}, not a regular file`,
        });
    }
  };

  for (const t of targets) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(t);
    } catch (e) {
      notices.push({
        file: t,
        level: "error",
        message: `cannot read: ${describeFsError(e)}; check the path`,
      });
      continue;
    }
    if (st.isDirectory()) walkDir(t, ancestorIgnores(root, t));
    else if (isSourceFileName(t)) {
      const before = out.size;
      accept(t, true);
      if (out.size === before && excludeM && excludeM(toPosix(path.relative(root, t))))
        notices.push({
          file: t,
          level: "warning",
          message: `skipped: excluded by "exclude" in the configuration (remove the pattern to scan it)`,
        });
    } else
      notices.push({
        file: t,
        level: "warning",
        message: `skipped: not a TypeScript or JavaScript source file (${SOURCE_EXTENSIONS.join(" ")})`,
      });
  }
  return { files: [...out].sort(), notices, compilerOptions: tsconfig?.options };
}

/**
 * The .gitignore files between the project root and a scanned folder, so that scanning a folder
 * skips what scanning the whole project would skip there. A rule that ignores the folder itself
 * is left out: naming a folder on the command line is an explicit request to read it.
 */
function ancestorIgnores(root: string, target: string): Array<{ base: string; ig: Ignore }> {
  const rel = path.relative(root, target);
  if (!rel || rel.startsWith("..") || path.isAbsolute(rel)) return [];
  const found: Array<{ base: string; ig: Ignore }> = [];
  let dir = root;
  for (const part of rel.split(path.sep)) {
    const file = path.join(dir, ".gitignore");
    let text: string | undefined;
    try {
      text = readRegularText(file);
    } catch {
      text = undefined; // expected: no .gitignore in this folder
    }
    if (text !== undefined) {
      const ig = ignore().add(text);
      if (!ig.ignores(toPosix(path.relative(dir, target)) + "/")) found.push({ base: dir, ig });
    }
    dir = path.join(dir, part);
  }
  return found;
}

function ignoredBy(igs: Array<{ base: string; ig: Ignore }>, abs: string, isDir: boolean): boolean {
  for (const { base, ig } of igs) {
    const rel = toPosix(path.relative(base, abs));
    if (!rel || rel.startsWith("..")) continue;
    if (ig.ignores(isDir ? rel + "/" : rel)) return true;
  }
  return false;
}

/**
 * The compiler options of the tsconfig.json that governs `root` (what `discover` hands the CLI's
 * Workspace), for callers that build a Workspace without walking the tree (the language server).
 */
export function tsconfigCompilerOptions(root: string): ts.CompilerOptions | undefined {
  const file = path.join(path.resolve(root), "tsconfig.json");
  const readFile = (p: string): string | undefined => {
    try {
      return readRegularText(p);
    } catch {
      return undefined; // expected: no tsconfig (or an unreadable one), no options, as for the CLI
    }
  };
  const read = ts.readConfigFile(file, readFile);
  if (read.error || !read.config) return undefined;
  // Options only: the file list is not needed here, so no directory is read.
  const host: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: true,
    readDirectory: () => [],
    fileExists: (p) => readFile(p) !== undefined,
    readFile,
  };
  return ts.parseJsonConfigFileContent(read.config, host, path.dirname(file), { allowJs: true }, file)
    .options;
}

/** Reads tsconfig.json at the root (if any) for its file list and options; never throws. */
function loadTsconfigFileList(
  root: string,
  notices: Notice[],
): { files?: string[]; options: ts.CompilerOptions } | undefined {
  const file = path.join(root, "tsconfig.json");
  if (!fs.existsSync(file)) return undefined;
  let special: string | undefined;
  try {
    special = specialKind(fs.statSync(file));
  } catch {
    special = undefined; // expected: unreadable, the read below reports it
  }
  if (special) {
    notices.push({
      file,
      level: "warning",
      message: `tsconfig.json ignored: ${special}, not a regular file; all source files under the folder are scanned instead`,
    });
    return undefined;
  }
  const read = ts.readConfigFile(file, readRegularTextOr);
  if (read.error) {
    notices.push({
      file,
      level: "warning",
      message: `tsconfig.json ignored: ${ts.flattenDiagnosticMessageText(read.error.messageText, " ")}; all source files under the folder are scanned instead`,
    });
    return undefined;
  }
  const host: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: true,
    readDirectory: (r, ext, exc, inc, depth) => ts.sys.readDirectory(r, ext, exc, inc, depth),
    fileExists: (p) => fs.existsSync(p),
    readFile: readRegularTextOr,
  };
  try {
    const parsed = ts.parseJsonConfigFileContent(read.config, host, root, { allowJs: true }, file);
    const config: unknown = read.config;
    const hasSelection =
      typeof config === "object" &&
      config !== null &&
      (("files" in config && Boolean(config.files)) || ("include" in config && Boolean(config.include)));
    // A solution-style tsconfig (`"files": []` with references) selects nothing itself: scan everything.
    if (hasSelection && !parsed.fileNames.length) return { files: undefined, options: parsed.options };
    return { files: hasSelection ? parsed.fileNames : undefined, options: parsed.options };
  } catch {
    // expected: options the compiler API cannot parse; the files are scanned with default options
    return undefined;
  }
}

/** True when `file` is `folder` or below it (both real paths). */
function isInsideFolder(folder: string, file: string): boolean {
  return file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

function specialEntryKind(abs: string): string {
  try {
    return specialKind(fs.statSync(abs)) ?? "a special file";
  } catch (e) {
    return describeFsError(e); // expected: gone or unreadable since listed, the caller's notice says so
  }
}

/** True when the folder really holds an entry of this name (the U+FFFD was in the name itself). */
function hasUtf8Name(dir: string, name: string): boolean {
  try {
    fs.lstatSync(path.join(dir, name));
    return true;
  } catch {
    return false; // expected: the decoded name does not exist, the raw name was not UTF-8
  }
}

/**
 * The raw names in `dir` that decode to `lossy`, in bash's `$'…'` quoting (bytes that are not
 * UTF-8 as \xHH), so that a user can paste them into a shell to open or rename the file.
 */
function rawNamesFor(dir: string, lossy: string): string[] {
  let raw: Buffer[];
  try {
    raw = fs.readdirSync(dir, { encoding: "buffer" });
  } catch {
    raw = []; // expected: the folder is unreadable now, the name is shown as decoded
  }
  const matches = raw.filter((b) => b.toString("utf8") === lossy && !Buffer.from(lossy, "utf8").equals(b));
  return (matches.length ? matches : [Buffer.from(lossy, "utf8")]).map(bashQuoted);
}

function bashQuoted(name: Buffer): string {
  let out = "";
  for (const byte of name) {
    if (byte === 0x27 || byte === 0x5c) out += "\\" + String.fromCharCode(byte);
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += "\\x" + byte.toString(16).padStart(2, "0");
  }
  return `$'${out}'`;
}

export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err && err.code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return "symlink loop";
    case "EISDIR":
      return "is a folder";
    case "ENOTREG":
      return err.message;
    default:
      return err && err.message ? err.message.split("\n")[0] : String(e);
  }
}
