/**
 * The analysis step `scan` and `report` share: check the paths, find the project of each (its
 * config, looked up from the path upwards), analyse each project, and say loudly when nothing was
 * analysed.
 */
import { analyzeProject } from "../../engine/analyzer";
import { Project, projectsFor } from "../../engine/load/project";
import { UsageError } from "../errors";
import { Progress } from "../progress";
import { checkTargetsReadable, nothingAnalysed, rootFor } from "./targets";

export interface ProjectRun {
  project: Project;
  result: ReturnType<typeof analyzeProject>;
}

export interface AnalyseOptions {
  config?: string;
  rule?: string[];
  errorOnUnmatchedPattern: boolean;
  includeTests?: boolean;
  followSymlinks?: boolean;
}

export interface Analysis {
  /** The scanned root: the folder given, or the common folder of the paths (JSON/SARIF paths). */
  root: string;
  runs: ProjectRun[];
  fileCount: number;
  durationMs: number;
}

export function analyseTargets(paths: string[], options: AnalyseOptions, progress: Progress): Analysis {
  const targets = paths.length ? paths : ["."];
  checkTargetsReadable(targets);
  const root = rootFor(targets);
  const runs = projectsFor(targets, root, options.config).map((project) => ({
    project,
    result: analyzeProject({
      root: project.root,
      paths: project.paths,
      configFile: project.configFile,
      rules: options.rule,
      includeTests: options.includeTests ? true : undefined,
      followSymlinks: options.followSymlinks,
      onProgress: progress.onEngineProgress,
    }),
  }));
  progress.finish();
  const fileCount = runs.reduce((n, r) => n + r.result.files.length, 0);
  const checkedCount = runs.reduce((n, r) => n + r.result.checkedFiles.length, 0);
  if (!checkedCount && options.errorOnUnmatchedPattern) {
    const configFile = runs.find((r) => r.result.configFile)?.result.configFile;
    const files = runs.flatMap((r) => r.result.files);
    const notices = runs.flatMap((r) => r.result.notices);
    throw new UsageError(nothingAnalysed(targets, { notices, configFile, files }));
  }
  return { root, runs, fileCount, durationMs: runs.reduce((n, r) => n + r.result.durationMs, 0) };
}
