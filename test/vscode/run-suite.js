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
// The suite runs the packaged extension: build the .vsix as `npm run package` does and unpack it
// the way VS Code installs one (its extension/ folder), then load that folder, not the repository.
const { buildVsix, extractVsix } = require(path.join(REPO, "test", "out", "util", "vsix.js"));
const packaged = fs.mkdtempSync(path.join(require("os").tmpdir(), "pr-vsix-e2e-"));
let extension;
try {
  const vsix = buildVsix(path.join(packaged, "privacy-review.vsix"));
  extractVsix(vsix, path.join(packaged, "installed"));
  extension = path.join(packaged, "installed", "extension");
} catch (e) {
  console.log(`real VS Code suite: packaging failed: ${e.message}`);
  console.log("VSCODE-E2E: 0 passed, 1 failed");
  process.exit(1);
}
const r = cp.spawnSync(process.execPath, [path.join(__dirname, "run.js"), "--extension", extension], {
  cwd: REPO,
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
  timeout: 10 * 60 * 1000,
  env: { ...process.env, PRIVACY_REVIEW_EXPECT_VSIX: extension },
});
fs.rmSync(packaged, { recursive: true, force: true });
process.stdout.write(r.stdout || "");
if (!/VSCODE-E2E: \d+ passed, \d+ failed/.test(r.stdout || "")) console.log("VSCODE-E2E: 0 passed, 1 failed");
process.exit(r.status === 0 ? 0 : 1);
