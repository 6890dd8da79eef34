/**
 * A user model that matches nothing in the scanned code is almost always a wrong module name or
 * path; like ESLint's report of unused disable directives, it is reported as a note rather than
 * silently doing nothing.
 */
import { rethrowUnlessTooDeep } from "../errors";
import { ts } from "ts-morph";
import { Notice } from "../findings";
import { fileIndex } from "../resolve/fileIndex";
import { readRegularText } from "../load/regularFile";
import { CallLike, Resolver } from "../resolve/values";
import { ModelEntry, Models } from "./models";

/** Notes for the user's models (`models.add`) that match no call, `new` or tagged template in these files. */
export function unusedUserModels(
  models: Models,
  r: Resolver,
  files: ts.SourceFile[],
  configFile: string,
): Notice[] {
  const pending = new Set(models.allEntries().filter((e) => e.user));
  if (!pending.size) return [];
  const categories = [...new Set([...pending].map((e) => e.category))];
  for (const sf of files) {
    const idx = fileIndex(sf);
    for (const call of [...idx.calls, ...idx.news, ...idx.tagged] as CallLike[]) {
      let refs;
      try {
        refs = r.apis(call);
      } catch (error) {
        rethrowUnlessTooDeep(error); // expected: too deep to follow, not a call we can see
        continue;
      }
      for (const ref of refs)
        for (const cat of categories)
          for (const e of models.matchingEntries(cat, ref)) {
            pending.delete(e);
            // A sink that is also a transfer is one entry: matching either use counts.
          }
      if (!pending.size) return [];
    }
  }
  let text = "";
  try {
    text = readRegularText(configFile);
  } catch {
    /* expected: the configuration was given in memory, no file and no line to point at */
  }
  return [...pending].map((e) => note(e, configFile, text));
}

function note(e: ModelEntry, configFile: string, text: string): Notice {
  const paths = (e.model as { path: string | string[] }).path;
  const first = Array.isArray(paths) ? paths[0] : paths;
  const at = text ? text.indexOf(JSON.stringify(first)) : -1;
  const line = at >= 0 ? text.slice(0, at).split("\n").length - 1 : undefined;
  return {
    file: configFile,
    line,
    level: "note",
    message: `model ${JSON.stringify(first)} (${e.label}, ${e.category}) matched no call in the scanned code: check its module name and path`,
  };
}
