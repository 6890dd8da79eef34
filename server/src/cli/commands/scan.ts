/** `privacy-review scan`: findings in text, JSON or SARIF; `--fix` / `--fix-dry-run`. */
import { Command, Option } from "commander";
import { Analyzer } from "../../engine/analyzer";
import { applyBaseline, readBaseline } from "../baseline";
import { Finding, Notice } from "../../engine/findings";
import { applySafeFixes } from "../../engine/fixes/applyFixes";
import { FixEngine } from "../../engine/fixes/fixes";
import { KNOWN_RULE_IDS } from "../../engine/rules/registry";
import { formatDiffs } from "../diff";
import { atOriginalLocations } from "../originalLocations";
import { UsageError } from "../errors";
import { FixOutput } from "../format/formatter";
import { displayPath } from "../format/escape";
import { SCAN_FORMATTERS } from "../format/index";
import { shownPath } from "../format/text";
import { writeAtomically } from "../io";
import { writeFixes } from "../writeFixes";
import { Progress } from "../progress";
import { packageVersion } from "../version";
import { CommandContext } from "./command";
import { analyseTargets } from "./analyse";

const SEVERITY_RANK: Record<string, number> = { note: 1, warning: 2, error: 3 };

interface ScanOptions {
  format: string;
  output?: string;
  config?: string;
  failOn: string;
  rule?: string[];
  quiet?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  errorOnUnmatchedPattern: boolean;
  absolutePaths?: boolean;
  includeTests?: boolean;
  followSymlinks?: boolean;
  progress?: boolean;
  baseline?: string;
  sarifCategory?: string;
}

export function addScanCommand(program: Command, context: CommandContext): void {
  program
    .command("scan")
    .description("scan files or folders and report findings")
    .argument("[paths...]", "files or folders to scan (default: the current folder)")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices([...SCAN_FORMATTERS.keys()])
        .default("text"),
    )
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .option("-c, --config <file>", "use this privacy-review.json instead of the one at the scanned root")
    .addOption(
      new Option("--fail-on <level>", "lowest severity that makes the exit code 1")
        .choices(["error", "warning", "note", "none"])
        .default("warning"),
    )
    .option("-r, --rule <id...>", "run only these rules")
    .option("-q, --quiet", "report errors only")
    .option("--fix", "apply the safe fixes to the files (atomic writes), then report what remains")
    .option("--fix-dry-run", "compute the safe fixes and show them, without writing any file")
    .option(
      "--absolute-paths",
      "text output: absolute file paths instead of paths relative to the current folder",
    )
    .option("--progress", "show progress on stderr even when it is not a terminal (CI logs)")
    .option("--no-progress", "never show progress")
    .option("--no-error-on-unmatched-pattern", "exit 0 instead of 2 when no file is left to analyse")
    .option(
      "--include-tests",
      "check test code too (test/, *.test.*, fixtures/…: read but not checked by default)",
    )
    .option(
      "--follow-symlinks",
      "read symbolic links that lead out of the scanned folders (default: skip them)",
    )
    .option(
      "--baseline <file>",
      "report and fail on only the findings not in this earlier JSON or SARIF output (adopting on legacy code)",
    )
    .option(
      "--sarif-category <id>",
      "SARIF automationDetails.id: tells code scanning which analysis a run belongs to (e.g. privacy-review/backend)",
    )
    .action((paths: string[], options: ScanOptions) => runScan(paths, options, context));
}

