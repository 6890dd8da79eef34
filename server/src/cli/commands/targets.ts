/** The paths a command is given, and the scanned root they share. */
import * as fs from "fs";
import * as path from "path";

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
