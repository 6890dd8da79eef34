/**
 * Every quick fix on every rule fixture: the result parses, adds no compiler error, removes the
 * finding it was for (or, for skeletons, that part of it), and applying the fixes again changes nothing.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeProject, RULES } from "privacy-review";
import { applyEdits } from "privacy-review/internal/engine/fixes/edits";
import { FixEngine } from "privacy-review/internal/engine/fixes/fixes";
import { applySafeFixes, parseErrors } from "privacy-review/internal/engine/fixes/applyFixes";
import { newErrors } from "../util/compile";
import { RULES as RULES_DIR } from "../util/paths";

/** A rule's fixtures, without the sub-projects that test configurations (their own privacy-review.json). */
function copyFixtures(id: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pr-fix-${id}-`));
  const from = path.join(RULES_DIR, id, "fixtures");
  const subProject = (src: string): boolean =>
    src !== from && fs.statSync(src).isDirectory() && fs.existsSync(path.join(src, "privacy-review.json"));
  fs.cpSync(from, dir, { recursive: true, filter: (src) => !subProject(src) });
  return dir;
}

describe("quick fixes", function () {
  // Each fix is type-checked and the rule's whole fixture folder analysed again with it applied:
  // unencrypted-patient-write has the most fixtures (about a minute on an idle 2-core machine).
  this.timeout(600_000);
  for (const rule of RULES) {
    describe(rule.id, () => {
      let dir: string;
      before(() => {
        dir = copyFixtures(rule.id);
      });
      after(() => fs.rmSync(dir, { recursive: true, force: true }));

      it("each fix parses, compiles and removes its finding", () => {
        const res = analyzeProject({ root: dir, rules: [rule.id] });
        const engine = new FixEngine(res.analyzer);
        let tried = 0;
        for (const f of res.findings) {
          for (const fix of engine.fixesFor(f)) {
            tried++;
            const files = [...new Set(fix.edits.map((e) => e.file))];
            for (const file of files) {
              const before = fs.readFileSync(file, "utf8");
              const after = applyEdits(
                before,
                fix.edits.filter((e) => e.file === file),
              );
              assert.ok(
                parseErrors(file, after) <= parseErrors(file, before),
                `${fix.title} keeps ${path.basename(file)} parsable`,
              );
              assert.deepStrictEqual(
                newErrors(file, before, after),
                [],
                `${fix.title} adds no compiler error in ${path.basename(file)}`,
              );
            }
            // Re-analyse with the fix applied: the finding is gone (or at least changed).
            const fixedDir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-fixed-"));
            try {
              fs.cpSync(dir, fixedDir, { recursive: true });
              for (const file of files) {
                const target = path.join(fixedDir, path.relative(dir, file));
                fs.writeFileSync(
                  target,
                  applyEdits(
                    fs.readFileSync(file, "utf8"),
                    fix.edits.filter((e) => e.file === file),
                  ),
                );
              }
              const again = analyzeProject({ root: fixedDir, rules: [rule.id] });
              const key = (
                g: { ruleId: string; message: string; location: { file: string } },
                root: string,
              ): string => `${g.ruleId}|${path.relative(root, g.location.file)}|${g.message}`;
              const before = res.findings.filter((g) => key(g, dir) === key(f, dir)).length;
              const afterCount = again.findings.filter((g) => key(g, fixedDir) === key(f, dir)).length;
              assert.ok(
                afterCount < before,
                `"${fix.title}" removes "${f.message}" (${path.basename(f.location.file)}:${f.location.start.line + 1})`,
              );
            } finally {
              fs.rmSync(fixedDir, { recursive: true, force: true });
            }
          }
        }
        if (
          [
            "plaintext-transfer",
            "hardcoded-credentials",
            "anonymous-access",
            "no-delete-after-transfer",
            "unencrypted-patient-write",
            "unfiltered-extraction",
          ].includes(rule.id)
        ) {
          assert.ok(tried > 0, "the rule offers at least one fix on its fixtures");
        }
      });

      it("applying the safe fixes is idempotent", () => {
        const res = analyzeProject({ root: dir, rules: [rule.id] });
        const first = applySafeFixes(res.analyzer, res.findings, [rule.id]);
        const second = applySafeFixes(res.analyzer, first.findings, [rule.id]);
        assert.strictEqual(
          second.changed.size,
          0,
          `second pass changed ${[...second.changed.keys()].map((f) => path.basename(f)).join(", ")}`,
        );
      });
    });
  }
});

describe("scan --fix", function () {
  this.timeout(60_000);
  it("writes fixed files atomically and leaves unfixable ones untouched", () => {
    const { spawnSync } = require("child_process") as typeof import("child_process");
    const { CLI } = require("../util/paths") as typeof import("../util/paths");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-clifix-"));
    try {
      fs.writeFileSync(path.join(dir, "a.ts"), `export const DROP = "ftp://ftp.partner.example/in";\n`);
      fs.writeFileSync(path.join(dir, "b.ts"), `export const OK = 1;\n`);
      const dry = spawnSync(process.execPath, [CLI, "scan", dir, "--fix-dry-run"], { encoding: "utf8" });
      assert.match(
        dry.stdout,
        /-export const DROP = "ftp:\/\/ftp\.partner\.example\/in";\n\+export const DROP = "ftps:\/\/ftp\.partner\.example\/in";/,
      );
      assert.strictEqual(
        fs.readFileSync(path.join(dir, "a.ts"), "utf8"),
        `export const DROP = "ftp://ftp.partner.example/in";\n`,
        "dry run writes nothing",
      );
      const run = spawnSync(process.execPath, [CLI, "scan", dir, "--fix"], { encoding: "utf8" });
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.strictEqual(
        fs.readFileSync(path.join(dir, "a.ts"), "utf8"),
        `export const DROP = "ftps://ftp.partner.example/in";\n`,
      );
      assert.deepStrictEqual(fs.readdirSync(dir).sort(), ["a.ts", "b.ts"], "no temp file left");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
