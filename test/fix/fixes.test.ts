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
import { FixEngine, RULES_WITH_SAFE_FIXES } from "privacy-review/internal/engine/fixes/fixes";
import { applySafeFixes, parseErrors } from "privacy-review/internal/engine/fixes/applyFixes";
import { compileErrorsOfEach, newErrors } from "../util/compile";
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
  // One analysis per rule's fixture folder: each fix is applied in memory, its file analysed
  // again in that workspace, and the text put back; the type checks share the parsed libraries.
  this.timeout(180_000);
  for (const rule of RULES) {
    describe(rule.id, () => {
      let dir: string;
      let res: ReturnType<typeof analyzeProject>;
      before(() => {
        dir = copyFixtures(rule.id);
        res = analyzeProject({ root: dir, rules: [rule.id] });
      });
      after(() => fs.rmSync(dir, { recursive: true, force: true }));

      it("offers a safe fix only if the rule is listed as having safe fixes (safeFixFor skips the others)", () => {
        const engine = new FixEngine(res.analyzer);
        const safe = res.findings.filter((f) => engine.fixesFor(f).some((fix) => fix.safe));
        if (!RULES_WITH_SAFE_FIXES.has(rule.id))
          assert.deepStrictEqual(
            safe.map((f) => f.message),
            [],
          );
        for (const f of safe) assert.ok(engine.safeFixFor(f)?.safe, `${f.ruleId}: ${f.message}`);
      });

      it("each fix parses, compiles and removes its finding", () => {
        const ws = res.analyzer.ws;
        const engine = new FixEngine(res.analyzer);
        // Every fix is built on the text as it is on disk, before any is tried.
        const cases = res.findings.flatMap((f) => engine.fixesFor(f).map((fix) => ({ f, fix })));
        // Type-check every fixed text and its original in one program (the cache answers below).
        compileErrorsOfEach(
          cases.flatMap(({ fix }) =>
            [...new Set(fix.edits.map((e) => e.file))].flatMap((file) => {
              const before = fs.readFileSync(file, "utf8");
              const after = applyEdits(
                before,
                fix.edits.filter((e) => e.file === file),
              );
              return [
                { file, text: before },
                { file, text: after },
              ];
            }),
          ),
        );
        const key = (g: { ruleId: string; message: string; location: { file: string } }): string =>
          `${g.ruleId}|${g.location.file}|${g.message}`;
        for (const { f, fix } of cases) {
          const files = [...new Set([f.location.file, ...fix.edits.map((e) => e.file)])];
          const originals = new Map(files.map((file) => [file, fs.readFileSync(file, "utf8")]));
          for (const file of files) {
            const before = originals.get(file)!;
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
            ws.setText(file, after);
          }
          // Analysed again with the fix applied: the finding is gone (or at least changed).
          let afterCount: number;
          try {
            const fixed = files.map((file) => ws.get(file)!);
            res.analyzer.invalidate(fixed);
            const again = res.analyzer.run({ rules: [rule.id], files: fixed });
            afterCount = again.findings.filter((g) => key(g) === key(f)).length;
          } finally {
            for (const [file, text] of originals) ws.setText(file, text);
            res.analyzer.invalidate(files.map((file) => ws.get(file)!));
          }
          const beforeCount = res.findings.filter((g) => key(g) === key(f)).length;
          assert.ok(
            afterCount < beforeCount,
            `"${fix.title}" removes "${f.message}" (${path.basename(f.location.file)}:${f.location.start.line + 1})`,
          );
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
          assert.ok(cases.length > 0, "the rule offers at least one fix on its fixtures");
        }
      });

      it("applying the safe fixes is idempotent", () => {
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
