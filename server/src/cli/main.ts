#!/usr/bin/env node
/**
 * privacy-review command line: the program, its sub-commands (one module each in `commands/`)
 * and the mapping of errors to exit codes (a contract CI scripts rely on):
 *   0  no finding at or above --fail-on
 *   1  findings at or above --fail-on
 *   2  usage, configuration or internal error
 */
import { Command, CommanderError } from "commander";
import { ConfigError } from "../engine/config/config";
import { CommandContext } from "./commands/command";
import { addExplainCommand } from "./commands/explain";
import { addReportCommand } from "./commands/report";
import { addRulesCommand } from "./commands/rules";
import { addScanCommand } from "./commands/scan";
import { EXIT_CLEAN, EXIT_ERROR, UsageError } from "./errors";
import { escapeControls } from "./format/escape";
import { CliIo } from "./io";
import { packageVersion } from "./version";

export { tempFileFor, writeAtomically } from "./io";

const COMMANDER_EXITS_CLEANLY = new Set(["commander.helpDisplayed", "commander.version", "commander.help"]);

export async function main(
  argv: string[],
  io: CliIo = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const context: CommandContext = { io, exitCode: EXIT_CLEAN };
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
  addScanCommand(program, context);
  addReportCommand(program, context);
  addRulesCommand(program, context);
  addExplainCommand(program, context);

  try {
    await program.parseAsync(argv, { from: "user" });
    return context.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return COMMANDER_EXITS_CLEANLY.has(e.code) ? EXIT_CLEAN : EXIT_ERROR;
    if (e instanceof ConfigError || e instanceof UsageError) {
      for (const line of e.message.split("\n")) io.err.write(`privacy-review: ${escapeControls(line)}\n`);
      return EXIT_ERROR;
    }
    io.err.write(
      `privacy-review: internal error: ${escapeControls((e as Error).message.split("\n")[0])}; please report it with the command you ran\n`,
    );
    if (process.env.PRIVACY_REVIEW_DEBUG) io.err.write(String((e as Error).stack) + "\n");
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  // `privacy-review … | head`: a reader that stops early is not an error worth a stack trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? EXIT_CLEAN);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`privacy-review: internal error: ${String(e)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
