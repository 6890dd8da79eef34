/** `--fix` and `--output` write through a temp file and a rename: on any error the target is untouched. */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { tempFileFor, writeAtomically } from "privacy-review/internal/cli/main";

describe("atomic writes", () => {
  it("replaces the file in one step and keeps its mode", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-atomic-"));
    try {
      const f = path.join(dir, "a.ts");
      fs.writeFileSync(f, "before\n", { mode: 0o640 });
      writeAtomically(f, "after\n");
      assert.strictEqual(fs.readFileSync(f, "utf8"), "after\n");
      assert.strictEqual(fs.statSync(f).mode & 0o777, 0o640);
      assert.deepStrictEqual(fs.readdirSync(dir), ["a.ts"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it("leaves the file untouched when the temp file cannot be written", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-atomic-"));
    try {
      const f = path.join(dir, "a.ts");
      fs.writeFileSync(f, "before\n");
      // The temp name is taken by a folder: writing it fails before any rename.
      fs.mkdirSync(tempFileFor(f));
      assert.throws(() => writeAtomically(f, "after\n"), /cannot write/);
      assert.strictEqual(fs.readFileSync(f, "utf8"), "before\n");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
