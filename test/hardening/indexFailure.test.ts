/**
 * A file the per-file index cannot walk (issue 15: "a failure in one file is a notice for that file
 * only"). The index is asked for every file by every rule, so before this a single such file ended
 * every rule's run on every other file with an internal error. The broken file is made here by
 * corrupting a parsed tree, since the parser itself never produces one.
 */
import * as assert from "assert";
import { ts } from "ts-morph";
import { Analyzer } from "privacy-review/internal/engine/analyzer";
import { Workspace } from "privacy-review/internal/engine/load/workspace";

describe("hardening: a file whose index fails", () => {
  it("gets an error notice naming it, and the other files keep their findings", () => {
    const root = "/virtual/index-failure";
    const ws = new Workspace(root);
    ws.setText(`${root}/neighbour.ts`, `export const DROP = "ftp://ftp.partner.example/in";\n`);
    const broken = ws.setText(`${root}/broken.ts`, `export function f() {\n  return g(1);\n}\n`)!;
    // A call whose callee is missing: the index's walk throws a TypeError on it.
    const fn = broken.statements[0] as ts.FunctionDeclaration;
    const ret = fn.body!.statements[0] as ts.ReturnStatement;
    (ret.expression as unknown as { expression: unknown }).expression = undefined;

    const { findings, notices } = new Analyzer(ws, {}).run();

    const neighbour = findings.filter((f) => f.location.file.endsWith("neighbour.ts"));
    assert.ok(
      neighbour.some((f) => f.ruleId === "plaintext-transfer"),
      JSON.stringify(findings),
    );
    const forBroken = notices.filter((n) => n.file.endsWith("broken.ts"));
    assert.strictEqual(forBroken.length, 1, JSON.stringify(notices));
    assert.strictEqual(forBroken[0].level, "error");
    assert.match(forBroken[0].message, /internal error while indexing this file/);
    assert.ok(!notices.some((n) => n.file.endsWith("neighbour.ts")), JSON.stringify(notices));
  });
});
