/**
 * Packages of a monorepo (npm/yarn/pnpm workspaces, Lerna, Nx): a bare import of a package whose
 * `package.json` lies inside the scanned root (`@acme/core`, `@acme/core/lib/x`) names that
 * package's source, so data flow crosses packages as it crosses relative imports. The entry is read
 * from `main`/`module`/`types`; a built entry (`dist/`, `lib/`, `build/`, `out/`) also names its
 * `src/` twin, since checkouts hold sources, not builds.
 */
import * as path from "path";
import { readRegularFile } from "./regularFile";

export interface WorkspacePackage {
  name: string;
  dir: string;
  /** The entry fields of its package.json, relative to `dir`. */
  entries: string[];
}

const BUILD_DIRS = /^(\.\/)?(dist|lib|build|out)\//;

/** package.json files read so far, by folder (null: none there, or not readable as JSON). */
export class WorkspacePackages {
  private readonly byDir = new Map<string, WorkspacePackage | null>();
  private names?: { files: number; map: Map<string, WorkspacePackage> };

  constructor(private readonly root: string) {}

  /** The package folders above the given files (within the root), by package name. */
  byName(fileNames: Iterable<string>, count: number): Map<string, WorkspacePackage> {
    if (this.names && this.names.files === count) return this.names.map;
    const map = new Map<string, WorkspacePackage>();
    const top = path.resolve(this.root);
    const dirs = new Set<string>();
    for (const f of fileNames) {
      let dir = path.dirname(f);
      while (dir.startsWith(top) && !dirs.has(dir)) {
        dirs.add(dir);
        if (dir === top) break;
        const up = path.dirname(dir);
        if (up === dir) break;
        dir = up;
      }
    }
    for (const dir of dirs) {
      const p = this.packageAt(dir);
      if (p && !map.has(p.name)) map.set(p.name, p);
    }
    this.names = { files: count, map };
    return map;
  }

  private packageAt(dir: string): WorkspacePackage | null {
    const hit = this.byDir.get(dir);
    if (hit !== undefined) return hit;
    let found: WorkspacePackage | null = null;
    try {
      const json: unknown = JSON.parse(readRegularFile(path.join(dir, "package.json")).toString("utf8"));
      if (json && typeof json === "object" && !Array.isArray(json)) {
        const o = json as Record<string, unknown>;
        if (typeof o.name === "string" && o.name.length) {
          const entries = ["source", "main", "module", "types", "typings"]
            .map((k) => o[k])
            .filter((v): v is string => typeof v === "string" && v.length > 0);
          found = { name: o.name, dir, entries };
        }
      }
    } catch {
      // expected: no package.json in this folder, or one that is not JSON (then it names no package)
      found = null;
    }
    this.byDir.set(dir, found);
    return found;
  }
}

/**
 * The paths (without extension handling) a bare specifier may name inside a workspace package:
 * its entry fields and their `src/` twins, then `src/index` and `index`; for a deep import
 * (`@acme/core/lib/x`) the sub-path and its `src/` twin.
 */
export function packageBases(packages: Map<string, WorkspacePackage>, spec: string): string[] {
  let pkg: WorkspacePackage | undefined;
  for (const p of packages.values())
    if ((spec === p.name || spec.startsWith(p.name + "/")) && (!pkg || p.name.length > pkg.name.length))
      pkg = p;
  if (!pkg) return [];
  const sub = spec.slice(pkg.name.length + 1);
  const rel = sub ? [sub] : [...pkg.entries, "src/index", "index"];
  const out: string[] = [];
  for (const r of rel) {
    if (BUILD_DIRS.test(r))
      out.push(path.resolve(pkg.dir, r.replace(BUILD_DIRS, "src/").replace(/\.d\.ts$/, ".ts")));
    out.push(path.resolve(pkg.dir, r));
    if (sub && !r.startsWith("src/")) out.push(path.resolve(pkg.dir, "src", r));
  }
  return out;
}
