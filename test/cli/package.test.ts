/** The extension packages as a .vsix with everything it needs at run time and nothing else. */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO } from "../util/paths";

describe("VS Code extension packaging", function () {
  this.timeout(180_000);
  it("builds a .vsix with the server, the client, the rule docs and the schema", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-vsix-"));
    try {
      const out = path.join(dir, "privacy-review.vsix");
      const vsce = path.join(REPO, "node_modules", ".bin", "vsce");
      const r = spawnSync(vsce, ["package", "--out", out], { cwd: REPO, encoding: "utf8" });
      assert.strictEqual(r.status, 0, r.stdout + r.stderr);
      assert.ok(fs.statSync(out).size > 100_000);
      const ls = spawnSync(vsce, ["ls"], { cwd: REPO, encoding: "utf8" }).stdout.split("\n");
      for (const needed of [
        "server/out/server.js",
        "client/out/extension.js",
        "rules/anonymous-access/doc.md",
        "rules/schema/privacy-review.schema.json",
        "rules/models/database-access.json",
        "rules/schema/models.schema.json",
        "syntaxes/privacy-review-suppression.tmLanguage.json",
        "node_modules/ts-morph/dist/ts-morph.js",
      ]) {
        assert.ok(ls.includes(needed), `${needed} is packaged`);
      }
      assert.ok(
        !ls.some((l) => l.startsWith(".vscode-test/") || l.startsWith("test/") || l.includes("/fixtures/")),
        "no test tooling or fixtures in the package",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
