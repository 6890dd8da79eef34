/** The scan formatters by `--format` name; the first is the default. */
import { Formatter } from "./formatter";
import { jsonFormatter } from "./json";
import { sarifFormatter } from "./sarif";
import { textFormatter } from "./text";

export const SCAN_FORMATTERS: ReadonlyMap<string, Formatter> = new Map(
  [textFormatter, jsonFormatter, sarifFormatter].map((f) => [f.name, f]),
);
