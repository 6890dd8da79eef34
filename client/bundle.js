#!/usr/bin/env node
"use strict";
/**
 * Bundles the VS Code extension with esbuild (as vscode-eslint does): `dist/extension.js` (the
 * client, `vscode` external) and `dist/server.js` (the language server with the engine and its
 * dependencies, TypeScript included once, through ts-morph). The `.vsix` ships these two files,
 * `rules/` and the manifest, and no node_modules. `server/out/server.js` (tsc) stays the
 * language server of the npm package and of `node server/out/server.js --stdio`.
 *
 *   node client/bundle.js            minified bundles + dist/meta.json (inputs, for the tests)
 *   node client/bundle.js --dev      with source maps, not minified
 */
const path = require("path");
const fs = require("fs");
const esbuild = require("esbuild");

const REPO = path.resolve(__dirname, "..");
const DIST = path.join(REPO, "dist");
const dev = process.argv.includes("--dev");

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: !dev,
  sourcemap: dev ? "linked" : false,
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
  // jsonc-parser's "main" is a UMD build whose inner requires esbuild cannot follow: take the
  // ES module builds where packages have them.
  mainFields: ["module", "main"],
};

async function main() {
  fs.rmSync(DIST, { recursive: true, force: true });
  const [client, server] = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: [path.join(REPO, "client", "src", "extension.ts")],
      outfile: path.join(DIST, "extension.js"),
      external: ["vscode"],
    }),
    esbuild.build({
      ...common,
      entryPoints: [path.join(REPO, "server", "src", "server.ts")],
      outfile: path.join(DIST, "server.js"),
    }),
  ]);
  const inputs = (m) => Object.keys(m.inputs).sort();
  fs.writeFileSync(
    path.join(REPO, ".bundle-meta.json"), // inputs, for the packaging test (not packaged)
    JSON.stringify({ client: inputs(client.metafile), server: inputs(server.metafile) }, null, 1),
  );
}

main().catch((e) => {
  console.error(e && e.message ? e.message : e);
  process.exit(1);
});
