/**
 * Deep expression chains and deep nesting (issue 15): a file nested deeper than the rules can walk
 * is left out with one notice naming it, and every other file is still reported, in the text, SARIF
 * and record outputs. The hostile files are generated here, at the sizes of the red-team report.
 */
import * as assert from "assert";
import { sarifRun } from "../util/outputs";
import { FTP_ERROR, projectJanitor, runCli } from "../util/cli";

const DEEP = {
  // 20,000-term multi-line `a +` chain.
  "plus.ts": `export const s = a${" +\n a".repeat(20_000)};\n`,
  // A knex-style query with 1,000 chained calls.
  "chain.ts": `export const c = x${"\n.orWhere('a', 1)".repeat(1000)};\n`,
  // Objects nested 5,000 levels deep.
  "objects.ts": `export const o = ${"{\n a: ".repeat(5000)}1${"\n}".repeat(5000)};\n`,
};

describe("hardening: deep chains and nesting", function () {
  this.timeout(120_000);
  const projects = projectJanitor();
  after(projects.clean);

  it("scan: a notice for each deep file, the other file's finding kept (text and SARIF)", () => {
    const dir = projects.make({ ...DEEP, "neighbour.ts": FTP_ERROR });
    const text = runCli(["scan", ".", "--no-progress"], dir);
    assert.strictEqual(text.code, 1, text.err);
    assert.doesNotMatch(text.out + text.err, /internal error|Maximum call stack/);
    assert.match(text.out, /neighbour\.ts[\s\S]*plaintext-transfer/);
    for (const name of Object.keys(DEEP)) {
      assert.match(
        text.out + text.err,
        new RegExp(`${name.replace(".", "\\.")}: skipped: the code nests too deeply`),
      );
    }

    const sarif = runCli(["scan", ".", "--format", "sarif", "--no-progress"], dir);
    const run = sarifRun(sarif.out);
    assert.ok(
      (run.results ?? []).some(
        (r) =>
          r.ruleId === "plaintext-transfer" &&
          r.locations?.[0]?.physicalLocation?.artifactLocation?.uri?.endsWith("neighbour.ts"),
      ),
      sarif.out,
    );
    const notes = JSON.stringify(run.invocations ?? []);
    for (const name of Object.keys(DEEP)) assert.ok(notes.includes(name), `SARIF notice for ${name}`);
  });

  it("report: the record is written and names the skipped files", () => {
    const dir = projects.make({
      ...DEEP,
      "export.ts": `import * as fs from "fs";\nimport { Client } from "basic-ftp";\nexport async function send() {\n  const c = new Client();\n  await c.access({ host: "ftp.partner.example" });\n  await c.uploadFrom("/tmp/patients.csv", "in/patients.csv");\n}\n`,
    });
    const r = runCli(["report", ".", "--format", "json", "--no-progress"], dir);
    assert.doesNotMatch(r.out + r.err, /internal error|Maximum call stack/);
    assert.match(r.out, /export\.ts/);
    for (const name of Object.keys(DEEP)) assert.match(r.out + r.err, new RegExp(name.replace(".", "\\.")));
  });

  it("a 450-call chain (within the bound) is still analysed", () => {
    const chain = `import * as fs from "fs";\nexport const url = "ftp://ftp.partner.example/in";\nexport const q = db${".orWhere('a', 1)\n".repeat(450)};\n`;
    const dir = projects.make({ "long.ts": chain });
    const r = runCli(["scan", ".", "--no-progress"], dir);
    assert.strictEqual(r.code, 1, r.err);
    assert.match(r.out, /long\.ts[\s\S]*2:\d+\s+error[\s\S]*plaintext-transfer/);
    assert.doesNotMatch(r.out + r.err, /nests too deeply/);
  });
});
