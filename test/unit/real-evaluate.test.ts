import * as assert from "assert";
import * as path from "path";

// The real-code scorer is plain CommonJS outside the TypeScript build (test/real/evaluate.js).
const scorer = require(path.join(__dirname, "..", "..", "real", "evaluate.js")) as {
  evaluateRepo: (repo: unknown, findings: unknown[]) => Result;
  summarise: (results: Result[]) => {
    total: { tp: number; fp: number; fn: number; precision: number | null };
  };
};

interface Result {
  tp: { label: { line: number; file: string }; finding: { line: number; file: string } }[];
  fn: { label: { line: number; file: string } }[];
  fp: { finding: { line: number; file: string }; family: string }[];
  optionalHits: number;
  outOfScope: number;
}

const UPW = "unencrypted-patient-write";

function finding(file: string, line: number, rule = UPW, severity = "error") {
  return { file, line, rule, severity };
}

const repo = {
  repo: "acme/demo",
  commit: "0".repeat(40),
  files: [
    {
      path: "src/export.ts",
      labels: [
        { line: 10, alt: [12, "src/helper.ts:5"], rule: UPW, family: "object-storage", level: "error" },
        { line: 20, rule: UPW, family: "logger", level: "error" },
        { line: 30, rule: UPW, family: "logger", level: "error", optional: true },
        { line: 40, rule: "plaintext-transfer", family: "tls-off", level: "note" },
      ],
      ok: [{ line: 50, rule: "plaintext-transfer", family: "identifier-url", why: "system URL" }],
    },
    { path: "test/export.test.ts", labels: [] },
  ],
};

describe("real-code scorer (test/real/evaluate.js)", () => {
  it("matches a finding on a label's line or on one of its alternatives, in the same or another file", () => {
    const own = scorer.evaluateRepo(repo, [finding("src/export.ts", 10), finding("src/export.ts", 20)]);
    assert.strictEqual(own.tp.length, 2);
    const helper = scorer.evaluateRepo(repo, [finding("src/helper.ts", 5)]);
    assert.deepStrictEqual(
      helper.tp.map((t) => t.label.line),
      [10],
    );
    assert.strictEqual(
      helper.outOfScope,
      0,
      "a finding matched through a cross-file alt is not out of scope",
    );
  });

  it("lets one label take one finding: a duplicate in a scoped file is a false positive", () => {
    const r = scorer.evaluateRepo(repo, [finding("src/export.ts", 10), finding("src/export.ts", 12)]);
    assert.strictEqual(r.tp.length, 1);
    assert.strictEqual(r.fp.length, 1);
  });

  it("requires the same rule", () => {
    const r = scorer.evaluateRepo(repo, [finding("src/export.ts", 10, "unfiltered-extraction")]);
    assert.strictEqual(r.tp.length, 0);
    assert.strictEqual(r.fp.length, 1);
  });

  it("counts an optional label neither as a hit nor as a miss, and never lets it take a mandatory finding", () => {
    const r = scorer.evaluateRepo(repo, [finding("src/export.ts", 30)]);
    assert.strictEqual(r.optionalHits, 1);
    assert.strictEqual(r.fp.length, 0);
    assert.deepStrictEqual(
      r.fn.map((m) => m.label.line),
      [10, 20, 40],
    );
  });

  it("keeps notes only where a label of level note could take them", () => {
    const r = scorer.evaluateRepo(repo, [
      finding("src/export.ts", 40, "plaintext-transfer", "note"),
      finding("src/export.ts", 41, "plaintext-transfer", "note"),
    ]);
    assert.strictEqual(r.tp.length, 1);
    assert.strictEqual(r.fp.length, 0);
  });

  it("scores false positives only in scoped files and names them after the ok entry or the test path", () => {
    const r = scorer.evaluateRepo(repo, [
      finding("src/export.ts", 50, "plaintext-transfer"),
      finding("test/export.test.ts", 3, "hardcoded-credentials"),
      finding("src/other.ts", 1),
    ]);
    assert.deepStrictEqual(
      r.fp.map((f) => f.family),
      ["identifier-url", "test-code"],
    );
    assert.strictEqual(r.outOfScope, 1);
  });

  it("summarises precision and recall over repositories", () => {
    const a = scorer.evaluateRepo(repo, [finding("src/export.ts", 10), finding("src/export.ts", 11)]);
    const total = scorer.summarise([a]).total;
    assert.deepStrictEqual([total.tp, total.fp, total.fn], [1, 1, 2]);
    assert.strictEqual(total.precision, 0.5);
  });
});
