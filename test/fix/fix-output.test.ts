/**
 * Fix output, as typescript-eslint's `output:`: a fixture `<name>.ts` with a `<name>.ts.fixed` beside
 * it is scanned alone with its rule, the safe fixes are applied as `scan --fix` applies them, and
 * the result must be exactly the `.fixed` text. The `.fixed` files are written by hand (or checked
 * line by line when first generated), never rewritten by the test.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeProject, RULES } from "privacy-review";
import { applySafeFixes } from "privacy-review/internal/engine/fixes/applyFixes";
import { RULES as RULES_DIR } from "../util/paths";

/** Rules whose findings have a safe fix (`scan --fix` applies it): written here, not read from the engine. */
const RULES_WITH_SAFE_FIXES = [
  "anonymous-access",
  "hardcoded-credentials",
  "no-delete-after-transfer",
  "plaintext-transfer",
];

function fixedFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return fixedFiles(full);
    return entry.name.endsWith(".fixed") ? [full] : [];
  });
}

/** The text `scan --fix` leaves in `source` when it is scanned alone with `ruleId`. */
export function fixedText(ruleId: string, source: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pr-fix-output-"));
  try {
    const file = path.join(root, path.basename(source));
    fs.copyFileSync(source, file);
    const result = analyzeProject({ root, rules: [ruleId] });
    assert.ok(
      result.findings.some((finding) => finding.ruleId === ruleId),
      `${path.basename(source)} has ${ruleId} findings to fix`,
    );
    const run = applySafeFixes(result.analyzer, result.findings, [ruleId]);
    return run.changed.get(file)?.after ?? fs.readFileSync(file, "utf8");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe("fix output (<fixture>.ts.fixed is what scan --fix writes)", function () {
  this.timeout(120_000);
  for (const rule of RULES) {
    const outputs = fixedFiles(path.join(RULES_DIR, rule.id, "fixtures"));
    if (RULES_WITH_SAFE_FIXES.includes(rule.id))
      it(`${rule.id}: has a fixture with its fix output`, () => {
        assert.ok(outputs.length > 0, `a rules/${rule.id}/fixtures/<name>.ts.fixed`);
      });
    for (const output of outputs) {
      const source = output.slice(0, -".fixed".length);
      it(`${rule.id}: ${path.relative(RULES_DIR, source)} is fixed to exactly its .fixed text`, () => {
        assert.ok(fs.existsSync(source), `${path.basename(source)} beside ${path.basename(output)}`);
        const want = fs.readFileSync(output, "utf8");
        assert.notStrictEqual(
          want,
          fs.readFileSync(source, "utf8"),
          "the .fixed text differs from the fixture",
        );
        assert.strictEqual(fixedText(rule.id, source), want);
      });
    }
  }
});
