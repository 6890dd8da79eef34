#!/usr/bin/env node
/**
 * privacy-review command line. Exit codes (a contract CI scripts rely on):
 *   0  no finding at or above --fail-on
 *   1  findings at or above --fail-on
 *   2  usage, configuration or internal error
 */
import * as fs from "fs";
import * as path from "path";
import { Command, CommanderError, Option } from "commander";
import { analyzeProject } from "../engine/analyzer";
import { ConfigError } from "../engine/config/config";
import { Finding } from "../engine/findings";
import { allRuleMeta, KNOWN_RULE_IDS, ruleDoc } from "../engine/rules/registry";
import { applySafeFixes } from "../engine/fixes/applyFixes";
import { formatJson } from "./format/json";
import { buildRecord } from "../engine/report/record";
import { renderHtml, renderJson, renderMarkdown } from "../engine/report/render";
import { formatSarif, packageVersion } from "./format/sarif";
import { formatText } from "./format/text";

const RANK: Record<string, number> = { note: 1, warning: 2, error: 3 };

class UsageError extends Error {}

export async function main(
  argv: string[],
  io = { out: process.stdout, err: process.stderr },
): Promise<number> {
  let code = 0;
  const program = new Command();
  program
    .name("privacy-review")
    .description(
      "Reviews data-migration and data-export code for GDPR Art. 29 and Art. 32 failures (CNIL SAN-2022-009).",
    )
    .version(packageVersion(), "-v, --version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showSuggestionAfterError();

  program
    .command("scan")
    .description("scan files or folders and report findings")
    .argument("[paths...]", "files or folders to scan (default: the current folder)")
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["text", "json", "sarif"]).default("text"),
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
    .action(
      (
        paths: string[],
        o: {
          format: string;
          output?: string;
          config?: string;
          failOn: string;
          rule?: string[];
          quiet?: boolean;
          fix?: boolean;
          fixDryRun?: boolean;
        },
      ) => {
        for (const id of o.rule ?? []) {
          if (!KNOWN_RULE_IDS.has(id))
            throw new UsageError(
              `unknown rule id "${id}" in --rule; run \`privacy-review rules\` for the list`,
            );
        }
        const targets = paths.length ? paths : ["."];
        const root = rootFor(targets);
        const showProgress =
          o.format === "text" && !o.output && io.err === process.stderr && process.stderr.isTTY;
        const result = analyzeProject({
          root,
          paths: targets.map((p) => path.resolve(p)),
          configFile: o.config,
          rules: o.rule,
          onProgress: showProgress
            ? (d, t) => io.err.write(`\rprivacy-review: reading ${d}/${t} files…`)
            : undefined,
        });
        if (showProgress) io.err.write("\r\u001b[K");
        let findings = result.findings;
        let notices = result.notices;
        let fixOutput: Array<{ file: string; output: string; fixes: number }> = [];
        if (o.fix || o.fixDryRun) {
          const run = applySafeFixes(result.analyzer, findings, o.rule);
          findings = run.findings;
          notices = [
            ...result.notices.filter((n) => !n.message.startsWith("internal error")),
            ...run.notices,
          ];
          if (o.fix) {
            for (const [file, { before, after }] of run.changed) {
              const now = readOr(file);
              if (now !== before) {
                notices.push({
                  file,
                  level: "warning",
                  message: "not fixed: the file changed on disk during the scan; run again",
                });
                continue;
              }
              writeAtomically(file, after);
            }
          }
          fixOutput = [...run.changed].map(([file, c]) => ({ file, output: c.after, fixes: c.fixes }));
          if (o.fixDryRun && o.format === "text") io.out.write(formatDiffs(root, run.changed));
          if (o.format === "text")
            io.err.write(
              `privacy-review: ${o.fix ? "fixed" : "would fix"} ${fixOutput.reduce((n, x) => n + x.fixes, 0)} problem(s) in ${fixOutput.length} file(s)\n`,
            );
        }
        if (o.quiet) findings = findings.filter((f) => f.severity === "error" || f.suppression);
        const text =
          o.format === "json"
            ? formatJson(
                findings,
                notices,
                root,
                result.durationMs,
                result.files.length,
                o.fixDryRun ? fixOutput : undefined,
              )
            : o.format === "sarif"
              ? formatSarif(findings, notices, root, packageVersion())
              : formatText(findings, notices, {
                  root,
                  color: !o.output && !!(io.out as NodeJS.WriteStream).isTTY && !process.env.NO_COLOR,
                  quiet: !!o.quiet,
                });
        if (o.output) writeAtomically(o.output, text);
        else io.out.write(text);
        if (notices.some((n) => n.level === "error" && !result.files.length)) code = 2;
        else code = failing(findings, o.failOn) ? 1 : 0;
      },
    );

  program
    .command("report")
    .description(
      "write the migration record: per script, what it reads, sends, protects and removes, against the instructions",
    )
    .argument("[paths...]", "files or folders (default: the current folder)")
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["md", "html", "json"]).default("md"),
    )
    .option("-o, --output <file>", "write the record to a file instead of standard output")
    .option("-c, --config <file>", "use this privacy-review.json instead of the one at the scanned root")
    .action((paths: string[], o: { format: string; output?: string; config?: string }) => {
      const targets = paths.length ? paths : ["."];
      const root = rootFor(targets);
      const result = analyzeProject({
        root,
        paths: targets.map((p) => path.resolve(p)),
        configFile: o.config,
      });
      const rec = buildRecord(result.analyzer, result.findings, packageVersion());
      const text =
        o.format === "json" ? renderJson(rec) : o.format === "html" ? renderHtml(rec) : renderMarkdown(rec);
      if (o.output) writeAtomically(o.output, text);
      else io.out.write(text);
      code = 0;
    });

  program
    .command("rules")
    .description("list the rules with their default severity and citations")
    .option("--json", "as JSON")
    .action((o: { json?: boolean }) => {
      const metas = allRuleMeta();
      if (o.json) {
        io.out.write(
          JSON.stringify(
            metas.map(({ docPath: _d, ...m }) => m),
            null,
            2,
          ) + "\n",
        );
        return;
      }
      const w = Math.max(...metas.map((m) => m.id.length));
      for (const m of metas)
        io.out.write(
          `${m.id.padEnd(w)}  ${m.defaultSeverity.padEnd(7)}  ${m.name}\n${" ".repeat(w + 11)}${m.citation}\n`,
        );
    });

  program
    .command("explain")
    .description("print a rule's documentation")
    .argument("<id>", "rule id")
    .action((id: string) => {
      if (!KNOWN_RULE_IDS.has(id))
        throw new UsageError(`unknown rule id "${id}"; run \`privacy-review rules\` for the list`);
      io.out.write(ruleDoc(id));
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return 0;
      return 2;
    }
    if (e instanceof ConfigError || e instanceof UsageError) {
      io.err.write(`privacy-review: ${e.message}\n`);
      return 2;
    }
    io.err.write(
      `privacy-review: internal error: ${(e as Error).message.split("\n")[0]}; please report it with the command you ran\n`,
    );
    if (process.env.PRIVACY_REVIEW_DEBUG) io.err.write(String((e as Error).stack) + "\n");
    return 2;
  }
}

