import * as assert from "assert";
import * as path from "path";
import { TestCode } from "privacy-review";

describe("test code (read, not checked by default)", () => {
  const root = path.resolve("/repo");
  const at = (rel: string): string => path.join(root, rel);
  const defaults = new TestCode(root);

  it("recognises the Jest and Semgrep-style test folders and file names", () => {
    for (const rel of [
      "test/export.ts",
      "packages/api/tests/unit/export.ts",
      "src/__tests__/export.ts",
      "spec/export.ts",
      "src/__mocks__/pg.ts",
      "apps/ehr/fixtures/patients.ts",
      "apps/ehr/e2e/login.ts",
      "src/export.test.ts",
      "src/export.spec.js",
      "src/export.e2e.ts",
      "src/export-test.ts",
    ])
      assert.ok(defaults.isSkipped(at(rel)), rel);
  });

  it("leaves application code alone, including names that merely contain a test word", () => {
    for (const rel of [
      "src/export.ts",
      "src/latest.ts",
      "src/contest/winners.ts",
      "src/testimonials.ts",
      "src/specs-parser.ts",
      "scripts/seed.ts",
    ])
      assert.ok(!defaults.isSkipped(at(rel)), rel);
  });

  it("judges paths relative to the scanned root, so scanning a fixtures folder itself checks it", () => {
    const fixtures = new TestCode(path.join(root, "rules/x/fixtures"));
    assert.ok(!fixtures.isSkipped(at("rules/x/fixtures/orm.ts")));
    assert.ok(defaults.isSkipped(at("rules/x/fixtures/orm.ts")));
  });

  it("uses the configured globs instead of the defaults, and checks everything when included", () => {
    const custom = new TestCode(root, { globs: ["qa/**"] });
    assert.ok(custom.isSkipped(at("qa/a.ts")));
    assert.ok(!custom.isSkipped(at("tests/a.ts")));
    const included = new TestCode(root, { include: true });
    assert.ok(included.isTest(at("tests/a.ts")));
    assert.ok(!included.isSkipped(at("tests/a.ts")));
  });
});
