#!/usr/bin/env node
/**
 * `npm test`: builds, runs every mocha suite (unit, rules, CLI, LSP), then the real-VS-Code suite
 * when its tools are set up (.ci/vscode-setup.sh), and ends with one line "N passed, N failed"
 * totalling every suite, so a run that executed nothing is visible.
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
  const files = suites.flatMap((s) => collect(path.join(out, s)));
  let { passed, failed } = files.length ? await runMocha(files) : { passed: 0, failed: 0 };
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
