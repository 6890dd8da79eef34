/** Where a command writes: its two streams, and atomic writes for `--output` and `--fix`. */
import * as fs from "fs";
import * as path from "path";
import { UsageError } from "./errors";
import { readRegularText } from "../engine/load/regularFile";

export interface CliIo {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Write to a temp file beside the target, then rename: a reader never sees half a file. */
export function writeAtomically(file: string, text: string): void {
  const abs = path.resolve(file);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.tmp`);
  try {
    let mode: number | undefined;
    try {
      mode = fs.statSync(abs).mode;
    } catch {
      /* new file */
    }
    fs.writeFileSync(tmp, text, mode !== undefined ? { mode } : undefined);
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
