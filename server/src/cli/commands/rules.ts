/** `privacy-review rules [--json]`: the rules with their default severity and citations. */
import { Command } from "commander";
import { allRuleMeta } from "../../engine/rules/registry";
import { CommandContext } from "./command";

export function addRulesCommand(program: Command, context: CommandContext): void {
  program
    .command("rules")
    .description("list the rules with their default severity and citations")
    .option("--json", "as JSON")
    .action((options: { json?: boolean }) => {
      const metas = allRuleMeta();
      if (options.json) {
        const shown = metas.map(({ docPath: _docPath, ...meta }) => meta);
        context.io.out.write(JSON.stringify(shown, null, 2) + "\n");
        return;
      }
      const width = Math.max(...metas.map((m) => m.id.length));
      for (const m of metas)
        context.io.out.write(
          `${m.id.padEnd(width)}  ${m.defaultSeverity.padEnd(7)}  ${m.name}\n${" ".repeat(width + 11)}${m.citation}\n`,
        );
    });
}
