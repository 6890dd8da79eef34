/**
 * Reading files that may be anything: a named pipe, a socket or a device under a source, config or
 * ignore name would block `readFileSync` forever. The file is opened without blocking and checked
 * on the open descriptor (no window between the check and the read), and only regular files are read.
 */
import * as fs from "fs";

/** What a path is when it is not a regular file or a folder, in words for a notice. */
export function specialKind(stat: fs.Stats): string | undefined {
  if (stat.isFile() || stat.isDirectory()) return undefined;
  if (stat.isFIFO()) return "a named pipe";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isSymbolicLink()) return "a symbolic link";
  return "a special file";
}

/** Thrown for a path that is not a regular file; `code` is "ENOTREG". */
export class NotRegularFileError extends Error {
  readonly code = "ENOTREG";
  constructor(
    readonly file: string,
    readonly kind: string,
  ) {
    super(`not a regular file (${kind})`);
  }
}

/** The bytes of a regular file; throws NotRegularFileError for anything else, fs errors as they are. */
export function readRegularFile(file: string): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new NotRegularFileError(file, specialKind(stat) ?? "a folder");
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function readRegularText(file: string): string {
  return readRegularFile(file).toString("utf8");
}

/** The text of a regular file, or undefined when it is absent, unreadable or not a regular file. */
export function readRegularTextOr(file: string): string | undefined {
  try {
    return readRegularText(file);
  } catch {
    return undefined; // expected: absent, unreadable or special, the caller treats it as not there
  }
}
