"use strict";
/** Mocha (tdd) inside the VS Code extension host; prints a "VSCODE-E2E: N passed, N failed" line. */
const path = require("path");
const Mocha = require(path.resolve(__dirname, "..", "..", "..", "node_modules", "mocha"));

exports.run = () =>
  new Promise((resolve, reject) => {
    const mocha = new Mocha({ ui: "tdd", color: false, timeout: 60000 });
    mocha.addFile(path.join(__dirname, "extension.test.js"));
    let passed = 0;
    let failed = 0;
    const runner = mocha.run((failures) => {
      console.log(`VSCODE-E2E: ${passed} passed, ${failed} failed`);
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on("pass", () => {
      passed++;
    });
    runner.on("fail", (t, err) => {
      failed++;
      console.log(`FAILED: ${t.fullTitle()}: ${err && err.message}`);
    });
  });
