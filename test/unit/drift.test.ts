/**
 * One source of truth for rule ids: the engine's registry. Every other place a rule id is typed by
 * hand (the config schema, the bundled rule folders the client lists, the fix table, the README
 * table) must name exactly the registry's rules, so adding or removing a rule in one place fails here.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { RULES as ENGINE_RULES } from "privacy-review";
import { REPO, RULES } from "../util/paths";

const registryIds = (): string[] => ENGINE_RULES.map((rule) => rule.id).sort();

function schemaRuleIds(): string[] {
  const schemaFile = path.join(RULES, "schema", "privacy-review.schema.json");
  const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8")) as {
    properties: { rules: { propertyNames: { enum: string[] } } };
  };
  return [...schema.properties.rules.propertyNames.enum].sort();
}

/** What the VS Code client offers: every folder of rules/ with a meta.json (client/src/extension.ts). */
function bundledRuleFolders(): string[] {
  return fs
    .readdirSync(RULES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(RULES, entry.name, "meta.json")))
    .map((entry) => entry.name)
    .sort();
}

/** The `case "<id>":` labels of the fix table (the switch in Fixer.fixesFor). */
function fixTableIds(): string[] {
  const source = fs.readFileSync(path.join(REPO, "server", "src", "engine", "fixes", "fixes.ts"), "utf8");
  const switchStart = source.indexOf("switch (f.ruleId)");
  assert.ok(switchStart >= 0, "the fix table is a switch on the finding's rule id");
  const switchBody = source.slice(switchStart, source.indexOf("default:", switchStart));
  return [...switchBody.matchAll(/case "([a-z-]+)":/g)].map((match) => match[1]).sort();
}

/** The first column of the README's rule table. */
function readmeTableIds(): string[] {
  const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
  return [...readme.matchAll(/^\| `([a-z-]+)` \| (?:error|warning|note) \|/gm)].map((m) => m[1]).sort();
}

describe("rule ids agree everywhere (drift)", () => {
  it("the registry has rules", () => assert.ok(registryIds().length >= 7));
  it("config schema enum", () => assert.deepStrictEqual(schemaRuleIds(), registryIds()));
  it("bundled rule folders (the client's list)", () =>
    assert.deepStrictEqual(bundledRuleFolders(), registryIds()));
  it("each rule folder's meta.json names its own id", () => {
    for (const id of bundledRuleFolders()) {
      const meta = JSON.parse(fs.readFileSync(path.join(RULES, id, "meta.json"), "utf8")) as { id?: string };
      assert.ok(meta.id === undefined || meta.id === id, `${id}/meta.json says ${meta.id}`);
    }
  });
  it("fix table: every case is a registry rule (a rule may have no fix)", () => {
    const unknown = fixTableIds().filter((id) => !registryIds().includes(id));
    assert.ok(fixTableIds().length > 0, "the fix table was read");
    assert.deepStrictEqual(unknown, [], "fix cases for ids the registry does not have");
  });
  it("README rule table", () => assert.deepStrictEqual(readmeTableIds(), registryIds()));
});
