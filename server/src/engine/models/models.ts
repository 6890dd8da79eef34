/**
 * Loads the API models (rules/models/*.json plus the user's `models` config) and matches them
 * against ApiRefs. A path such as `.Client().access()` is compiled to a regular expression over the
 * ApiRef's signature string, so matching is a map lookup by module plus a regex test.
 */
import * as fs from "fs";
import * as path from "path";
import { ts } from "ts-morph";
import { ApiRef, apiSignature } from "../resolve/values";
import { fileIndex } from "../resolve/fileIndex";

export type ArgRef = string; // "0", "1.body", "receiver", "receiver-root", "*"

interface Base {
  path: string | string[];
}
export interface SourceModel extends Base {
  family: string;
  sqlArg?: number;
  sqlFrom?: string;
}
export interface SinkModel extends Base {
  kind: "file-write" | "upload" | "http" | "email";
  data: ArgRef[];
  pathArg?: number;
  pathFrom?: string;
  pathFromKey?: string;
}
/** `cipher`: a cipher object or stream; `value`: a call whose result carries none of its input in clear; `hash`: a hash object. */
export interface SanitizerModel extends Base {
  kind: "cipher" | "value" | "hash";
}
export interface PropagatorModel extends Base {
  from: ArgRef[];
}
export interface MutatorModel extends Base {
  target: ArgRef;
  from: ArgRef[];
}
export interface PathArgModel extends Base {
  pathArg?: number;
}
export interface TransferModel extends Base {
  localPath: number | string;
}
export interface RequestModel extends Base {
  urlArg: number | string;
}
export interface StaticModel extends Base {
  dirArg: number;
}
export interface ConnectionModel extends Base {
  protocol: string;
  options?: number;
  user?: string[];
  password?: string[];
  positionalUser?: number;
  positionalPassword?: number;
  secure?: { key?: string; ok?: Array<string | boolean>; call?: string; never?: boolean };
  defaultUser?: string;
}

export interface ModelSet {
  modules: string[];
  sources?: SourceModel[];
  sinks?: SinkModel[];
  sanitizers?: SanitizerModel[];
  propagators?: PropagatorModel[];
  mutators?: MutatorModel[];
  barriers?: Base[];
  writeStreams?: PathArgModel[];
  /** Writable streams that send what they are given over the network (`got.stream.post()`). */
  uploadStreams?: Base[];
  reads?: PathArgModel[];
  deletes?: PathArgModel[];
  transfers?: TransferModel[];
  pipelines?: Base[];
  requests?: RequestModel[];
  connections?: ConnectionModel[];
  staticServers?: StaticModel[];
  authMiddleware?: Base[];
  apps?: Base[];
}

export type Category = Exclude<keyof ModelSet, "modules">;

interface Compiled<T> {
  model: T;
  res: RegExp[];
}

export class Models {
  private byModule = new Map<string, Map<Category, Array<Compiled<unknown>>>>();
  /** Plain function names users declared as sanitisers (`encryptForExport`). */
  readonly sanitizerNames = new Set<string>();

  add(set: ModelSet): void {
    for (const mod of set.modules) {
      let cats = this.byModule.get(mod);
      if (!cats) {
        cats = new Map();
        this.byModule.set(mod, cats);
      }
      for (const key of Object.keys(set) as Array<keyof ModelSet>) {
        if (key === "modules" || key.startsWith("$")) continue;
        const list = set[key] as Base[] | undefined;
        if (!Array.isArray(list)) continue;
        let arr = cats.get(key as Category);
        if (!arr) {
          arr = [];
          cats.set(key as Category, arr);
        }
        for (const m of list)
          arr.push({ model: m, res: (Array.isArray(m.path) ? m.path : [m.path]).map(compilePath) });
      }
    }
  }

  private namesCache = new Map<string, Set<string> | "any">();

