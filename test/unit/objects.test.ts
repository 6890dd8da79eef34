/**
 * One object-literal helper (resolve/objects.ts): the query reader (`QueryReader.objectOf/prop`)
 * and the rules' facts (`objectOf`/`propValue`/`hasProp`) read options objects the same way: the
 * last property written wins, a spread writes every property of what it spreads, spreads are
 * followed to any depth, and a spread cycle ends. Before the merge the query reader followed
 * spreads without bound (a cycle overflowed the stack) and the facts stopped after five.
 */
import * as assert from "assert";
import * as path from "path";
import { ts } from "ts-morph";
import { Workspace } from "privacy-review/internal/engine/load/workspace";
import { Resolver } from "privacy-review/internal/engine/resolve/values";
import { QueryReader } from "privacy-review/internal/engine/queries/queries";
import { buildModels } from "privacy-review/internal/engine/models/models";
import { hasProp, objectOf, propValue } from "privacy-review/internal/engine/rules/facts";
import { RULES } from "../util/paths";

let models: ReturnType<typeof buildModels> | undefined;

/** The object literal assigned to `options` in `code`, with both readers over one resolver. */
function readers(code: string) {
  const ws = new Workspace("/virtual");
  const sf = ws.setText(path.join("/virtual", "options.ts"), code);
  assert.ok(sf);
  const resolver = new Resolver(ws);
  const queries = new QueryReader(resolver, (models ??= buildModels(RULES)));
  let options: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.name.getText(sf) === "options" && node.initializer)
      options = objectOf(resolver, node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  assert.ok(options, "an options object");
  const text = (e: ts.Expression | undefined): string | undefined => e?.getText(sf);
  return {
    fromQueries: (name: string) => text(queries.prop(queries.objectOf(options!)!, name)),
    fromFacts: (name: string) => text(propValue(resolver, options!, name)?.value),
    has: (name: string) => hasProp(resolver, options!, name),
  };
}

function spreadChain(levels: number): string {
  const lines = [`const level0 = { where: "deep" };`];
  for (let i = 1; i <= levels; i++) lines.push(`const level${i} = { ...level${i - 1} };`);
  lines.push(`const options = { ...level${levels} };`);
  return lines.join("\n");
}

describe("object literals: one helper for queries and rules", function () {
  this.timeout(20_000);
  const cases: Array<{ what: string; code: string; name: string; value: string | undefined }> = [
    { what: "a plain property", code: `const options = { where: a };`, name: "where", value: "a" },
    {
      what: "a property written after a spread wins",
      code: `const base = { where: a };\nconst options = { ...base, where: b };`,
      name: "where",
      value: "b",
    },
    {
      what: "a spread after a property wins",
      code: `const base = { where: a };\nconst options = { where: b, ...base };`,
      name: "where",
      value: "a",
    },
    {
      what: "a shorthand property",
      code: `const where = 1;\nconst options = { where };`,
      name: "where",
      value: "where",
    },
    {
      what: "a spread of a spread of a constant",
      code: `const inner = { take: 10 };\nconst middle = { ...inner };\nconst options = { ...middle };`,
      name: "take",
      value: "10",
    },
    { what: "spreads seven deep", code: spreadChain(7), name: "where", value: '"deep"' },
    {
      what: "a spread cycle ends",
      code: `const a = { ...b };\nconst b = { ...a };\nconst options = { ...a, take: 1 };`,
      name: "where",
      value: undefined,
    },
  ];
  for (const c of cases)
    it(`${c.what}: both readers give ${c.value ?? "nothing"}`, () => {
      const read = readers(c.code);
      assert.strictEqual(read.fromQueries(c.name), c.value, "QueryReader.prop");
      assert.strictEqual(read.fromFacts(c.name), c.value, "propValue");
    });

  it("hasProp follows the same spreads, and a cycle or an unknown spread is 'unknown'", () => {
    assert.strictEqual(readers(spreadChain(7)).has("where"), "yes");
    assert.strictEqual(readers(`const options = { a: 1 };`).has("where"), "no");
    assert.strictEqual(readers(`const options = { ...load(), a: 1 };`).has("where"), "unknown");
    assert.strictEqual(
      readers(`const a = { ...b };\nconst b = { ...a };\nconst options = { ...a };`).has("where"),
      "unknown",
    );
  });

  it("reads a.b paths through nested objects and spreads", () => {
    const read = readers(
      `const tls = { rejectUnauthorized: false };\nconst options = { secureOptions: { ...tls } };`,
    );
    assert.strictEqual(read.fromFacts("secureOptions.rejectUnauthorized"), "false");
  });
});
