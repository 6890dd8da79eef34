#!/usr/bin/env node
/**
 * `npm run pack:cli`: the npm package of the command line, with a manifest of its own. The root
 * package.json is the VS Code extension's (`main` is the extension bundle, `prepare` builds from
 * sources with the dev tools, `contributes`…); the tarball's says what the package holds: `main`
 * is the engine, `bin` the command line, no scripts, no dev dependencies, no editor client.
 *
 * The files are the ones `npm pack` picks here (`.npmignore`), copied to a staging folder with the
 * new manifest and packed there. Arguments after the script go to that `npm pack` (`--json`,
 * `--pack-destination <dir>`, default this folder). Expects the build to be done (`npm run build`).
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const repo = path.resolve(__dirname, "..");
/** Dependencies only the VS Code client needs (bundled into the .vsix). */
const CLIENT_ONLY = ["vscode-languageclient"];
/** Manifest fields of the extension that mean nothing to an npm package. */
const EXTENSION_FIELDS = [
  "displayName",
  "publisher",
  "icon",
  "activationEvents",
  "capabilities",
  "contributes",
  "categories",
  "scripts",
  "devDependencies",
];

function npm(args, cwd) {
  const r = spawnSync("npm", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    process.exit(r.status ?? 1);
  }
  return r.stdout;
}

function cliManifest(manifest) {
  const out = { ...manifest };
  for (const field of EXTENSION_FIELDS) delete out[field];
  out.main = "./server/out/engine/index.js";
  out.engines = { node: manifest.engines.node };
  out.dependencies = Object.fromEntries(
    Object.entries(manifest.dependencies).filter(([name]) => !CLIENT_ONLY.includes(name)),
  );
  return out;
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--refuse") {
    // `npm pack` at the root would pack the extension's manifest: say what to run instead.
    process.stderr.write(
      "privacy-review: the root package.json is the VS Code extension's; pack the command line with `npm run pack:cli` (the .vsix: `npm run package`)\n",
    );
    process.exit(1);
  }
  if (!fs.existsSync(path.join(repo, "server", "out", "cli", "main.js"))) {
    process.stderr.write("pack-cli: server/out is missing; run `npm run build` first\n");
    process.exit(2);
  }
  const listing = JSON.parse(npm(["pack", "--dry-run", "--json", "--ignore-scripts"], repo));
  const files = listing[0].files.map((f) => f.path);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "privacy-review-pack-"));
  try {
    for (const file of files) {
      if (file === "package.json") continue;
      fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
      fs.copyFileSync(path.join(repo, file), path.join(stage, file));
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
    fs.writeFileSync(path.join(stage, "package.json"), JSON.stringify(cliManifest(manifest), null, 2) + "\n");
    const at = args.indexOf("--pack-destination");
    const destination = path.resolve(at >= 0 && args[at + 1] ? args[at + 1] : repo);
    const rest = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
    process.stdout.write(
      npm(["pack", "--ignore-scripts", "--pack-destination", destination, ...rest], stage),
    );
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

main();
