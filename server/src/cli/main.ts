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
import { formatJson } from "./format/json";
import { formatSarif, packageVersion } from "./format/sarif";
import { formatText } from "./format/text";

const RANK: Record<string, number> = { note: 1, warning: 2, error: 3 };

class UsageError extends Error {}

export async function main(argv: string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  let code = 0;
  const program = new Command();
  program
    .name("privacy-review")
    .description("Reviews data-migration and data-export code for GDPR Art. 29 and Art. 32 failures (CNIL SAN-2022-009).")
    .version(packageVersion(), "-v, --version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showSuggestionAfterError();

  program.command("scan")
    .description("scan files or folders and report findings")
    .argument("[paths...]", "files or folders to scan (default: the current folder)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "sarif"]).default("text"))
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .option("-c, --config <file>", "use this privacy-review.json instead of the one at the scanned root")
    .addOption(new Option("--fail-on <level>", "lowest severity that makes the exit code 1").choices(["error", "warning", "note", "none"]).default("warning"))
    .option("-r, --rule <id...>", "run only these rules")
    .option("-q, --quiet", "report errors only")
    .action((paths: string[], o: { format: string; output?: string; config?: string; failOn: string; rule?: string[]; quiet?: boolean }) => {
      for (const id of o.rule ?? []) {
        if (!KNOWN_RULE_IDS.has(id)) throw new UsageError(`unknown rule id "${id}" in --rule; run \`privacy-review rules\` for the list`);
      }
      const targets = paths.length ? paths : ["."];
      const root = rootFor(targets);
      const showProgress = o.format === "text" && !o.output && io.err === process.stderr && process.stderr.isTTY;
      const result = analyzeProject({
        root,
        paths: targets.map((p) => path.resolve(p)),
        configFile: o.config,
        rules: o.rule,
        onProgress: showProgress ? (d, t) => io.err.write(`\rprivacy-review: reading ${d}/${t} files…`) : undefined,
      });
      if (showProgress) io.err.write("\r\u001b[K");
      let findings = result.findings;
      if (o.quiet) findings = findings.filter((f) => f.severity === "error" || f.suppression);
      const text = o.format === "json"
        ? formatJson(findings, result.notices, root, result.durationMs, result.files.length)
        : o.format === "sarif"
          ? formatSarif(findings, result.notices, root, packageVersion())
          : formatText(findings, result.notices, { root, color: !o.output && !!(io.out as NodeJS.WriteStream).isTTY && !process.env.NO_COLOR, quiet: !!o.quiet });
      if (o.output) writeAtomically(o.output, text);
      else io.out.write(text);
      if (result.notices.some((n) => n.level === "error" && !result.files.length)) code = 2;
      else code = failing(findings, o.failOn) ? 1 : 0;
    });

  program.command("rules")
    .description("list the rules with their default severity and citations")
    .option("--json", "as JSON")
    .action((o: { json?: boolean }) => {
      const metas = allRuleMeta();
      if (o.json) { io.out.write(JSON.stringify(metas.map(({ docPath: _d, ...m }) => m), null, 2) + "\n"); return; }
      const w = Math.max(...metas.map((m) => m.id.length));
      for (const m of metas) io.out.write(`${m.id.padEnd(w)}  ${m.defaultSeverity.padEnd(7)}  ${m.name}\n${" ".repeat(w + 11)}${m.citation}\n`);
    });

  program.command("explain")
    .description("print a rule's documentation")
    .argument("<id>", "rule id")
    .action((id: string) => {
      if (!KNOWN_RULE_IDS.has(id)) throw new UsageError(`unknown rule id "${id}"; run \`privacy-review rules\` for the list`);
      io.out.write(ruleDoc(id));
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof ConfigError || e instanceof UsageError) {
      io.err.write(`privacy-review: ${e.message}\n`);
      return 2;
    }
    io.err.write(`privacy-review: internal error: ${(e as Error).message.split("\n")[0]}; please report it with the command you ran\n`);
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

/** Write to a temp file beside the target, then rename: a reader never sees half a report. */
export function writeAtomically(file: string, text: string): void {
  const abs = path.resolve(file);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, abs);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* nothing to clean */ }
    throw new UsageError(`cannot write ${abs}: ${(e as Error).message.split("\n")[0]}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((c) => { process.exitCode = c; }, (e) => { process.stderr.write(`privacy-review: internal error: ${String(e)}\n`); process.exitCode = 2; });
}
