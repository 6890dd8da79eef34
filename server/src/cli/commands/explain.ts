/** `privacy-review explain <id>`: a rule's documentation page. */
import { Command } from "commander";
import { KNOWN_RULE_IDS, ruleDoc } from "../../engine/rules/registry";
import { UsageError } from "../errors";
import { CommandContext } from "./command";

export function addExplainCommand(program: Command, context: CommandContext): void {
  program
    .command("explain")
    .description("print a rule's documentation")
    .argument("<id>", "rule id")
    .action((id: string) => {
      if (!KNOWN_RULE_IDS.has(id))
        throw new UsageError(`unknown rule id "${id}"; run \`privacy-review rules\` for the list`);
      context.io.out.write(ruleDoc(id));
    });
}
