/**
 * Scores the engine on an annotated folder (the corpus, the example, a rule's fixtures):
 *   node test/out/util/evaluate.js <folder> [--verbose]
 * Prints precision and recall per rule. A measuring tool, not a test.
 */
import * as fs from "fs";
import * as path from "path";
import { analyzeProject } from "privacy-review";
import { compare } from "./annotations";

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "node_modules") out.push(...listFiles(p));
    } else if (/\.(ts|tsx|js|mjs|cjs|mts|cts)$/.test(e.name)) out.push(p);
  }
  return out;
}

export function evaluate(folder: string, verbose: boolean): { tp: number; fp: number; fn: number } {
  const root = path.resolve(folder);
  const res = analyzeProject({ root });
  const files = listFiles(root);
  const findings = res.findings
    .filter((f) => !f.suppression)
    .map((f) => ({
      ruleId: f.ruleId,
      file: f.location.file,
      line: f.location.start.line,
      message: f.message,
    }));
  const cmp = compare(files, findings);
  const rules = new Set(
    [...cmp.truePositives, ...cmp.falsePositives, ...cmp.falseNegatives].map((x) => x.ruleId),
  );
  let tp = 0,
    fp = 0,
    fn = 0;
  for (const r of [...rules].sort()) {
    const t = cmp.truePositives.filter((x) => x.ruleId === r).length;
    const p = cmp.falsePositives.filter((x) => x.ruleId === r).length;
    const n = cmp.falseNegatives.filter((x) => x.ruleId === r).length;
    tp += t;
    fp += p;
    fn += n;
    console.log(
      `${r.padEnd(28)} TP ${String(t).padStart(3)}  FP ${String(p).padStart(3)}  FN ${String(n).padStart(3)}  precision ${(t / Math.max(1, t + p)).toFixed(2)}  recall ${(t / Math.max(1, t + n)).toFixed(2)}`,
    );
  }
  console.log(
    `${"total".padEnd(28)} TP ${String(tp).padStart(3)}  FP ${String(fp).padStart(3)}  FN ${String(fn).padStart(3)}  precision ${(tp / Math.max(1, tp + fp)).toFixed(2)}  recall ${(tp / Math.max(1, tp + fn)).toFixed(2)}  (${res.durationMs} ms)`,
  );
  if (verbose) {
    const rel = (f: string): string => path.relative(root, f);
    for (const x of cmp.falsePositives)
      console.log(
        `FP ${rel(x.file)}:${x.line + 1} ${x.ruleId}${x.markedOk ? " (marked ok)" : ""}: ${x.message}`,
      );
    for (const x of cmp.falseNegatives) console.log(`FN ${rel(x.file)}:${x.line + 1} ${x.ruleId}`);
    for (const n of res.notices)
      console.log(
        `notice ${rel(n.file)}${n.line !== undefined ? ":" + (n.line + 1) : ""} ${n.level}: ${n.message}`,
      );
  }
  return { tp, fp, fn };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  evaluate(args.find((a) => !a.startsWith("--")) ?? "test/corpus", args.includes("--verbose"));
}
