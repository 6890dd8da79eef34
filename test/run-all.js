#!/usr/bin/env node
/**
 * `npm test`: builds, runs the lint checks (eslint and `prettier --check`, one pass or fail each),
 * every mocha suite (unit, rules, CLI, LSP), then the real-VS-Code suite when its tools are set up
 * (.ci/vscode-setup.sh), and ends with one line "N passed, N failed" totalling every suite, so a run
 * that executed nothing is visible and a lint error fails CI. `node test/run-all.js lint` runs only
 * the lint checks.
 *
 * Both linters keep a cache in node_modules/.cache (gitignored, and emptied by `npm ci`, so CI
 * always lints every file). eslint's cache is keyed on each file's content: a type-aware finding
 * caused by a change in *another* file can be missed locally until the file itself changes; delete
 * node_modules/.cache/privacy-review to lint from scratch, as CI does.
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const Mocha = require("mocha");

const repo = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const only = args.find((a) => !a.startsWith("--"));

function build() {
  const r = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-b"], {
    cwd: repo,
    stdio: "inherit",
  });
  if (r.status !== 0) {
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}

const LINT_CACHE = path.join(repo, "node_modules", ".cache", "privacy-review");

/** The files `npm run format` formats (package.json's `format` script lists the same globs). */
const PRETTIER_GLOBS = ["server/src/**/*.ts", "client/src/**/*.ts", "test/**/*.{ts,js}"];

function binOf(pkg) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = require(manifestPath);
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin[pkg];
  return path.join(path.dirname(manifestPath), bin);
}

/** Runs each linter as a child process; each is one check, passed when it exits 0. */
function lint() {
  const checks = [
    {
      name: "eslint (npm run lint)",
      argv: [
        binOf("eslint"),
        "--max-warnings",
        "0",
        "--cache",
        "--cache-strategy",
        "content",
        "--cache-location",
        path.join(LINT_CACHE, "eslint") + path.sep,
      ],
    },
    {
      name: "prettier --check (npm run format:check)",
      argv: [
        binOf("prettier"),
        "--check",
        "--log-level",
        "warn",
        "--cache",
        "--cache-location",
        path.join(LINT_CACHE, "prettier"),
        ...PRETTIER_GLOBS,
      ],
    },
  ];
  let passed = 0,
    failed = 0;
  console.log("\n  lint");
  for (const check of checks) {
    const started = Date.now();
    const result = spawnSync(process.execPath, check.argv, { cwd: repo, stdio: "inherit" });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.status === 0) {
      passed++;
      console.log(`    ✔ ${check.name} (${seconds} s)`);
    } else {
      failed++;
      const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
      console.log(`    ✗ ${check.name} failed (${why}); the lines above name each file and rule`);
    }
  }
  return { passed, failed };
}

function collect(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...collect(p));
    else if (e.name.endsWith(".test.js")) out.push(p);
  }
  return out.sort();
}

function runMocha(files) {
  return new Promise((resolve) => {
    const mocha = new Mocha({ reporter: "spec", timeout: 20000 });
    files.forEach((f) => mocha.addFile(f));
    let passed = 0,
      failed = 0;
    const runner = mocha.run(() => resolve({ passed, failed }));
    runner.on("pass", () => passed++);
    runner.on("fail", () => failed++);
  });
}

(async () => {
  build();
  const out = path.join(repo, "test", "out");
  const suites = ["unit", "rules", "cli", "fix", "report", "lsp", "hardening"].filter(
    (s) => !only || only === s,
  );
  let passed = 0,
    failed = 0;
  if (!only || only === "lint") {
    const linted = lint();
    passed += linted.passed;
    failed += linted.failed;
  }
  const files = suites.flatMap((s) => collect(path.join(out, s)));
  if (files.length) {
    const tested = await runMocha(files);
    passed += tested.passed;
    failed += tested.failed;
  }
  if (!only || only === "vscode") {
    const e2e = path.join(repo, "test", "vscode", "run-suite.js");
    if (fs.existsSync(e2e)) {
      const r = spawnSync(process.execPath, [e2e], {
        cwd: repo,
        stdio: ["ignore", "pipe", "inherit"],
        encoding: "utf8",
        timeout: 15 * 60 * 1000,
      });
      process.stdout.write(r.stdout || "");
      const m = /VSCODE-E2E: (\d+) passed, (\d+) failed/.exec(r.stdout || "");
      if (m) {
        passed += Number(m[1]);
        failed += Number(m[2]);
      }
      if (!m || r.status !== 0) {
        failed += m ? 0 : 1;
        console.log(`real VS Code suite: ${m ? "failed" : "did not report results"} (exit ${r.status})`);
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed || !passed ? 1 : 0);
})();