function failing(findings: Finding[], failOn: string): boolean {
  if (failOn === "none") return false;
  const min = RANK[failOn];
  return findings.some((f) => !f.suppression && RANK[f.severity] >= min);
}

/** The scanned root: the folder given, or the common folder of the paths given. */
function rootFor(targets: string[]): string {
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

function readOr(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** A unified diff (3 lines of context) of each fixed file, for --fix-dry-run. */
function formatDiffs(root: string, changed: Map<string, { before: string; after: string }>): string {
  const out: string[] = [];
  for (const [file, { before, after }] of changed) {
    const rel = path.relative(root, file).split(path.sep).join("/");
    out.push(`--- a/${rel}`, `+++ b/${rel}`, ...unifiedHunks(before.split(/\r?\n/), after.split(/\r?\n/)));
  }
  return out.length ? out.join("\n") + "\n" : "";
}

function unifiedHunks(a: string[], b: string[]): string[] {
  // LCS table over the differing middle (files under review are small; cap keeps it bounded).
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf])
    suf++;
  const A = a.slice(pre, a.length - suf),
    B = b.slice(pre, b.length - suf);
  const ops: Array<[" " | "-" | "+", string]> = [];
  if (A.length * B.length > 4_000_000) {
    A.forEach((l) => ops.push(["-", l]));
    B.forEach((l) => ops.push(["+", l]));
  } else {
    const L: number[][] = Array.from({ length: A.length + 1 }, () => new Array(B.length + 1).fill(0));
    for (let i = A.length - 1; i >= 0; i--)
      for (let j = B.length - 1; j >= 0; j--)
        L[i][j] = A[i] === B[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    let i = 0,
      j = 0;
    while (i < A.length || j < B.length) {
      if (i < A.length && j < B.length && A[i] === B[j]) {
        ops.push([" ", A[i]]);
        i++;
        j++;
      } else if (i < A.length && (j === B.length || L[i + 1][j] >= L[i][j + 1])) {
        ops.push(["-", A[i]]);
        i++;
      } else {
        ops.push(["+", B[j]]);
        j++;
      }
    }
  }
  const all: Array<[" " | "-" | "+", string]> = [
    ...a.slice(0, pre).map((l) => [" ", l] as [" ", string]),
    ...ops,
    ...a.slice(a.length - suf).map((l) => [" ", l] as [" ", string]),
  ];
  const lines: string[] = [];
  let k = 0,
    oldLine = 1,
    newLine = 1;
  while (k < all.length) {
    if (all[k][0] === " ") {
      k++;
      oldLine++;
      newLine++;
      continue;
    }
    const start = Math.max(0, k - 3);
    let end = k;
    while (end < all.length) {
      if (all[end][0] !== " ") {
        end++;
        continue;
      }
      let run = 0;
      while (end + run < all.length && all[end + run][0] === " ") run++;
      if (run > 6 || end + run >= all.length) {
        end = Math.min(all.length, end + 3);
        break;
      }
      end += run;
    }
    const hunk = all.slice(start, end);
    const oStart = oldLine - (k - start),
      nStart = newLine - (k - start);
    lines.push(
      `@@ -${oStart},${hunk.filter((h) => h[0] !== "+").length} +${nStart},${hunk.filter((h) => h[0] !== "-").length} @@`,
    );
    for (const [op, text] of hunk) lines.push(op + text);
    for (let x = k; x < end; x++) {
      if (all[x][0] !== "+") oldLine++;
      if (all[x][0] !== "-") newLine++;
    }
    k = end;
  }
  return lines;
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

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (c) => {
      process.exitCode = c;
    },
    (e) => {
      process.stderr.write(`privacy-review: internal error: ${String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
