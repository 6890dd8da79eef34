/** The migration record formats (`report --format md|html|json`) by name; the first is the default. */
import { MigrationRecord } from "../../engine/report/record";
import { renderHtml, renderJson, renderMarkdown } from "../../engine/report/render";

export interface RecordFormatter {
  /** The `--format` value. */
  readonly name: string;
  format(record: MigrationRecord): string;
}

export const RECORD_FORMATTERS: ReadonlyMap<string, RecordFormatter> = new Map(
  [
    { name: "md", format: renderMarkdown },
    { name: "html", format: renderHtml },
    { name: "json", format: renderJson },
  ].map((f) => [f.name, f]),
);
