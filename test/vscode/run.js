#!/usr/bin/env node
/* eslint-disable no-console */
"use strict";
/**
 * Runs an extension-host test suite in a real VS Code (code-server + headless Chromium) through
 * @vscode/test-electron's runTests with vscodeExecutablePath = test/vscode/shim. Offline.
 *
 *   node test/vscode/run.js [--extension DIR] [--tests FILE] [--workspace DIR] [--setup] [-- launchArgs…]
 *
 * Defaults (each also settable by env):
 *   --extension  $VSCODE_E2E_EXTENSION  or the repo root
 *   --tests      $VSCODE_E2E_TESTS      or test/vscode/suite/index.js   (exports run(): Promise<void>)
 *   --workspace  $VSCODE_E2E_WORKSPACE  or test/vscode/workspace if it exists, else an empty window
 *   --setup      run .ci/vscode-setup.sh first (fast when already set up)
 *   --keep-extensions  do not pass --disable-extensions (other/built-in extensions stay enabled)
 *   --no-copy-workspace  open the workspace folder in place; by default a folder workspace is
 *                copied to a temp dir per run, so saved edits never touch the fixtures
 *
 * Programmatic use: const { runVSCodeTests } = require('./test/vscode/run.js');
 *   const code = await runVSCodeTests({ extensionDevelopmentPath, extensionTestsPath, workspace });
 */
const cp = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const REPO = path.resolve(__dirname, "..", "..");
const SHIM = path.join(__dirname, "shim");

/**
 * @param {object} o
 * @param {string} [o.extensionDevelopmentPath]
 * @param {string} [o.extensionTestsPath]
 * @param {string} [o.workspace]          folder (or .code-workspace file) to open
 * @param {string[]} [o.launchArgs]       extra args passed to the shim
 * @param {boolean} [o.disableExtensions] default true
 * @param {boolean} [o.copyWorkspace]     default true: open a temp copy of a folder workspace
 * @param {Record<string,string>} [o.extensionTestsEnv] extra env for the shim, code-server and the extension host
 * @returns {Promise<number>} the suite's exit code (0 = all passed); never rejects for a failed suite
 */
async function runVSCodeTests(o = {}) {
  const { runTests, TestRunFailedError } = require("@vscode/test-electron");
  const extensionDevelopmentPath = path.resolve(
    o.extensionDevelopmentPath || process.env.VSCODE_E2E_EXTENSION || REPO,
  );
  const extensionTestsPath = path.resolve(
    o.extensionTestsPath || process.env.VSCODE_E2E_TESTS || path.join(__dirname, "suite", "index.js"),
  );
  let workspace = o.workspace || process.env.VSCODE_E2E_WORKSPACE;
  if (!workspace && fs.existsSync(path.join(__dirname, "workspace")))
    workspace = path.join(__dirname, "workspace");
  if (workspace) workspace = path.resolve(workspace);

  for (const [what, p] of [
    ["extension", path.join(extensionDevelopmentPath, "package.json")],
    ["tests", extensionTestsPath],
    ["workspace", workspace],
  ]) {
    if (p && !fs.existsSync(p)) throw new Error(`${what}: ${p} does not exist`);
  }

  let copy;
  if (workspace && o.copyWorkspace !== false && fs.statSync(workspace).isDirectory()) {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), "vscode-e2e-ws-"));
    const dest = path.join(copy, path.basename(workspace)); // keep the folder's name (window title, tests)
    fs.cpSync(workspace, dest, { recursive: true });
    workspace = dest;
  }

  const launchArgs = [];
  if (workspace) launchArgs.push(workspace);
  if (o.disableExtensions !== false) launchArgs.push("--disable-extensions");
  launchArgs.push(...(o.launchArgs || []));

  try {
    return await runTests({
      vscodeExecutablePath: SHIM,
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs,
      extensionTestsEnv: o.extensionTestsEnv,
      // The shim makes its own throw-away user-data and extensions dirs; do not create
      // <cwd>/.vscode-test/user-data for nothing.
      reuseMachineInstall: true,
    });
  } catch (e) {
    if (e instanceof TestRunFailedError) return e.code ?? 1;
    throw e;
  } finally {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  }
}

function parseCli(argv) {
  const o = { launchArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--") {
      o.launchArgs.push(...argv.slice(i + 1));
      break;
    } else if (a === "--extension") o.extensionDevelopmentPath = next();
    else if (a === "--tests") o.extensionTestsPath = next();
    else if (a === "--workspace") o.workspace = next();
    else if (a === "--setup") o.setup = true;
    else if (a === "--keep-extensions") o.disableExtensions = false;
    else if (a === "--no-copy-workspace") o.copyWorkspace = false;
    else if (a === "-h" || a === "--help") {
      o.help = true;
    } else throw new Error(`unknown argument ${a} (see --help)`);
  }
  return o;
}

if (require.main === module) {
  (async () => {
    let o;
    try {
      o = parseCli(process.argv.slice(2));
    } catch (e) {
      console.error(String(e.message));
      process.exit(2);
    }
    if (o.help) {
      console.log(
        fs
          .readFileSync(__filename, "utf8")
          .split("\n")
          .slice(4, 21)
          .map((l) => l.replace(/^ \*\/?\s?/, ""))
          .join("\n"),
      );
      return;
    }
    if (o.setup) {
      const r = cp.spawnSync("bash", [path.join(REPO, ".ci", "vscode-setup.sh")], { stdio: "inherit" });
      if (r.status !== 0) process.exit(r.status || 1);
    }
    const t0 = Date.now();
    const code = await runVSCodeTests(o);
    console.log(`[run] real VS Code suite exited ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    process.exit(code);
  })().catch((e) => {
    console.error(`[run] ERROR: ${(e && e.message) || e}`);
    process.exit(1);
  });
}

module.exports = { runVSCodeTests, SHIM };
