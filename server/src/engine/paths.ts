import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";

/**
 * rules/ at the package root: rule metadata, docs, vocabulary, models, schema. From the tsc
 * output (server/out/engine/) it is three folders up; from the extension's bundle (dist/) one.
 */
export const RULES_DIR = findRulesDir();

function findRulesDir(): string {
  const candidates = [
    path.resolve(__dirname, "..", "..", "..", "rules"),
    path.resolve(__dirname, "..", "rules"),
  ];
  return candidates.find((dir) => fs.existsSync(path.join(dir, "schema"))) ?? candidates[0];
}

/**
 * Where a rule's page is: the `doc.md` shipped with the tool (works offline, in the editor and
 * from the CLI). There is no public web site; no link points at one.
 */
export function docUrl(ruleId: string, rulesDir = RULES_DIR): string {
  return pathToFileURL(path.join(rulesDir, ruleId, "doc.md")).href;
}
