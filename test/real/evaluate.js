#!/usr/bin/env node
/**
 * Scores privacy-review against the line-level labels of real public repositories
 * (test/real/{dev,heldout,heldout2}/labels.json). Not part of `npm test`: the repositories come from the
 * local mirrors of the search tool (/work/.mirror), which CI does not have.
 *
 *   node test/real/evaluate.js [--set dev|heldout|heldout2|all] [--tool <dir>] [--json <out>] [--verbose]
 *                              [--with-tests] [--mirror-root <dir>] [--real-root <dir>]
 *                              [--repo <owner/name>] [--labels <file>]
 *
 * For each repository of the set: materialise the labelled commit under
 * <real-root>/<owner+name>@<short sha> (from <mirror-root>/<owner+name>/repo when missing), run
 * `node <tool>/server/out/cli/main.js scan <checkout> --format json --fail-on none`, keep the
 * error and warning findings (and the notes that a label of level "note" asks for), match them to
 * the labels by file, rule and line, and print TP/FP/FN, precision and recall per rule, per family
 * and in total. Matching rules: README.md next to this file.
 */
"use strict";

const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const HERE = __dirname;
const SETS = ["dev", "heldout", "heldout2"];
const SCAN_TIMEOUT_MS = 30 * 60 * 1000;
const TEST_PATH = /(^|\/)(tests?|__tests__|__mocks__|spec|fixtures|e2e)\/|\.(test|spec|e2e)\.[cm]?[jt]sx?$/;

function usage(message) {
  if (message) console.error(`evaluate: ${message}`);
  console.error(
    "usage: node test/real/evaluate.js [--set dev|heldout|heldout2|all] [--tool <dir>] [--json <out>] [--verbose]\n" +
      "                                  [--with-tests] [--mirror-root <dir>] [--real-root <dir>] [--repo <owner/name>]\n" +
      "                                  [--labels <file>]",
  );
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    set: "dev",
    tool: path.resolve(HERE, "..", ".."),
    json: null,
    verbose: false,
    withTests: false,
    mirrorRoot: "/work/.mirror",
    realRoot: "/work/real",
    repo: null,
    labels: null,
  };
  const valued = {
    "--set": "set",
    "--tool": "tool",
    "--json": "json",
    "--mirror-root": "mirrorRoot",
    "--real-root": "realRoot",
    "--repo": "repo",
    "--labels": "labels",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--verbose") options.verbose = true;
    else if (arg === "--with-tests") options.withTests = true;
    else if (arg === "-h" || arg === "--help") usage();
    else if (valued[arg]) {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      options[valued[arg]] = argv[++i];
    } else usage(`unknown argument ${arg}`);
  }
  if (![...SETS, "all"].includes(options.set)) usage(`--set must be dev, heldout, heldout2 or all`);
  const heldOutLabels = options.labels && /(^|[\\/])heldout\d*[\\/]/.test(path.resolve(options.labels));
  if (options.verbose && (options.set !== "dev" || heldOutLabels)) {
    usage("--verbose lists misses and false positives: refused for the held-out set (figures only)");
  }
  options.tool = path.resolve(options.tool);
  return options;
}

// ---------------------------------------------------------------------------------------------
// Labels

function loadLabels(set, override) {
  const file = override || path.join(HERE, set, "labels.json");
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  const data = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!Array.isArray(data.repos)) throw new Error(`${file}: "repos" must be an array`);
  for (const repo of data.repos) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(repo.repo || "")) throw new Error(`${file}: bad repo name ${repo.repo}`);
    if (!/^[0-9a-f]{40}$/.test(repo.commit || "")) throw new Error(`${file}: ${repo.repo}: bad commit`);
    for (const scoped of repo.files || []) {
      for (const label of scoped.labels || []) {
        if (!Number.isInteger(label.line) || !label.rule || !label.family) {
          throw new Error(`${file}: ${repo.repo} ${scoped.path}: a label needs line, rule and family`);
        }
      }
    }
  }
  return data.repos;
}

