"use strict";
/**
 * Helpers for a suite running inside the extension host under test/vscode/shim.
 * They talk to the shim over the HTTP control channel in $VSCODE_SHIM_CONTROL (127.0.0.1) and
 * resolve only once the shim has done the job, so the test continues deterministically.
 * Outside the shim (e.g. a desktop VS Code) every helper is a no-op resolving to undefined.
 *
 *   const shim = require('/abs/path/to/test/vscode/shim-client.js');
 *   await shim.screenshot('diagnostic-squiggle');   // -> <repo>/test-artifacts/diagnostic-squiggle.png
 *   await shim.press('Control+Period');             // Quick Fix menu
 *   await shim.waitFor('.action-widget .monaco-list-row.action');
 *   await shim.click('text=sample.txt');
 */
const http = require("http");

const CONTROL = process.env.VSCODE_SHIM_CONTROL;

function available() {
  return !!CONTROL;
}

function call(route, body, timeoutMs = 30000) {
  if (!CONTROL) return Promise.resolve(undefined);
  const data = JSON.stringify(body || {});
  const url = new URL(route, CONTROL);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => {
          text += d;
        });
        res.on("end", () => {
          let json = {};
          try {
            json = text ? JSON.parse(text) : {};
          } catch {
            /* keep {} */
          }
          if (res.statusCode === 200) resolve(json);
          else reject(new Error(`shim ${route}: ${json.error || res.statusCode}`));
        });
      },
    );
    req.on("error", reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`shim ${route}: timed out after ${timeoutMs} ms`)));
    req.end(data);
  });
}

/**
 * Saves a PNG of the whole workbench as <artifacts>/<name>.png; resolves to its path once written.
 * The shim first waits two animation frames plus settleMs (default 400, or
 * $VSCODE_SHIM_SCREENSHOT_SETTLE_MS) so that decorations and throttled views are painted.
 */
async function screenshot(name, settleMs) {
  const r = await call("/screenshot", { name, settleMs });
  return r && r.file;
}
/** Presses a key or chord in the workbench (Playwright syntax: "Control+Period", "Escape"). */
async function press(key) {
  await call("/press", { key });
}
/** Types text into whatever has focus. */
async function type(text) {
  await call("/type", { text });
}
/** Clicks the first element matching a Playwright selector. */
async function click(selector, timeoutMs) {
  await call("/click", { selector, timeoutMs });
}
/** Waits for a Playwright selector to reach a state ('visible' by default). */
async function waitFor(selector, state, timeoutMs) {
  await call("/wait", { selector, state, timeoutMs }, (timeoutMs || 10000) + 5000);
}

module.exports = { available, screenshot, press, type, click, waitFor, call };
