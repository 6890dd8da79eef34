/** `privacy-review report`: the migration record (per script: reads, sends, protects, removes). */
import { Command, Option } from "commander";
import { buildRecord } from "../../engine/report/record";
import { UsageError } from "../errors";
import { displayPath, escapeControls } from "../format/escape";
import { RECORD_FORMATTERS } from "../format/record";
import { writeAtomically } from "../io";
import { Progress } from "../progress";
import { packageVersion } from "../version";
import { CommandContext } from "./command";
import { analyseTargets } from "./analyse";

interface ReportOptions {
  format: string;
  output?: string;
  config?: string;
  errorOnUnmatchedPattern: boolean;
  includeTests?: boolean;
  followSymlinks?: boolean;
  progress?: boolean;
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
    .option("--progress", "show progress on stderr even when it is not a terminal (CI logs)")
    .option("--no-progress", "never show progress")
    .option("--no-error-on-unmatched-pattern", "exit 0 instead of 2 when no file is left to analyse")
    .option("--include-tests", "record test code too (read but left out by default)")
    .option(
      "--follow-symlinks",
      "read symbolic links that lead out of the scanned folders (default: skip them)",
    )
    .action((paths: string[], options: ReportOptions) => runReport(paths, options, context));
}

function runReport(paths: string[], options: ReportOptions, context: CommandContext): void {
  const progress = Progress.forStream(context.io.err, options.progress);
  const analysis = analyseTargets(paths, options, progress);
  if (analysis.runs.length > 1)
    throw new UsageError(
      `the paths belong to ${analysis.runs.length} projects (${analysis.runs.map((r) => displayPath(r.project.root)).join(", ")}); write one record per project`,
    );
  const { result } = analysis.runs[0];
  // The record is still written; what it could not read is said on stderr, one line per file.
  for (const n of result.notices.filter((x) => x.level === "error"))
    context.io.err.write(`privacy-review: ${displayPath(n.file)}: ${escapeControls(n.message)}\n`);
  progress.step("building the record");
  const record = buildRecord(result.analyzer, result.findings, packageVersion());
  const text = RECORD_FORMATTERS.get(options.format)!.format(record);
  progress.step("writing", options.output ? displayPath(options.output) : "");
  if (options.output) writeAtomically(options.output, text);
  progress.finish();
  if (!options.output) context.io.out.write(text);
  context.exitCode = 0;
}
