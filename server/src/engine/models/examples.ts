/**
 * Model files carry examples (DevSkim's must-match / must-not-match): code their models must
 * match, and look-alikes they must not. `checkModelExamples` reads each example as a file of its
 * own and reports what does not hold; the tests run it over every shipped model file.
 */
import { ts } from "ts-morph";
import { Workspace } from "../load/workspace";
import { fileIndex } from "../resolve/fileIndex";
import { CallLike, lastCall, Resolver } from "../resolve/values";
import { argumentsAt, conditionHolds } from "./arguments";
import { builtinModelFiles, buildModels, Category, ModelEntry, ModelExample, Models } from "./models";

export interface ExampleProblem {
  file: string;
  example: string;
  problem: string;
}

/** Fields of a model that name arguments: at a matched example call, each must name something. */
const ARGUMENT_FIELDS = [
  "data",
  "from",
  "localPath",
  "pathArg",
  "sqlArg",
  "urlArg",
  "dirArg",
  "resourceTypeArg",
  "remoteArg",
  "localArg",
];

/** A matched call of an example, and the models (of the file under test) it matched. */
interface Hit {
  call: CallLike;
  entries: ModelEntry[];
}

function hitsIn(models: Models, r: Resolver, sf: ts.SourceFile, category: Category, file: string): Hit[] {
  const idx = fileIndex(sf);
  const out: Hit[] = [];
  for (const call of [...idx.calls, ...idx.news, ...idx.tagged] as CallLike[]) {
    const entries = new Set<ModelEntry>();
    for (const ref of r.apis(call)) {
      if (lastCall(ref) !== call) continue;
      // A model matches a call when its path does, its conditions hold and its argument references name something there.
      for (const e of models.matchingEntries(category, ref))
        if (
          e.file === file &&
          !unresolvedArguments(r, call, e.model as Record<string, unknown>, category).length
        )
          entries.add(e);
    }
    if (entries.size) out.push({ call, entries: [...entries] });
  }
  return out;
}

/** Argument fields of a model that name nothing at this call. */
function unresolvedArguments(
  r: Resolver,
  call: CallLike,
  model: Record<string, unknown>,
  category?: Category,
): string[] {
  const missing: string[] = [];
  // A sink's localPath is optional (the body may be data, not a path); a transfer's is what it is.
  const fields =
    category === "transfers"
      ? ["localPath"]
      : ARGUMENT_FIELDS.filter((f) => !(category === "sinks" && f === "localPath"));
  for (const f of fields) {
    const v = model[f];
    // An argument read from an earlier call of the chain (`db.prepare(sql).all()`) is not at this call.
    if (v === undefined || (f === "sqlArg" && model.sqlFrom) || (f === "pathArg" && model.pathFrom)) continue;
    const refs = (Array.isArray(v) ? v : [v]) as Array<string | number>;
    if (!refs.some((x) => argumentsAt(r, call, x, "none").length)) missing.push(`${f} ${JSON.stringify(v)}`);
  }
  return missing;
}

function codeOf(ex: ModelExample): string {
  return Array.isArray(ex.code) ? ex.code.join("\n") : ex.code;
}

/** Every example of every shipped model file (or of the files given), checked; an empty list means all hold. */
export function checkModelExamples(rulesDir: string): {
  problems: ExampleProblem[];
  checked: number;
  /** Libraries (`rules/models/x.json models[3]`) that no must-match example exercises. */
  uncovered: string[];
} {
  const models = buildModels(rulesDir);
  const problems: ExampleProblem[] = [];
  const covered = new Set<string>();
  let checked = 0;
  for (const f of builtinModelFiles(rulesDir)) {
    const sets: Array<["mustMatch" | "mustNotMatch", ModelExample[]]> = [
      ["mustMatch", f.data.examples?.mustMatch ?? []],
      ["mustNotMatch", f.data.examples?.mustNotMatch ?? []],
    ];
    for (const [kind, list] of sets) {
      list.forEach((ex, i) => {
        checked++;
        const label = `${kind}[${i}] (${ex.category})`;
        const ws = new Workspace("/model-examples");
        const sf = ws.setText(`/model-examples/example${i}.ts`, codeOf(ex));
        if (!sf) {
          problems.push({ file: f.file, example: label, problem: "the example does not parse" });
          return;
        }
        const r = new Resolver(ws);
        models.conditionCheck = (call, c) => conditionHolds(r, call, c);
        const hits = hitsIn(models, r, sf, ex.category, f.file);
        if (kind === "mustNotMatch") {
          for (const h of hits)
            problems.push({
              file: f.file,
              example: label,
              problem: `${h.call.getText().slice(0, 60)} matches ${h.entries.map((e) => e.label).join(", ")}`,
            });
          return;
        }
        if (!hits.length) {
          problems.push({
            file: f.file,
            example: label,
            problem: `no ${ex.category} model of this file matches (path, conditions and argument references)`,
          });
          return;
        }
        for (const h of hits) for (const e of h.entries) covered.add(librarySet(e.label));
      });
    }
  }
  const uncovered: string[] = [];
  for (const f of builtinModelFiles(rulesDir))
    f.data.models.forEach((m, i) => {
      const set = `${f.file} models[${i}]`;
      // Routes by file convention have no API path to match.
      const withPaths = Object.entries(m).some(
        ([k, v]) => k !== "modules" && k !== "fileRoutes" && Array.isArray(v) && v.length,
      );
      if (withPaths && !covered.has(set)) uncovered.push(set);
    });
  return { problems, checked, uncovered };
}

/** `rules/models/x.json models[3].sinks[0]` → `rules/models/x.json models[3]`. */
function librarySet(label: string): string {
  return label.replace(/\.[A-Za-z]+\[\d+\]$/, "");
}
