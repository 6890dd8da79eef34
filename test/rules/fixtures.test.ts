/**
 * semgrep-style fixture runner: each rule runs alone on rules/<id>/fixtures; the test fails on any
 * finding without a `ruleid:` line and any `ruleid:` line without a finding.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { analyzeProject, RULES as ENGINE_RULES } from "privacy-review";
import { compare, readExpectations } from "../util/annotations";
import { RULES } from "../util/paths";

export function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listSources(p));
    else if (/\.(ts|tsx|js|mjs|cjs|mts|cts)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe("rule fixtures (ruleid:/ok: annotations)", () => {
  for (const rule of ENGINE_RULES) {
    const dir = path.join(RULES, rule.id, "fixtures");
    it(`${rule.id}: flags every ruleid line and nothing else`, () => {
      // A fixture folder may carry its own privacy-review.json (instructions); else defaults.
      const res = analyzeProject({ root: dir, rules: [rule.id] });
      const files = listSources(dir);
      const findings = res.findings.map((f) => ({
        ruleId: f.ruleId,
        file: f.location.file,
        line: f.location.start.line,
        message: f.message,
      }));
      const cmp = compare(files, findings, new Set([rule.id]));
      const rel = (f: string): string => path.relative(dir, f);
      const problems = [
        ...cmp.falsePositives.map((x) => `unexpected finding ${rel(x.file)}:${x.line + 1}: ${x.message}`),
        ...cmp.falseNegatives.map((x) => `missed ${rel(x.file)}:${x.line + 1}`),
      ];
      assert.deepStrictEqual(problems, []);
      assert.ok(cmp.truePositives.length > 0, "the fixtures find something");
    });
    it(`${rule.id}: fixtures have both ruleid and ok cases`, () => {
      const exp = listSources(dir)
        .flatMap(readExpectations)
        .filter((e) => e.ruleId === rule.id);
      assert.ok(
        exp.some((e) => e.kind === "ruleid"),
        "at least one ruleid:",
      );
      assert.ok(
        exp.some((e) => e.kind === "ok"),
        "at least one ok:",
      );
    });
  }
});
