#!/usr/bin/env node
/**
 * Seeded random sample of reported findings, for judging precision by hand on real repositories.
 *
 *   node test/real/sample.js [--seed N] [--n 30] [--picks-out FILE] [--recheck FILE] NAME=SCAN.json ...
 *
 * SCAN.json is the output of `privacy-review scan <repo> --format json --fail-on none`. Only findings
 * at error or warning level that are not suppressed are sampled (what a user is asked to act on).
 * Without --seed a fresh seed is drawn (crypto) and printed, so the draw can be repeated exactly.
 * The PRNG is mulberry32; each repository gets its own stream (seed XOR a hash of NAME), and the
 * picks are a partial Fisher-Yates shuffle of the findings in the scan's own (sorted) order.
 *
 * It also counts error/warning findings in test code per repository, with the issue's definition of
 * test code (folders test/ tests/ __tests__/ spec/ __mocks__/ fixtures/ e2e/, files *.test.* *.spec.*
 * *.e2e.*), written here independently of the tool's own matcher so it can disagree with it.
 *
 * --recheck FILE takes a picks file written earlier with --picks-out and says, for each earlier pick,
 * whether the same finding (rule + fingerprint, else rule + file + line) is still reported.
 * The repositories themselves are never committed; only this script and the judged tables are.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");

function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashName(name) {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

const TEST_DIR = /(^|\/)(test|tests|__tests__|spec|__mocks__|fixtures|e2e)\//;
const TEST_FILE = /\.(test|spec|e2e)\.[^/]+$/;
function isTestCode(file) {
  return TEST_DIR.test(file) || TEST_FILE.test(file);
}

function parseArgs(argv) {
  const o = { n: 30, scans: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--seed") o.seed = Number(argv[++i]) >>> 0;
    else if (a === "--n") o.n = Number(argv[++i]);
    else if (a === "--picks-out") o.picksOut = argv[++i];
    else if (a === "--recheck") o.recheck = argv[++i];
    else if (a.includes("=")) {
      const [name, file] = a.split("=");
      o.scans.push({ name, file });
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!o.scans.length) throw new Error("give at least one NAME=SCAN.json");
  if (o.seed === undefined || Number.isNaN(o.seed)) o.seed = crypto.randomBytes(4).readUInt32LE(0);
  return o;
}

function reported(scan) {
  return scan.findings.filter((f) => (f.severity === "error" || f.severity === "warning") && !f.suppressed);
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const out = [];
  const picks = { seed: o.seed, n: o.n, repos: {} };
  out.push(`seed: ${o.seed} (mulberry32, stream per repo = seed ^ fnv1a(name)); n = ${o.n}`);
  const earlier = o.recheck ? JSON.parse(fs.readFileSync(o.recheck, "utf8")) : undefined;
  for (const { name, file } of o.scans) {
    const scan = JSON.parse(fs.readFileSync(file, "utf8"));
    const all = reported(scan);
    const byRule = {};
    let inTests = 0;
    const testsByRule = {};
    for (const f of all) {
      byRule[f.ruleId] = (byRule[f.ruleId] || 0) + 1;
      if (isTestCode(f.file)) {
        inTests++;
        testsByRule[f.ruleId] = (testsByRule[f.ruleId] || 0) + 1;
      }
    }
    out.push("", `## ${name}: ${all.length} error/warning findings, ${inTests} in test code`);
    for (const r of Object.keys(byRule).sort())
      out.push(`- ${r}: ${byRule[r]} (in test code: ${testsByRule[r] || 0})`);
    const notes = scan.findings.filter((f) => f.severity === "note").length;
    out.push(`- note-level findings (not sampled): ${notes}`);
    const rand = mulberry32((o.seed ^ hashName(name)) >>> 0);
    const idx = all.map((_, i) => i);
    const k = Math.min(o.n, idx.length);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(rand() * (idx.length - i));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    const chosen = idx.slice(0, k).map((i) => all[i]);
    picks.repos[name] = chosen.map((f) => ({
      ruleId: f.ruleId,
      file: f.file,
      line: f.line,
      fingerprint: f.fingerprint,
      message: f.message,
    }));
    out.push("", "| # | rule | location | message |", "|---|---|---|---|");
    chosen.forEach((f, i) =>
      out.push(`| ${i + 1} | ${f.ruleId} | ${f.file}:${f.line} | ${f.message.replace(/\|/g, "\\|")} |`),
    );
    if (earlier && earlier.repos[name]) {
      out.push("", `### earlier picks (seed ${earlier.seed}) still reported in ${name}`, "");
      earlier.repos[name].forEach((p, i) => {
        const same =
          all.find((f) => f.ruleId === p.ruleId && f.fingerprint === p.fingerprint) ||
          all.find((f) => f.ruleId === p.ruleId && f.file === p.file && f.line === p.line);
        out.push(
          `- ${i + 1}. ${p.ruleId} ${p.file}:${p.line}: ${same ? `still reported (${same.severity})` : "gone"}`,
        );
      });
    }
  }
  if (o.picksOut) fs.writeFileSync(o.picksOut, JSON.stringify(picks, null, 2) + "\n");
  process.stdout.write(out.join("\n") + "\n");
}

main();
