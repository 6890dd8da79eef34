/**
 * semgrep-style fixture runner: each rule runs alone on rules/<id>/fixtures; the test fails on any
 * finding without a `ruleid:` line and any `ruleid:` line without a finding.
 *
 * Fixtures are test code by nature, and users' test code is read but not checked by default. The
 * runner therefore opts in (`includeTests: true`) so that every fixture is judged whatever its
 * folder is called. A sub-folder with its own privacy-review.json is its own project, scanned with
 * exactly that configuration (no opt-in): that is how the test-code fixtures check the default.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { analyzeProject, loadConfig, RULES as ENGINE_RULES, ruleMeta } from "privacy-review";
import { compare, readExpectations } from "../util/annotations";
import { RULES } from "../util/paths";

export function listSources(dir: string, skip: string[] = []): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!skip.includes(p)) out.push(...listSources(p, skip));
    } else if (/\.(ts|tsx|js|mjs|cjs|mts|cts)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Sub-folders (below `dir`) that carry their own privacy-review.json: separate projects. */
export function subProjects(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const p = path.join(dir, e.name);
    if (fs.existsSync(path.join(p, "privacy-review.json"))) out.push(p);
    else out.push(...subProjects(p));
  }
  return out;
}

interface FixtureProject {
  root: string;
  files: string[];
  includeTests?: boolean;
  exclude: string[];
}

/** The fixture folder of a rule as projects: the folder itself (tests included) and its sub-projects. */
export function fixtureProjects(dir: string): FixtureProject[] {
  const subs = subProjects(dir);
  const rel = (p: string): string => path.relative(dir, p).split(path.sep).join("/");
  return [
    {
      root: dir,
      files: listSources(dir, subs),
      includeTests: true,
      exclude: subs.map((s) => `${rel(s)}/**`),
    },
    ...subs.map((s) => ({ root: s, files: listSources(s, subProjects(s)), exclude: [] })),
  ];
}

describe("rule fixtures (ruleid:/ok: annotations)", () => {
  for (const rule of ENGINE_RULES) {
    const dir = path.join(RULES, rule.id, "fixtures");
    it(`${rule.id}: flags every ruleid line and nothing else`, () => {
      // A fixture folder may carry its own privacy-review.json (instructions); else defaults.
      const problems: string[] = [];
      let found = 0;
      for (const project of fixtureProjects(dir)) {
        const loaded = loadConfig(RULES, project.root);
        const config = { ...loaded.config, exclude: [...(loaded.config.exclude ?? []), ...project.exclude] };
        const res = analyzeProject({
          root: project.root,
          rules: [rule.id],
          config,
          configFile: loaded.file,
          includeTests: project.includeTests,
        });
        const findings = res.findings.map((f) => ({
          ruleId: f.ruleId,
          file: f.location.file,
          line: f.location.start.line,
          message: f.message,
          messageId: f.messageId,
        }));
        const cmp = compare(project.files, findings, new Set([rule.id]));
        const rel = (f: string): string => path.relative(dir, f);
        problems.push(
          ...cmp.falsePositives.map((x) => `unexpected finding ${rel(x.file)}:${x.line + 1}: ${x.message}`),
          ...cmp.falseNegatives.map((x) => `missed ${rel(x.file)}:${x.line + 1}`),
          ...cmp.wrongMessages.map(
            (x) => `${rel(x.file)}:${x.line + 1}: messageId ${x.got.join(", ")}, annotated ${x.want}`,
          ),
        );
        found += cmp.truePositives.length;
      }
      assert.deepStrictEqual(problems, []);
      assert.ok(found > 0, "the fixtures find something");
    });
    it(`${rule.id}: every message in meta.json is asserted by a fixture, and only those`, () => {
      const declared = Object.keys(ruleMeta(rule.id).messages).sort();
      const asserted = new Set(
        listSources(dir)
          .flatMap(readExpectations)
          .filter((e) => e.ruleId === rule.id && e.kind === "ruleid" && e.messageId)
          .map((e) => e.messageId!),
      );
      assert.ok(declared.length > 0, "meta.json declares the rule's messages");
      assert.deepStrictEqual(
        declared.filter((id) => !asserted.has(id)),
        [],
        "a `ruleid: <id> messageId=<message>` fixture line for each message",
      );
      assert.deepStrictEqual(
        [...asserted].filter((id) => !declared.includes(id)),
        [],
        "annotations name only declared messages",
      );
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
