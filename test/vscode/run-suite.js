#!/usr/bin/env node
"use strict";
/**
 * Called by `npm test`: makes sure the offline VS Code tools are installed (.ci/vscode-setup.sh,
 * idempotent), runs the real-VS-Code suite, and prints its "VSCODE-E2E: N passed, N failed" line.
 */
const cp = require("child_process");
const fs = require("fs");
const path = require("path");

const REPO = path.resolve(__dirname, "..", "..");
const tools = path.join(REPO, ".vscode-test");

function setup() {
  if (
    fs.existsSync(path.join(tools, "code-server", ".installed-ok")) &&
    fs.existsSync(path.join(tools, "node24")) &&
    fs.existsSync("/usr/bin/chromium")
  )
    return true;
  const r = cp.spawnSync("bash", [path.join(REPO, ".ci", "vscode-setup.sh")], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  return r.status === 0;
}

if (!setup()) {
  console.log("real VS Code suite: the offline tools could not be installed (.ci/vscode-setup.sh failed)");
  console.log("VSCODE-E2E: 0 passed, 1 failed");
  process.exit(1);
}
const r = cp.spawnSync(process.execPath, [path.join(__dirname, "run.js")], {
  cwd: REPO,
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
  timeout: 10 * 60 * 1000,
});
process.stdout.write(r.stdout || "");
if (!/VSCODE-E2E: \d+ passed, \d+ failed/.test(r.stdout || "")) console.log("VSCODE-E2E: 0 passed, 1 failed");
process.exit(r.status === 0 ? 0 : 1);