/** Every label, flattened, with the places a finding may match it: "file:line" keys. */
function labelTargets(repo) {
  const labels = [];
  for (const scoped of repo.files || []) {
    for (const label of scoped.labels || []) {
      const keys = new Set([`${scoped.path}:${label.line}`]);
      for (const alt of label.alt || []) {
        if (Number.isInteger(alt)) keys.add(`${scoped.path}:${alt}`);
        else if (typeof alt === "string" && /:\d+$/.test(alt)) keys.add(alt);
      }
      labels.push({ ...label, file: scoped.path, keys, level: label.level || "error" });
    }
  }
  return labels;
}

// ---------------------------------------------------------------------------------------------
// Checkouts

function mirrorGitDir(mirrorRoot, repoName) {
  const base = path.join(mirrorRoot, repoName.replace("/", "+"), "repo");
  if (fs.existsSync(path.join(base, ".git"))) return path.join(base, ".git");
  return fs.existsSync(base) ? base : null;
}

function git(gitDir, args, options = {}) {
  return spawnSync("git", [`--git-dir=${gitDir}`, ...args], { maxBuffer: 1 << 30, ...options });
}

/** Writes every blob of the commit that the mirror holds (large files may be absent). */
function materialise(gitDir, commit, target) {
  const tmp = `${target}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const tree = git(gitDir, ["ls-tree", "-r", "-z", commit]);
  if (tree.status !== 0) throw new Error(`git ls-tree failed: ${String(tree.stderr).trim()}`);
  const entries = [];
  for (const record of tree.stdout.toString("utf8").split("\0")) {
    if (!record) continue;
    const tab = record.indexOf("\t");
    const [mode, type, oid] = record.slice(0, tab).split(" ");
    if (type === "blob" && mode !== "120000") entries.push({ oid, file: record.slice(tab + 1) });
  }
  for (let start = 0; start < entries.length; start += 2000) {
    const chunk = entries.slice(start, start + 2000);
    const batch = git(gitDir, ["cat-file", "--batch"], { input: chunk.map((e) => e.oid).join("\n") + "\n" });
    const out = batch.stdout;
    let offset = 0;
    for (const entry of chunk) {
      const newline = out.indexOf(10, offset);
      if (newline < 0) break;
      const header = out.slice(offset, newline).toString("utf8").split(" ");
      offset = newline + 1;
      if (header[1] === "missing" || header.length < 3) continue;
      const size = Number(header[2]);
      const destination = path.join(tmp, entry.file);
      if (!path.resolve(destination).startsWith(path.resolve(tmp) + path.sep)) continue;
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.writeFileSync(destination, out.subarray(offset, offset + size));
      offset += size + 1;
    }
  }
  fs.renameSync(tmp, target);
}

function checkoutFor(repo, options) {
  const target = path.join(options.realRoot, `${repo.repo.replace("/", "+")}@${repo.commit.slice(0, 12)}`);
  if (fs.existsSync(target)) return { dir: target };
  const gitDir = mirrorGitDir(options.mirrorRoot, repo.repo);
  if (!gitDir)
    return { skipped: `no mirror at ${path.join(options.mirrorRoot, repo.repo.replace("/", "+"))}` };
  if (git(gitDir, ["cat-file", "-e", `${repo.commit}^{commit}`]).status !== 0) {
    return { skipped: `the mirror does not hold commit ${repo.commit.slice(0, 12)}` };
  }
  fs.mkdirSync(options.realRoot, { recursive: true });
  materialise(gitDir, repo.commit, target);
  return { dir: target };
}

// ---------------------------------------------------------------------------------------------
// Scanning

let includeTestsSupported = null;
function toolSupportsIncludeTests(cli) {
  if (includeTestsSupported === null) {
    const help = spawnSync(process.execPath, [cli, "scan", "--help"], { encoding: "utf8" });
    includeTestsSupported = /--include-tests\b/.test(`${help.stdout}${help.stderr}`);
  }
  return includeTestsSupported;
}

function scan(checkout, options) {
  const cli = path.join(options.tool, "server", "out", "cli", "main.js");
  const args = [cli, "scan", checkout, "--format", "json", "--fail-on", "none"];
  if (options.withTests && toolSupportsIncludeTests(cli)) args.push("--include-tests");
  const started = Date.now();
  const run = spawnSync(process.execPath, args, {
    cwd: checkout,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: SCAN_TIMEOUT_MS,
  });
  const seconds = (Date.now() - started) / 1000;
  const firstError = () =>
    String(run.stderr || run.error || "")
      .trim()
      .split("\n")[0] || "no output";
  if (run.error && run.error.code === "ETIMEDOUT")
    return { failed: `timed out after ${seconds.toFixed(0)} s`, seconds };
  if (run.status !== 0 && run.status !== 1) return { failed: `exit ${run.status}: ${firstError()}`, seconds };
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    return { failed: `exit ${run.status}, output is not JSON: ${firstError()}`, seconds };
  }
  if (!Array.isArray(report.findings)) return { failed: "JSON output has no findings array", seconds };
  const findings = report.findings
    .filter((f) => !f.suppressed)
    .map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      file: normaliseFile(f.file, checkout),
      line: f.line,
    }));
  return { findings, seconds };
}

function normaliseFile(file, checkout) {
  let rel = path.isAbsolute(file) ? path.relative(checkout, file) : file;
  rel = rel.split(path.sep).join("/");
  return rel.startsWith("./") ? rel.slice(2) : rel;
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Maximum bipartite matching (augmenting paths); edges prefer a label's own line. */
function maximumMatching(findings, labels, labelFilter) {
  const candidates = findings.map((finding) => {
    const key = `${finding.file}:${finding.line}`;
    const own = [];
    const alternative = [];
    labels.forEach((label, index) => {
      if (!labelFilter(label) || label.rule !== finding.rule || !label.keys.has(key)) return;
      if (label.file === finding.file && label.line === finding.line) own.push(index);
      else alternative.push(index);
    });
    return [...own, ...alternative];
  });
  const labelOwner = new Array(labels.length).fill(-1);
  const tryAssign = (findingIndex, seen) => {
    for (const labelIndex of candidates[findingIndex]) {
      if (seen.has(labelIndex)) continue;
      seen.add(labelIndex);
      if (labelOwner[labelIndex] < 0 || tryAssign(labelOwner[labelIndex], seen)) {
        labelOwner[labelIndex] = findingIndex;
        return true;
      }
    }
    return false;
  };
  findings.forEach((_, index) => tryAssign(index, new Set()));
  const findingLabel = new Array(findings.length).fill(-1);
  labelOwner.forEach((findingIndex, labelIndex) => {
    if (findingIndex >= 0) findingLabel[findingIndex] = labelIndex;
  });
  return findingLabel;
}

function okFamily(repo, finding) {
  const scoped = (repo.files || []).find((f) => f.path === finding.file);
  const ok = (scoped && scoped.ok) || [];
  const entry =
    ok.find((o) => o.line === finding.line && o.rule === finding.rule && o.family) ||
    ok.find((o) => o.line === finding.line && o.family);
  if (entry) return entry.family;
  return TEST_PATH.test(finding.file) ? "test-code" : "unlabelled";
}

function evaluateRepo(repo, findings) {
  const scopedFiles = new Set((repo.files || []).map((f) => f.path));
  const labels = labelTargets(repo);
  const wantsNote = new Set(labels.filter((l) => l.level === "note").flatMap((l) => [...l.keys]));
  const kept = findings.filter(
    (f) =>
      f.severity === "error" ||
      f.severity === "warning" ||
      (f.severity === "note" && wantsNote.has(`${f.file}:${f.line}`)),
  );
  // Mandatory labels first, so that an optional label never takes a finding a mandatory one needs.
  const mandatory = maximumMatching(kept, labels, (l) => !l.optional);
  const rest = kept.filter((_, i) => mandatory[i] < 0);
  const optional = maximumMatching(rest, labels, (l) => l.optional);
  const matchedLabels = new Map();
  kept.forEach((finding, i) => {
    if (mandatory[i] >= 0) matchedLabels.set(mandatory[i], finding);
  });
  const result = { tp: [], fn: [], fp: [], optionalHits: 0, outOfScope: 0, levelMismatch: 0 };
  labels.forEach((label, index) => {
    if (label.optional) return;
    const finding = matchedLabels.get(index);
    if (finding) {
      result.tp.push({ label, finding });
      const expected = label.level === "note" ? "note" : "error/warning";
      const got = finding.severity === "note" ? "note" : "error/warning";
      if (expected !== got) result.levelMismatch++;
    } else result.fn.push({ label });
  });
  rest.forEach((finding, i) => {
    if (optional[i] >= 0) result.optionalHits++;
    else if (finding.severity === "note") return;
    else if (scopedFiles.has(finding.file)) result.fp.push({ finding, family: okFamily(repo, finding) });
    else result.outOfScope++;
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Reporting

function ratio(numerator, denominator) {
  return denominator === 0 ? null : numerator / denominator;
}

function percent(value) {
  return value === null ? "   -  " : `${(100 * value).toFixed(1).padStart(5)}%`;
}

function tally(rows, keyOf, kind, into) {
  for (const row of rows) {
    const key = keyOf(row);
    if (!into.has(key)) into.set(key, { tp: 0, fp: 0, fn: 0 });
    into.get(key)[kind]++;
  }
}

function summarise(results) {
  const byRule = new Map();
  const byFamily = new Map();
  const bySource = new Map();
  const total = { tp: 0, fp: 0, fn: 0, optionalHits: 0, outOfScope: 0, levelMismatch: 0 };
  for (const r of results) {
    tally(r.tp, (x) => x.label.rule, "tp", byRule);
    tally(r.fn, (x) => x.label.rule, "fn", byRule);
    tally(r.fp, (x) => x.finding.rule, "fp", byRule);
    tally(r.tp, (x) => x.label.family, "tp", byFamily);
    tally(r.fn, (x) => x.label.family, "fn", byFamily);
    tally(r.fp, (x) => `${x.family} (noise)`, "fp", byFamily);
    tally(
      r.tp.filter((x) => x.label.source),
      (x) => x.label.source,
      "tp",
      bySource,
    );
    tally(
      r.fn.filter((x) => x.label.source),
      (x) => x.label.source,
      "fn",
      bySource,
    );
    total.tp += r.tp.length;
    total.fp += r.fp.length;
    total.fn += r.fn.length;
    total.optionalHits += r.optionalHits;
    total.outOfScope += r.outOfScope;
    total.levelMismatch += r.levelMismatch;
  }
  const withRates = (m) =>
    Object.fromEntries(
      [...m.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([k, v]) => [
          k,
          { ...v, precision: ratio(v.tp, v.tp + v.fp), recall: ratio(v.tp, v.tp + v.fn) },
        ]),
    );
  return {
    total: {
      ...total,
      precision: ratio(total.tp, total.tp + total.fp),
      recall: ratio(total.tp, total.tp + total.fn),
    },
    byRule: withRates(byRule),
    byFamily: withRates(byFamily),
    bySource: withRates(bySource),
  };
}

function printTable(title, rows) {
  const names = Object.keys(rows);
  if (names.length === 0) return;
  const width = Math.max(title.length, ...names.map((n) => n.length));
  console.log(`\n${title.padEnd(width)}    TP    FP    FN  precision  recall`);
  for (const name of names) {
    const r = rows[name];
    console.log(
      `${name.padEnd(width)}  ${String(r.tp).padStart(4)}  ${String(r.fp).padStart(4)}  ${String(r.fn).padStart(4)}` +
        `     ${percent(r.precision)}  ${percent(r.recall)}`,
    );
  }
}

function runSet(set, options) {
  const repos = loadLabels(set, options.labels).filter((r) => !options.repo || r.repo === options.repo);
  console.log(`\n== ${set}: ${repos.length} repositories, tool ${options.tool}`);
  const results = [];
  const perRepo = [];
  for (const repo of repos) {
    const labelCount = labelTargets(repo).filter((l) => !l.optional).length;
    const checkout = checkoutFor(repo, options);
    if (checkout.skipped) {
      console.log(`skip  ${repo.repo}: ${checkout.skipped}`);
      perRepo.push({ repo: repo.repo, skipped: checkout.skipped, labels: labelCount });
      continue;
    }
    const scanned = scan(checkout.dir, options);
    if (scanned.failed) {
      console.log(
        `FAIL  ${repo.repo}: scan failed (${scanned.failed}); its ${labelCount} labels count as misses`,
      );
      const failed = {
        tp: [],
        fp: [],
        fn: labelTargets(repo)
          .filter((l) => !l.optional)
          .map((label) => ({ label })),
      };
      results.push({ ...failed, optionalHits: 0, outOfScope: 0, levelMismatch: 0 });
      perRepo.push({ repo: repo.repo, failed: scanned.failed, labels: labelCount });
      continue;
    }
    const result = evaluateRepo(repo, scanned.findings);
    results.push(result);
    perRepo.push({
      repo: repo.repo,
      labels: labelCount,
      tp: result.tp.length,
      fp: result.fp.length,
      fn: result.fn.length,
      seconds: Number(scanned.seconds.toFixed(1)),
    });
    console.log(
      `ok    ${repo.repo}@${repo.commit.slice(0, 12)}: TP ${result.tp.length}  FP ${result.fp.length}` +
        `  FN ${result.fn.length}  (${scanned.seconds.toFixed(1)} s)`,
    );
    if (options.verbose) {
      for (const { label } of result.fn) {
        console.log(
          `      miss  ${label.rule}  ${label.file}:${label.line}  [${label.family}] ${label.why || ""}`,
        );
      }
      for (const { finding, family } of result.fp) {
        console.log(`      FP    ${finding.rule}  ${finding.file}:${finding.line}  [${family}]`);
      }
    }
  }
  const summary = summarise(results);
  printTable("rule", summary.byRule);
  printTable("family", summary.byFamily);
  printTable("source", summary.bySource);
  const t = summary.total;
  console.log(
    `\ntotal ${set}: TP ${t.tp}  FP ${t.fp}  FN ${t.fn}  precision ${percent(t.precision).trim()}` +
      `  recall ${percent(t.recall).trim()}  (optional labels hit: ${t.optionalHits}; findings outside` +
      ` labelled files: ${t.outOfScope}; level mismatches: ${t.levelMismatch})`,
  );
  return { set, summary, repos: perRepo };
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const cli = path.join(options.tool, "server", "out", "cli", "main.js");
  if (!fs.existsSync(cli)) {
    console.error(`evaluate: ${cli} does not exist: build the tool first (npm ci, or npx tsc -b)`);
    process.exit(2);
  }
  const sets = options.set === "all" ? SETS : [options.set];
  const report = { tool: options.tool, date: new Date().toISOString(), sets: [] };
  for (const set of sets) report.sets.push(runSet(set, options));
  if (options.json) {
    fs.writeFileSync(options.json, JSON.stringify(report, null, 2) + "\n");
    console.log(`\nwrote ${options.json}`);
  }
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(`evaluate: ${error.message}`);
    process.exit(2);
  }
}

module.exports = { evaluateRepo, labelTargets, maximumMatching, summarise };
