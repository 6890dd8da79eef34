/**
 * `scan --fix` writing: a fixed text reaches the disk only when the file is still what was read,
 * and is written as the file was (encoding, byte order mark, line endings, mode, owner and group).
 * Every file not written is a notice saying why; only written files count as fixed.
 */
import * as fs from "fs";
import * as path from "path";
import { Notice } from "../engine/findings";
import { encode } from "../engine/load/encoding";
import { readRegularFile } from "../engine/load/regularFile";
import { bytesDigest, Workspace } from "../engine/load/workspace";
import { writeAtomically } from "./io";

export interface FixWrites {
  /** The files written (as keyed in the fix run). */
  written: Set<string>;
  /** One notice per file not written. */
  notices: Notice[];
}

/** CRLF files get CRLF in the fixed text (fix edits insert "\n"); mixed files are left as they are. */
export function keepLineEndings(before: string, after: string): string {
  const crlf = (before.match(/\r\n/g) ?? []).length;
  const lf = (before.match(/\n/g) ?? []).length;
  if (!crlf || crlf !== lf) return after;
  return after.replace(/\r?\n/g, "\r\n");
}

function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return !!rel && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** Why the fixed text must not be written to `file` (undefined: write it to `target`). */
function refusal(file: string, ws: Workspace, realRoot: string): { reason?: string; target: string } {
  const state = ws.diskState(file);
  if (!state) return { reason: "not fixed: the file's text on disk is not known; run again", target: file };
  if (state.encoding.lossy)
    return {
      reason:
        "not fixed: the file is not valid UTF-8 (Latin-1 or another legacy encoding); writing it would replace its accented letters; convert it to UTF-8 or apply the fix by hand",
      target: file,
    };
  let target = file;
  try {
    if (fs.lstatSync(file).isSymbolicLink()) {
      target = fs.realpathSync(file);
      if (!isInside(realRoot, target))
        return { reason: "not fixed: a symbolic link to a file outside the scanned folder", target };
    }
    const st = fs.statSync(target);
    if (st.nlink > 1)
      return {
        reason: `not fixed: the file has ${st.nlink} hard links and a rewrite would separate them; apply the fix by hand`,
        target,
      };
    if ((st.mode & 0o222) === 0)
      return { reason: "not fixed: the file is read-only; make it writable to fix it", target };
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch {
      return { reason: "not fixed: the file is not writable by this user", target };
    }
    if (bytesDigest(readRegularFile(target)) !== state.digest)
      return { reason: "not fixed: the file changed on disk since it was read; run again", target };
  } catch (e) {
    return { reason: `not fixed: ${(e as Error).message.split("\n")[0]}`, target };
  }
  return { target };
}

export function writeFixes(
  changed: Map<string, { before: string; after: string }>,
  ws: Workspace,
): FixWrites {
  const written = new Set<string>();
  const notices: Notice[] = [];
  let realRoot = ws.root;
  try {
    realRoot = fs.realpathSync(ws.root);
  } catch {
    /* the root is gone: every write below is refused */
  }
  for (const [file, { before, after }] of changed) {
    const { reason, target } = refusal(file, ws, realRoot);
    if (reason) {
      notices.push({ file, level: "error", message: reason });
      continue;
    }
    try {
      writeAtomically(target, encode(keepLineEndings(before, after), ws.diskState(file)!.encoding));
      written.add(file);
    } catch (e) {
      notices.push({ file, level: "error", message: `not fixed: ${(e as Error).message.split("\n")[0]}` });
    }
  }
  return { written, notices };
}
