/**
 * The annotated corpus (test/corpus) and the bundled example: realistic scripts written apart from
 * the engine. Every rule runs; every `ruleid:` must be found and nothing un-annotated reported.
 */
import * as assert from "assert";
import * as path from "path";
import { analyzeProject, RULES } from "privacy-review";
import { compare } from "../util/annotations";
import { REPO } from "../util/paths";
import { listSources } from "./fixtures.test";

describe("the bundled example is application code", () => {
  it("is checked whole with the default settings (no file of it is test code)", () => {
    const res = analyzeProject({ root: path.join(REPO, "examples/lab-migration") });
    assert.ok(res.files.length > 0);
    assert.deepStrictEqual(res.checkedFiles, res.files);
  });
});

for (const folder of [
  "test/corpus",
  "test/corpus-b",
  "test/corpus-c",
  "test/corpus-d",
  "test/corpus-e",
  "test/corpus-f",
  "test/example/lab-migration-annotated",
]) {
  describe(`annotated scripts: ${folder}`, () => {
    it("matches every annotation", function () {
      this.timeout(60_000);
      const root = path.join(REPO, folder);
      // Corpora are realistic projects scanned as a user would: their test code (corpus-d's
      // traps/14-endpoint-policy.test.ts, corpus-f's fixtures/) is read but not checked.
      const res = analyzeProject({ root });
      const findings = res.findings
        .filter((f) => !f.suppression)
        .map((f) => ({
          ruleId: f.ruleId,
          file: f.location.file,
          line: f.location.start.line,
          message: f.message,
        }));
      // Annotations for rules the engine does not have yet are not judged.
      const cmp = compare(listSources(root), findings, new Set(RULES.map((r) => r.id)));
      const rel = (f: string): string => path.relative(root, f);
      assert.deepStrictEqual(
        [
          ...cmp.falsePositives.map(
            (x) => `unexpected ${x.ruleId} at ${rel(x.file)}:${x.line + 1}: ${x.message}`,
          ),
          ...cmp.falseNegatives.map((x) => `missed ${x.ruleId} at ${rel(x.file)}:${x.line + 1}`),
        ],
        [],
      );
    });
  });
}
