/** Builds the `.vsix` as `npm run package` does, and reads it back (for the packaging and VS Code tests). */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as zlib from "zlib";
import * as path from "path";
import { REPO } from "./paths";

/** The `vsce package` arguments of the `package` script, so the tests package what users get. */
function vsceArgs(): string[] {
  const script = (
    JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    }
  ).scripts.package;
  const m = /vsce (package[^&]*?)--out \S+/.exec(script);
  if (!m) throw new Error(`no "vsce package … --out" in the package script: ${script}`);
  return m[1].trim().split(/\s+/);
}

export function buildVsix(out: string): string {
  const bundle = spawnSync(process.execPath, [path.join(REPO, "client", "bundle.js")], {
    cwd: REPO,
    encoding: "utf8",
  });
  if (bundle.status !== 0) throw new Error(`bundle failed: ${bundle.stderr}`);
  const vsce = path.join(REPO, "node_modules", ".bin", "vsce");
  const r = spawnSync(vsce, [...vsceArgs(), "--out", out], { cwd: REPO, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`vsce package failed: ${r.stdout}${r.stderr}`);
  return out;
}

/** Unzips the package into `dir`; returns its entry names. */
export function extractVsix(vsix: string, dir: string): string[] {
  // A .vsix is a plain zip (stored or deflated entries): read its central directory.
  const zip = fs.readFileSync(vsix);
  const names: string[] = [];
  // End of central directory: the last 22+ bytes.
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    names.push(name);
    if (name.endsWith("/")) continue;
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    const target = path.join(dir, name);
    if (!target.startsWith(path.resolve(dir) + path.sep))
      throw new Error(`entry outside the folder: ${name}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, method === 8 ? zlib.inflateRawSync(data) : data);
  }
  return names.filter((n) => !n.endsWith("/")).sort();
}
