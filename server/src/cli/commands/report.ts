/** `privacy-review report`: the migration record (per script: reads, sends, protects, removes). */
import * as path from "path";
import { Command, Option } from "commander";
import { analyzeProject } from "../../engine/analyzer";
import { buildRecord } from "../../engine/report/record";
import { UsageError } from "../errors";
import { displayPath, escapeControls } from "../format/escape";
import { RECORD_FORMATTERS } from "../format/record";
import { writeAtomically } from "../io";
import { packageVersion } from "../version";
import { CommandContext } from "./command";
import { checkTargetsReadable, nothingAnalysed, rootFor } from "./targets";

interface ReportOptions {
  format: string;
  output?: string;
  config?: string;
  errorOnUnmatchedPattern: boolean;
  includeTests?: boolean;
}

export function addReportCommand(program: Command, context: CommandContext): void {
  program
    .command("report")
    .description(
      "write the migration record: per script, what it reads, sends, protects and removes, against the instructions",
    )
    .argument("[paths...]", "files or folders (default: the current folder)")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices([...RECORD_FORMATTERS.keys()])
        .default("md"),
    )
    .option("-o, --output <file>", "write the record to a file instead of standard output")
    .option("-c, --config <file>", "use this privacy-review.json instead of the one at the scanned root")
    .option("--no-error-on-unmatched-pattern", "exit 0 instead of 2 when no file is left to analyse")
    .option("--include-tests", "record test code too (read but left out by default)")
    .action((paths: string[], options: ReportOptions) => runReport(paths, options, context));
}

function runReport(paths: string[], options: ReportOptions, context: CommandContext): void {
  const targets = paths.length ? paths : ["."];
  checkTargetsReadable(targets);
  const root = rootFor(targets);
  const result = analyzeProject({
    root,
    paths: targets.map((p) => path.resolve(p)),
    configFile: options.config,
    includeTests: options.includeTests ? true : undefined,
  });
  if (!result.checkedFiles.length && options.errorOnUnmatchedPattern)
    throw new UsageError(nothingAnalysed(targets, result));
  // The record is still written; what it could not read is said on stderr, one line per file.
  for (const n of result.notices.filter((x) => x.level === "error"))
    context.io.err.write(`privacy-review: ${displayPath(n.file)}: ${escapeControls(n.message)}\n`);
  const record = buildRecord(result.analyzer, result.findings, packageVersion());
  const text = RECORD_FORMATTERS.get(options.format)!.format(record);
  if (options.output) writeAtomically(options.output, text);
  else context.io.out.write(text);
  context.exitCode = 0;
}
