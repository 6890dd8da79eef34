/**
 * The extension packages as a small `.vsix`: the esbuild bundles, the rule data, a README for
 * users, an icon and the CHANGELOG; no sources, tests, tsconfigs or node_modules; and the server
 * it ships starts and analyses. (The real VS Code suite installs this same package.)
 */
import * as assert from "assert";
import { parseObject } from "../util/outputs";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LspClient } from "../lsp/client";
import { REPO } from "../util/paths";
import { buildVsix, extractVsix } from "../util/vsix";

const MAX_BYTES = 5 * 1024 * 1024;
const MAX_FILES = 60;

describe("VS Code extension packaging", function () {
  this.timeout(600_000);
  let dir: string;
  let vsix: string;
  let files: string[];
  let extracted: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-vsix-"));
    vsix = buildVsix(path.join(dir, "privacy-review.vsix"));
    extracted = path.join(dir, "x");
    files = extractVsix(vsix, extracted);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`is at most 5 MB and ${MAX_FILES} files`, () => {
    const size = fs.statSync(vsix).size;
    assert.ok(size <= MAX_BYTES, `${(size / 1024 / 1024).toFixed(2)} MB`);
    assert.ok(files.length <= MAX_FILES, `${files.length} files: ${files.join(", ")}`);
    assert.ok(files.length >= 20, "and it is not empty");
  });

  it("holds the file its manifest's main names", () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(extracted, "extension", "package.json"), "utf8"),
    ) as {
      main: string;
    };
    assert.ok(files.includes(path.posix.join("extension", manifest.main)), `${manifest.main} is packaged`);
  });

  it("holds the bundles, the rule data, the icon, the CHANGELOG and a README for users", () => {
    for (const needed of [
      "extension/package.json",
      "extension/dist/extension.js",
      "extension/dist/server.js",
      "extension/rules/anonymous-access/doc.md",
      "extension/rules/anonymous-access/meta.json",
      "extension/rules/schema/privacy-review.schema.json",
      "extension/rules/data/vocabulary.json",
      "extension/syntaxes/privacy-review-suppression.tmLanguage.json",
      "extension/client/images/icon.png",
      "extension/changelog.md",
      "extension/readme.md",
    ])
      assert.ok(files.includes(needed), `${needed} is packaged`);
    for (const rule of fs.readdirSync(path.join(REPO, "rules")).filter((d) => /^[a-z]+(-[a-z]+)+$/.test(d)))
      if (fs.existsSync(path.join(REPO, "rules", rule, "meta.json")))
        assert.ok(files.includes(`extension/rules/${rule}/doc.md`), `${rule} doc`);
    const readme = fs.readFileSync(path.join(extracted, "extension", "readme.md"), "utf8");
    assert.match(readme, /## Privacy/);
    assert.ok(
      !/npm ci|npm test|bench/.test(readme),
      "the marketplace page is written for users, not contributors",
    );
    for (const image of [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1])) {
      assert.ok(!/^https?:/.test(image), `image ${image} is shipped, not linked`);
      assert.ok(files.includes(`extension/${image}`), `${image} is in the package`);
    }
    const manifest = parseObject(
      fs.readFileSync(path.join(extracted, "extension", "package.json"), "utf8"),
      "the packaged package.json",
    );
    assert.strictEqual(manifest.main, "./dist/extension.js");
    assert.ok(typeof manifest.icon === "string" && files.includes(`extension/${manifest.icon}`));
    assert.ok(!JSON.stringify(manifest).includes("privacy-review.dev"));
  });

  it("ships no sources, tests, fixtures, tsconfigs, maps, type declarations or node_modules", () => {
    const dev = files.filter(
      (f) =>
        /\.(ts|map|tsbuildinfo)$/.test(f) ||
        /(^|\/)(tsconfig[^/]*\.json|ARCHITECTURE\.md|CONTRIBUTING\.md|\.vscodeignore)$/.test(f) ||
        /^extension\/(node_modules|test|server|examples|\.ci|\.vscode-test|test-artifacts)\//.test(f) ||
        /\/fixtures\//.test(f),
    );
    assert.deepStrictEqual(dev, []);
  });

  it("bundles TypeScript once", () => {
    const meta = JSON.parse(fs.readFileSync(path.join(REPO, ".bundle-meta.json"), "utf8")) as {
      client: string[];
      server: string[];
    };
    const copies = meta.server.filter((f) =>
      /(^|\/)typescript(\/lib)?\/[^/]*typescript\.js$|\/dist\/typescript\.js$/.test(f),
    );
    assert.deepStrictEqual(copies, ["node_modules/@ts-morph/common/dist/typescript.js"]);
    assert.ok(!meta.client.some((f) => /typescript|ts-morph/.test(f)), "the client bundle has no compiler");
  });

  it("starts its bundled language server, which reports a finding", async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "pr-vsix-ws-"));
    const client = new LspClient(path.join(extracted, "extension", "dist", "server.js"));
    try {
      const file = path.join(work, "drop.ts");
      const code = `export const DROP = "ftp://ftp.partner.example/in";\n`;
      fs.writeFileSync(file, code);
      await client.initialize(work);
      client.open(file, code);
      const d = await client.diagnostics(
        file,
        (p) => p.diagnostics.some((x) => x.code === "plaintext-transfer"),
        60_000,
      );
      const href = d.diagnostics.find((x) => x.code === "plaintext-transfer")!.codeDescription!.href;
      assert.ok(href.includes(path.join(extracted, "extension", "rules").split(path.sep).join("/")), href);
    } finally {
      await client.shutdown();
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it("the npm package's server entry point still runs from the tsc output", () => {
    const r = spawnSync(process.execPath, [path.join(REPO, "server", "out", "server.js"), "--stdio"], {
      input: "",
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.match(r.stderr, /end of input/);
  });
});