  /**
   * Method names that can end a path of these categories (`writeFile`, `uploadFrom`…), or "any"
   * when some path ends in a bare call or a wildcard. A cheap filter before resolving a call.
   */
  methodNames(cats: Category[], where?: { key: string; keep: (m: unknown) => boolean }): Set<string> | "any" {
    const key = cats.join(",") + (where ? "/" + where.key : "");
    const hit = this.namesCache.get(key);
    if (hit) return hit;
    const names = new Set<string>();
    let any = false;
    for (const perModule of this.byModule.values()) {
      for (const cat of cats) {
        for (const c of perModule.get(cat) ?? []) {
          if (where && !where.keep(c.model)) continue;
          const paths = (c.model as Base).path;
          for (const p of Array.isArray(paths) ? paths : [paths]) {
            const m = /\.([^.()]+)\(\)(\*\*)?$/.exec(p);
            if (!m) {
              if (!/^\(\)$|\)\(\)$/.test(p)) any = true;
              continue;
            }
            if (m[2]) {
              any = true;
              continue;
            }
            for (const n of m[1].split("|")) {
              if (n === "*") any = true;
              names.add(n);
            }
          }
        }
      }
    }
    const out = any ? "any" : names;
    this.namesCache.set(key, out);
    return out;
  }

  private filters = new WeakMap<readonly Category[], Set<string> | "any">();

  /** False when a method call's name rules out every path of these categories (no resolution needed). Pass a constant array. */
  mayMatch(
    call: ts.CallExpression | ts.NewExpression,
    cats: readonly Category[],
    sf?: ts.SourceFile,
  ): boolean {
    let names = this.filters.get(cats);
    if (!names) {
      names = this.methodNames([...cats]);
      this.filters.set(cats, names);
    }
    return this.mayMatchWith(call, names, sf);
  }

  private fileWriteNames?: Set<string> | "any";

  /** Like mayMatch, for the calls that write local files: file-write sinks and write streams only. */
  mayWriteFile(call: ts.CallExpression | ts.NewExpression, sf?: ts.SourceFile): boolean {
    if (!this.fileWriteNames) {
      const sinks = this.methodNames(["sinks"], {
        key: "file-write",
        keep: (m) => (m as SinkModel).kind === "file-write",
      });
      const streams = this.methodNames(["writeStreams"]);
      this.fileWriteNames = sinks === "any" || streams === "any" ? "any" : new Set([...sinks, ...streams]);
    }
    return this.mayMatchWith(call, this.fileWriteNames, sf);
  }

  /** `sf` is the call's file when the caller knows it (getSourceFile() walks up every parent). */
  private mayMatchWith(
    call: ts.CallExpression | ts.NewExpression,
    names: Set<string> | "any",
    sf?: ts.SourceFile,
  ): boolean {
    const callee = call.expression;
    if (ts.isIdentifier(callee)) {
      // A plain call reaches an API through an import, an alias, a global (fetch), or a binding we
      // cannot see syntactically (a parameter, a destructured name); not through a local function.
      if (GLOBAL_CALLABLES.has(callee.text)) return true;
      const idx = fileIndex(sf ?? call.getSourceFile());
      return (
        idx.importedNames.has(callee.text) ||
        idx.aliasNames.has(callee.text) ||
        !idx.localFunctionNames.has(callee.text)
      );
    }
    if (!ts.isPropertyAccessExpression(callee)) return true;
    if (names === "any" || names.has(callee.name.text)) return true;
    // `this.persist(...)` where `persist = fsp.appendFile`: an alias keeps the call in play.
    return fileIndex(sf ?? call.getSourceFile()).aliasNames.has(callee.name.text);
  }

  /** Every model of a category whose path matches the reference. */
  match<T>(cat: Category, ref: ApiRef): T[] {
    const cats = this.byModule.get(ref.module);
    const list = cats?.get(cat);
    if (!list) return [];
    const sig = apiSignature(ref);
    const out: T[] = [];
    for (const c of list) if (c.res.some((re) => re.test(sig))) out.push(c.model as T);
    return out;
  }

  first<T>(cat: Category, refs: ApiRef[]): { model: T; ref: ApiRef } | undefined {
    for (const r of refs) {
      const m = this.match<T>(cat, r);
      if (m.length) return { model: m[0], ref: r };
    }
    return undefined;
  }

  knownModule(mod: string): boolean {
    return this.byModule.has(mod);
  }
}

const GLOBAL_CALLABLES = new Set(["fetch", "require", "pipeline", "structuredClone"]);

const cache = new Map<string, RegExp>();

/** `.Client|Pool().query()` → /^\.(?:Client|Pool)\(\)\.(?:query)\(\)$/ ; `**` is any sequence. */
export function compilePath(p: string): RegExp {
  const hit = cache.get(p);
  if (hit) return hit;
  let re = "^";
  let i = 0;
  while (i < p.length) {
    if (p.startsWith("**", i)) {
      re += "(?:\\.[^.()]+|\\(\\))*?";
      i += 2;
      continue;
    }
    if (p.startsWith("()", i)) {
      re += "\\(\\)";
      i += 2;
      continue;
    }
    if (p[i] === ".") {
      let j = i + 1;
      while (j < p.length && p[j] !== "." && p[j] !== "(" && !p.startsWith("**", j)) j++;
      const names = p.slice(i + 1, j).split("|");
      re += "\\." + (names.includes("*") ? "[^.()]+" : "(?:" + names.map(escapeRe).join("|") + ")");
      i = j;
      continue;
    }
    throw new Error(`bad model path "${p}" at ${i}: expected ".name", "()" or "**"`);
  }
  const out = new RegExp(re + "$");
  cache.set(p, out);
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

let builtin: ModelSet[] | undefined;

/** The shipped models, read once from rules/models. */
export function builtinModelSets(rulesDir: string): ModelSet[] {
  if (builtin) return builtin;
  const dir = path.join(rulesDir, "models");
  const sets: ModelSet[] = [];
  for (const f of fs
    .readdirSync(dir)
    .filter((x) => x.endsWith(".json"))
    .sort()) {
    const json = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as { models: ModelSet[] };
    sets.push(...json.models);
  }
  builtin = sets;
  return sets;
}

export function buildModels(rulesDir: string, extra: ModelSet[] = [], sanitizerNames: string[] = []): Models {
  const m = new Models();
  for (const s of builtinModelSets(rulesDir)) m.add(s);
  for (const s of extra) m.add(s);
  for (const n of sanitizerNames) m.sanitizerNames.add(n);
  return m;
}
