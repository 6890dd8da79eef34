/**
 * The package a file belongs to: the nearest folder above it, within the scanned root, that holds
 * a `package.json` (the root itself otherwise). Services of a monorepo are configured apart (one
 * service's logger set-up says nothing about another's), so workspace-wide facts about start-up
 * code are read per package.
 */
import * as fs from "fs";
import * as path from "path";
import { readRegularTextOr } from "./regularFile";

const cache = new Map<string, string>();

export function packageRootOf(fileName: string, root: string): string {
  const top = path.resolve(root);
  let dir = path.dirname(path.resolve(fileName));
  const seen: string[] = [];
  let found = top;
  while (dir.startsWith(top) && dir.length >= top.length) {
    const hit = cache.get(dir);
    if (hit !== undefined) {
      found = hit;
      break;
    }
    seen.push(dir);
    if (fs.existsSync(path.join(dir, "package.json"))) {
      found = dir;
      break;
    }
    if (dir === top) break;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const d of seen) cache.set(d, found);
  return found;
}

const names = new Map<string, string | undefined>();

/**
 * The `name` of the package a file belongs to (its nearest `package.json` within the root), the
 * specifier other packages of a monorepo import it by (`import { X } from "utils"`).
 */
export function packageNameOf(fileName: string, root: string): string | undefined {
  const dir = packageRootOf(fileName, root);
  if (names.has(dir)) return names.get(dir);
  const text = readRegularTextOr(path.join(dir, "package.json"));
  let name: string | undefined;
  try {
    const parsed: unknown = text === undefined ? undefined : JSON.parse(text);
    const n = parsed && typeof parsed === "object" ? (parsed as { name?: unknown }).name : undefined;
    name = typeof n === "string" && n.length > 0 ? n : undefined;
  } catch {
    name = undefined; // expected: a package.json that is not JSON names no package
  }
  names.set(dir, name);
  return name;
}
