/** Where a command writes: its two streams, and atomic writes for `--output` and `--fix`. */
import * as fs from "fs";
import * as path from "path";
import { UsageError } from "./errors";
import { readRegularText } from "../engine/load/regularFile";

export interface CliIo {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The temp file beside `abs` that a write of this process goes through. */
export function tempFileFor(abs: string, pid = process.pid): string {
  return path.join(path.dirname(abs), `.${path.basename(abs)}.privacy-review-${pid}.tmp`);
}

const TEMP_FILE = /^\.(.+)\.privacy-review-(\d+)\.tmp$/;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // alive, someone else's
  }
}

/** Removes temp files a killed run left beside its targets in `folder` (their process is gone). */
export function removeStaleTempFiles(folder: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return; // unreadable folder: the write below reports it
  }
  for (const name of names) {
    const m = TEMP_FILE.exec(name);
    if (!m || Number(m[2]) === process.pid || isAlive(Number(m[2]))) continue;
    try {
      fs.unlinkSync(path.join(folder, name));
    } catch {
      /* removed meanwhile, or not ours to remove */
    }
  }
}

/**
 * Write to a temp file beside the target (same mode, owner and group when we may set them),
 * flush it to disk, then rename: a reader never sees half a file, and a crash leaves either the old
 * or the new file, plus at worst a temp file that the next run removes.
 */
export function writeAtomically(file: string, data: string | Buffer): void {
  const abs = path.resolve(file);
  const tmp = tempFileFor(abs);
  removeStaleTempFiles(path.dirname(abs));
  try {
    let before: fs.Stats | undefined;
    try {
      before = fs.statSync(abs);
    } catch {
      /* new file */
    }
    const fd = fs.openSync(tmp, "wx", before ? before.mode & 0o7777 : 0o666);
    try {
      fs.writeFileSync(fd, data);
      if (before) fs.fchmodSync(fd, before.mode & 0o7777);
      if (before && (before.uid !== process.getuid?.() || before.gid !== process.getgid?.())) {
        try {
          fs.fchownSync(fd, before.uid, before.gid);
        } catch {
          /* only root may give a file away: the new file is then ours, as any editor would leave it */
        }
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, abs);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw new UsageError(`cannot write ${abs}: ${(e as Error).message.split("\n")[0]}`);
  }
}

export function readOr(file: string): string | undefined {
  try {
    return readRegularText(file);
  } catch {
    return undefined;
  }
}
