/** The paths a command is given: checked before anything is read, and the scanned root they share. */
import * as fs from "fs";
import * as path from "path";
import { Notice } from "../../engine/findings";
import { UsageError } from "../errors";
import { displayPath } from "../format/escape";

/** The scanned root: the folder given, or the common folder of the paths given. */
export function rootFor(targets: string[]): string {
  const abs = targets.map((t) => path.resolve(t));
  if (abs.length === 1) {
    try {
      return fs.statSync(abs[0]).isDirectory() ? abs[0] : path.dirname(abs[0]);
    } catch {
      return path.dirname(abs[0]);
    }
  }
  let common = abs[0].split(path.sep);
  for (const a of abs.slice(1)) {
    const parts = a.split(path.sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(path.sep) || path.sep;
}

/**
 * Every path given must be a regular file or folder this user can read (as ESLint: a path that
 * cannot be read stops the run). Throws a UsageError with one line per bad path.
 */
export function checkTargetsReadable(targets: string[]): void {
  const problems: string[] = [];
  for (const target of targets) {
    const reason = whyUnreadable(target);
    if (reason) problems.push(`cannot read ${displayPath(target)}: ${reason}`);
  }
  if (problems.length) throw new UsageError(problems.join("\n"));
}

function whyUnreadable(target: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (e) {
    return describeTargetError(e);
  }
  if (!stat.isFile() && !stat.isDirectory()) return `not a regular file or folder (${kindOf(stat)})`;
  try {
    fs.accessSync(target, stat.isDirectory() ? fs.constants.R_OK | fs.constants.X_OK : fs.constants.R_OK);
  } catch (e) {
    return describeTargetError(e);
  }
  return undefined;
}

function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return "a named pipe";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "a special file";
}

function describeTargetError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case "ENOENT":
      return "no such file or folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a part of the path is not a folder";
    case "ELOOP":
      return "too many symbolic links (a symlink loop)";
    case "ENAMETOOLONG":
      return "the path is too long";
    default:
      return (err.message ?? String(e)).split("\n")[0];
  }
}

/** The one line said when a scan is left with no file to analyse (ESLint's "No files matching"). */
export function nothingAnalysed(
  targets: string[],
  result: { notices: Notice[]; configFile?: string; files?: string[] },
): string {
  const where = targets.map(displayPath).join(" ");
  const skipped = result.notices.filter((n) => n.message.startsWith("skipped"));
  // Files were read, but every one is test code (load/testCode.ts): nothing was checked.
  if (result.files?.length)
    return `no file analysed in ${where}: every file found is test code (${result.files.length}), read but not checked; pass --include-tests to check it`;
  const why = skipped.length
    ? `every file found was skipped (${skipped.length}; first ${displayPath(skipped[0].file)}: ${skipped[0].message})`
    : result.configFile
      ? `no TypeScript or JavaScript file there matches "include"/"exclude" in ${displayPath(result.configFile)}`
      : "no TypeScript or JavaScript file there";
  return `no file analysed in ${where}: ${why}; pass --no-error-on-unmatched-pattern to allow an empty scan`;
}
