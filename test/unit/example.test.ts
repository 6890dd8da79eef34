/**
 * The bundled example reads as a lab's real scripts: no test annotations in examples/, the
 * annotated copy under test/ is the same code, and its tsconfig has no errors of its own.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO } from "../util/paths";

const EXAMPLE = path.join(REPO, "examples", "lab-migration");
const ANNOTATED = path.join(REPO, "test", "example", "lab-migration-annotated");
const ANNOTATION = /^\s*\/\/\s*(ruleid|ok|todoruleid|todook)\s*:/;

function files(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? files(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))],
    )
    .sort();
}

describe("the bundled example", () => {
  it("carries no test annotations", () => {
    const marked = files(EXAMPLE).filter((f) =>
      fs
        .readFileSync(path.join(EXAMPLE, f), "utf8")
        .split("\n")
        .some((l) => ANNOTATION.test(l) || /\b(ruleid|todoruleid):/.test(l)),
    );
    assert.deepStrictEqual(marked, []);
  });

  it("is the annotated copy under test/ without its annotation lines", () => {
    const code = files(ANNOTATED).filter((f) => f !== "README.md");
    assert.deepStrictEqual(
      files(EXAMPLE).filter((f) => f !== "README.md"),
      code,
    );
    let annotations = 0;
    for (const f of code) {
      const lines = fs.readFileSync(path.join(ANNOTATED, f), "utf8").split("\n");
      annotations += lines.filter((l) => ANNOTATION.test(l)).length;
      assert.strictEqual(
        fs.readFileSync(path.join(EXAMPLE, f), "utf8"),
        lines.filter((l) => !ANNOTATION.test(l)).join("\n"),
        f,
      );
    }
    assert.ok(annotations >= 20, `the copy is annotated (${annotations} lines)`);
  });

  it("has a tsconfig.json without errors of its own (opened alone, dependencies not installed)", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-example-"));
    try {
      fs.cpSync(EXAMPLE, dir, { recursive: true });
      const tsc = require.resolve("typescript/bin/tsc", { paths: [REPO] });
      const r = spawnSync(process.execPath, [tsc, "-p", dir, "--noEmit", "--pretty", "false"], {
        encoding: "utf8",
      });
      const own = r.stdout
        .split("\n")
        .filter((l) => /error TS/.test(l))
        .filter((l) => l.startsWith("tsconfig.json") || l.includes("tsconfig.json(") || /^error TS/.test(l));
      assert.deepStrictEqual(own, []);
      assert.match(
        r.stdout,
        /error TS2307/,
        "the check ran (the uninstalled dependencies are reported in the sources)",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
