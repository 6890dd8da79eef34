/**
 * Which project a scanned path belongs to, so that results do not depend on what was named on the
 * command line: the configuration is looked up from the path upwards, and the project root (the
 * folder globs, fingerprints and schema files are relative to) is the configuration's folder, else
 * the repository root, else the scanned folder.
 */
import * as fs from "fs";
import * as path from "path";
import { CONFIG_FILE } from "../config/config";

export interface Project {
  /** Folder the config's globs, tsconfig, schema files and fingerprints are relative to. */
  root: string;
  /** privacy-review.json governing the paths, if any. */
  configFile?: string;
  /** The scanned paths (absolute) in this project. */
  paths: string[];
}

function exists(file: string): boolean {
  try {
    fs.statSync(file);
    return true;
  } catch {
    return false; // expected: absent (or unreachable), not there for our purpose
  }
}

/** The folder a lookup starts from: the path itself when it is a folder, else its parent. */
function startFolder(target: string): string {
  try {
    if (fs.statSync(target).isDirectory()) return target;
  } catch {
    // expected: not there, its parent is where a config would be
  }
  return path.dirname(target);
}

/** The nearest folder at or above `start` holding `.git` (a folder, or a file in worktrees and submodules). */
export function repositoryRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (exists(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * privacy-review.json in `start` or the nearest folder above it, up to the repository root (the
 * first folder holding `.git`) or the file system root.
 */
export function findConfigFile(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const file = path.join(dir, CONFIG_FILE);
    if (exists(file) && fs.statSync(file).isFile()) return file;
    if (exists(path.join(dir, ".git")) || path.dirname(dir) === dir) return undefined;
  }
}

function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return !rel.startsWith("..") && !path.isAbsolute(rel);
}

/**
 * Groups the scanned paths by project. With an explicit config every path is in one project, rooted
 * at the config's folder when it holds them all. `fallbackRoot` is used when no config and no
 * repository is found (the scanned folder, or the common folder of the paths).
 */
export function projectsFor(targets: string[], fallbackRoot: string, explicitConfig?: string): Project[] {
  const absolute = targets.map((t) => path.resolve(t));
  if (explicitConfig) {
    const config = path.resolve(explicitConfig);
    const configRoot = path.dirname(config);
    const repos = new Set(absolute.map((t) => repositoryRoot(startFolder(t))));
    const repo = repos.size === 1 ? [...repos][0] : undefined;
    const root = absolute.every((t) => isInside(configRoot, t))
      ? configRoot
      : repo && absolute.every((t) => isInside(repo, t))
        ? repo
        : fallbackRoot;
    return [{ root, configFile: config, paths: absolute }];
  }
  const byKey = new Map<string, Project>();
  for (const target of absolute) {
    const start = startFolder(target);
    const configFile = findConfigFile(start);
    const root = configFile ? path.dirname(configFile) : (repositoryRoot(start) ?? fallbackRoot);
    const key = configFile ?? root;
    const project = byKey.get(key) ?? { root, configFile, paths: [] };
    project.paths.push(target);
    byKey.set(key, project);
  }
  return [...byKey.values()];
}