function runScan(paths: string[], options: ScanOptions, context: CommandContext): void {
  const { io } = context;
  for (const id of options.rule ?? []) {
    if (!KNOWN_RULE_IDS.has(id))
      throw new UsageError(`unknown rule id "${id}" in --rule; run \`privacy-review rules\` for the list`);
  }
  const pathOptions = { cwd: process.cwd(), absolutePaths: !!options.absolutePaths };
  // Read before the analysis: a bad baseline stops the run at once, with its own message.
  const baseline = options.baseline !== undefined ? readBaseline(options.baseline) : undefined;
  const progress = Progress.forStream(io.err, options.progress);
  const analysis = analyseTargets(paths, options, progress);
  let findings: Finding[] = [];
  let notices: Notice[] = [];
  const fixOutput: FixOutput[] = [];
  const fixable = new Set<Finding>();
  for (const { result } of analysis.runs) {
    let runFindings = result.findings;
    let runNotices = result.notices;
    let fixChanges = new Map<string, { before: string; after: string }>();
    if (options.fix || options.fixDryRun) {
      progress.step(options.fix ? "fixing" : "computing fixes");
      const run = applySafeFixes(result.analyzer, runFindings, options.rule);
      fixChanges = run.changed;
      runFindings = run.findings;
      runNotices = [...result.notices.filter((n) => !n.message.startsWith("internal error")), ...run.notices];
      let shown = [...run.changed];
      if (options.fix) {
        const writes = writeFixes(run.changed, result.analyzer.ws);
        runNotices.push(...writes.notices);
        // A file not written still has its problems: report the findings it had before the fixes.
        const unwritten = new Set(shown.map(([file]) => file).filter((file) => !writes.written.has(file)));
        if (unwritten.size)
          runFindings = [
            ...runFindings.filter((f) => !unwritten.has(f.location.file)),
            ...result.findings.filter((f) => unwritten.has(f.location.file)),
          ];
        shown = shown.filter(([file]) => writes.written.has(file));
      }
      fixOutput.push(...shown.map(([file, c]) => ({ file, output: c.after, fixes: c.fixes })));
      progress.finish();
      if (options.fixDryRun && options.format === "text")
        io.out.write(formatDiffs(run.changed, (file) => shownPath(file, pathOptions)));
    }
    const runFixable = fixableFindings(result.analyzer, runFindings);
    if (options.fixDryRun && !options.fix) {
      // Nothing was written: show what remains at its place in the files as they are.
      const moved = atOriginalLocations(runFindings, fixChanges);
      moved.forEach((f, i) => runFixable.has(runFindings[i]) && fixable.add(f));
      runFindings = moved;
    } else for (const f of runFixable) fixable.add(f);
    findings = findings.concat(runFindings);
    notices = notices.concat(runNotices);
  }
  if ((options.fix || options.fixDryRun) && options.format === "text") {
    const fixed = fixOutput.reduce((n, x) => n + x.fixes, 0);
    io.err.write(
      `privacy-review: ${options.fix ? "fixed" : "would fix"} ${fixed} problem(s) in ${fixOutput.length} file(s)\n`,
    );
  }
  if (baseline) {
    const { fresh, known } = applyBaseline(findings, baseline);
    findings = fresh;
    io.err.write(
      `privacy-review: ${known} finding(s) already in the baseline ${displayPath(baseline.file)} not shown\n`,
    );
  }
  if (options.quiet) findings = findings.filter((f) => f.severity === "error" || f.suppression);
  progress.step("writing", options.output ? displayPath(options.output) : "");
  const text = SCAN_FORMATTERS.get(options.format)!.format(
    {
      findings,
      notices,
      root: analysis.root,
      durationMs: analysis.durationMs,
      fileCount: analysis.fileCount,
      toolVersion: packageVersion(),
      fixes: options.fixDryRun ? fixOutput : undefined,
      fixable,
      sarifCategory: options.sarifCategory,
    },
    {
      color: !options.output && !!io.out.isTTY && !process.env.NO_COLOR,
      quiet: !!options.quiet,
      ...pathOptions,
    },
  );
  if (options.output) writeAtomically(options.output, text);
  progress.finish();
  if (!options.output) io.out.write(text);
  // A file that could not be read or parsed fails the run as a finding would (ESLint's fatal errors).
  const incomplete = notices.some((n) => n.level === "error");
  context.exitCode = options.failOn !== "none" && (failing(findings, options.failOn) || incomplete) ? 1 : 0;
}

/** The findings a safe fix can fix, for "N fixable with `--fix`". */
function fixableFindings(analyzer: Analyzer, findings: Finding[]): Set<Finding> {
  const engine = new FixEngine(analyzer);
  const fixable = new Set<Finding>();
  for (const f of findings) {
    if (f.suppression) continue;
    try {
      if (engine.safeFixFor(f)) fixable.add(f);
    } catch {
      // A fix that cannot be computed is not offered: the finding is simply not counted as fixable.
    }
  }
  return fixable;
}

function failing(findings: Finding[], failOn: string): boolean {
  if (failOn === "none") return false;
  const min = SEVERITY_RANK[failOn];
  return findings.some((f) => !f.suppression && SEVERITY_RANK[f.severity] >= min);
}
