/**
 * Loads the API models (rules/models/*.json plus the user's `models` config) and matches them
 * against ApiRefs. A path such as `.Client().access()` is compiled to a regular expression over the
 * ApiRef's signature string, so matching is a map lookup by module plus a regex test.
 */
import * as fs from "fs";
import * as path from "path";
import { ts } from "ts-morph";
import Ajv from "ajv";
import picomatch from "picomatch";
import { describeSchemaError, mainSchemaError, readSchema } from "../config/schemaErrors";
import { readRegularText } from "../load/regularFile";
import { ApiRef, apiSignature, CallLike, lastCall } from "../resolve/values";
import { fileIndex } from "../resolve/fileIndex";
import { addPatternFormat } from "../config/userPatterns";

export type ArgRef = string; // "0", "1.body", "0.params.Body", "receiver", "receiver-root", "*"
/** An argument given by position or by reference (`0`, `"0.filename"`). */
export type ArgAt = number | ArgRef;

/** Holds when the argument exists (`present`) or its literal value is among `equals` / matches `matches`. */
export interface Condition {
  arg: ArgRef;
  present?: boolean;
  equals?: Array<string | number | boolean>;
  matches?: string;
  /** Evaluate at an earlier call of the chain: the call of this member (`createLogger`), or `()` for the first call. */
  at?: string;
  /** The argument (or an element of the array it is) is one of these APIs (`new winston.transports.File()`). */
  isApi?: ApiMatch[];
  /** Evaluate at the calls of this API anywhere in the workspace (`winston.add()`), not at this call. */
  elsewhere?: { module: string; path: string };
}
/** An API by module and path; `unless` conditions are evaluated at that API's own call. */
export interface ApiMatch {
  module: string;
  path: string;
  /** Not this API when one of these holds at its call (`pino.destination(1)` is stdout). */
  unless?: Condition[];
}

interface Base {
  path: string | string[];
  /** Every condition must hold at the call for the model to apply. */
  when?: Condition[];
  /** The model does not apply when any of these holds. */
  unless?: Condition[];
}
export interface SourceModel extends Base {
  family: string;
  sqlArg?: ArgAt;
  sqlFrom?: string;
}
export interface SinkModel extends Base {
  kind: "file-write" | "upload" | "http" | "email" | "socket" | "response" | "log";
  data: ArgRef[];
  pathArg?: ArgAt;
  pathFrom?: string;
  pathFromKey?: string;
  /** The argument that may name a local file the call sends: the sink is a transfer too. */
  localPath?: ArgAt;
  /** Server-side encryption by the provider (any condition holds): reported at note level. */
  encryptedAtRest?: Condition[];
  target?: ArgAt;
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
  pathArg?: ArgAt;
}
export interface TransferModel extends Base {
  localPath: ArgAt;
  /** Server-side encryption by the provider (any condition holds): reported at note level. */
  encryptedAtRest?: Condition[];
}
/** Stored data made readable without authentication (public ACL, public container, long-lived signed URL). */
export interface PublicAccessModel extends Base {
  kind: "acl" | "public" | "signed-url";
  what: string;
  /** For an ACL given with the upload: the data it applies to. */
  data?: ArgRef[];
  expiry?: ArgAt;
  defaultExpirySeconds?: number;
  maxExpirySeconds?: number;
}
export interface RequestModel extends Base {
  urlArg: ArgAt;
}
/**
 * A call whose result (or the callback it is given) is the response to a request: data from outside
 * the program, personal when the endpoint is a health API or names people, or when the code reads
 * personal fields from it.
 */
export interface ResponseModel extends Base {
  /** The endpoint: an argument, or a property of an options object (`0.url`, `0.path`). */
  urlArg?: ArgAt;
  /** A base URL set earlier in the chain: the method whose call carries it (`create`) and its option key (`baseURL`). */
  baseFrom?: string;
  baseFromKey?: string;
  /** Request headers (`1.headers`): `Accept: application/fhir+ndjson` says FHIR bulk output. */
  headersArg?: ArgAt;
  /** FHIR clients: the argument naming the resource type (`0.resourceType`, `0`). */
  resourceTypeArg?: ArgAt;
  /** API clients whose member names say what they read (`crm.contacts.basicApi.getPage`). */
  pathNames?: boolean;
  /** A call that always returns personal data, and what (`a patient's whole FHIR record`). */
  what?: string;
}
/**
 * A call that brings a remote file in (SFTP/FTP get, object-storage GetObject): the file holds what
 * the remote held. Personal when its name says so (`.hl7`, FHIR NDJSON, a path naming patients or
 * results) or by what the code reads from it; saved to a local path, it is a local write too.
 */
export interface DownloadModel extends Base {
  /** The remote file (`0`, `0.Key`). */
  remoteArg?: ArgAt;
  /** The chain method whose call names the remote object (`file` in `bucket.file(name).download()`). */
  remoteFrom?: string;
  /** Where the call saves the file (a path or a write stream); absent when the content is returned. */
  localArg?: ArgAt;
}
/**
 * A parser of a health data format (HL7 v2, X12 claims, DICOM): what it is given, when it comes
 * from outside the program, is that kind of personal data.
 */
export interface ParserModel extends Base {
  /** What the parsed data is, for messages (`HL7 v2 messages`). */
  what: string;
}
export interface StaticModel extends Base {
  dirArg: ArgAt;
  /** The call serves the folder itself (`ServeStaticModule.forRoot`); the URL prefix is here. */
  mountPath?: ArgAt;
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
  /** Where the host is given, for channels judged by where they go (loopback stays on the machine). */
  hostArg?: ArgAt;
}

export interface ModelSet {
  /** npm modules the library is imported as; may be omitted when every path starts with a [Type]. */
  modules?: string[];
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
  /** Responses of client requests (HTTP clients, FHIR clients, API SDKs): data from outside the program. */
  responses?: ResponseModel[];
  /** Remote files brought in (SFTP/FTP get, GetObject): data from outside the program. */
  downloads?: DownloadModel[];
  /** Parsers of health data formats: their input is personal data of that kind. */
  parsers?: ParserModel[];
  connections?: ConnectionModel[];
  staticServers?: StaticModel[];
  authMiddleware?: Base[];
  apps?: Base[];
  publicAccess?: PublicAccessModel[];
  commands?: CommandModel[];
  dumps?: DumpModel[];
  routes?: RouteModel[];
  controllers?: ControllerModel[];
  fileRoutes?: FileRouteModel[];
}

/** A call that registers a web handler: `app.get(path, ...handlers)`, `fastify.route({ handler })`, `defineEventHandler(h)`. */
export interface RouteModel extends Base {
  /** Index of the first handler argument; the last function is the handler, the others run before it. */
  handlers?: number;
  /** An options object holding the handler and its hooks (fastify `route`). */
  options?: ArgAt;
  handlerKey?: string;
  hookKeys?: string[];
  /** The handler's parameters that hold the response or the context (`res`, `reply`, `ctx`, `event`). */
  response?: number[];
  /** A folder whose files run before every route (Nitro `server/middleware`). */
  middlewareFolder?: string;
}

/** Decorator-based routes (NestJS): the class decorator; the method, parameter and guard decorators. */
export interface ControllerModel extends Base {
  route: string | string[];
  response?: string | string[];
  guards?: string | string[];
}

/** Routes by file convention (Next.js): files matching the glob, functions exported under these names. */
export interface FileRouteModel {
  glob: string;
  exports: string[];
  response?: number[];
  /** A file that runs before every route (Next.js `middleware.ts`). */
  middlewareFile?: string;
}

/** A library call that dumps a database (the `mysqldump` npm package). */
export interface DumpModel extends Base {
  tool: string;
  database?: ArgAt;
  output?: ArgAt;
  filters?: ArgRef[];
}

/** A call that starts a program: a shell line, a program and its argv, an argv array, or a tagged template. */
export interface CommandModel extends Base {
  line?: ArgAt;
  file?: ArgAt;
  args?: ArgAt;
  argv?: ArgAt;
  options?: ArgAt;
  template?: boolean;
}

/** A program as data (rules/models/command-execution.json "tools"). */
export interface ToolModel {
  names: string[];
  role: "dump" | "client" | "compress" | "archive" | "encrypt" | "delete" | "transfer" | "wrapper" | "shell";
  [flagList: string]: unknown;
}

/** A name for an API value reached by several paths (CodeQL's type models). */
export interface TypeDef {
  type: string;
  module?: string;
  path: string | string[];
}

export interface ModelExample {
  category: Category;
  code: string | string[];
}

/** One file of rules/models/: a concept (object storage, command execution...) and its libraries. */
export interface ModelFile {
  concept: string;
  description?: string;
  types?: TypeDef[];
  models: ModelSet[];
  examples?: { mustMatch?: ModelExample[]; mustNotMatch?: ModelExample[] };
  tools?: ToolModel[];
}

export type Category = Exclude<keyof ModelSet, "modules">;

/** One model as written, with where it came from (for notes about user models that match nothing). */
export interface ModelEntry {
  category: Category;
  model: unknown;
  /** `privacy-review.json models.add[0].sinks[1]`, `rules/models/object-storage.json models[0].sinks[2]`. */
  label: string;
  user: boolean;
  /** The model file (or config file) it was read from. */
  file?: string;
}

interface Compiled {
  entry: ModelEntry;
  model: unknown;
  /** Expanded paths (type aliases replaced) and their compiled forms. */
  paths: string[];
  res: RegExp[];
}

/** A model file or user model that cannot be used; the message names the file and what to change. */
export class ModelError extends Error {}

/** Evaluates a model's `when`/`unless` conditions at a call (bound per analysis to its resolver). */
export type ConditionCheck = (call: CallLike, c: Condition) => boolean;

export class Models {
  private byModule = new Map<string, Map<Category, Compiled[]>>();
  private types = new Map<string, Array<{ module?: string; path: string }>>();
  private entries: ModelEntry[] = [];
  /** Plain function names users declared as sanitisers (`encryptForExport`). */
  readonly sanitizerNames = new Set<string>();
  /** Programs as data, from the model files' "tools", by program name. */
  readonly tools = new Map<string, ToolModel>();
  /** Set by the analysis that uses these models: conditions need its resolver. */
  conditionCheck?: ConditionCheck;

  /** Declares type aliases (`[@aws-sdk/client-s3.S3Client]`) that later model paths may start with. */
  addTypes(defs: TypeDef[], where = "models"): void {
    for (const d of defs) {
      const list = this.types.get(d.type) ?? [];
      for (const p of Array.isArray(d.path) ? d.path : [d.path]) {
        if (!p.startsWith("[") && !d.module)
          throw new ModelError(
            `${where}: type "${d.type}" path "${p}" has no module; add "module" or start the path with another [Type]`,
          );
        list.push({ module: d.module, path: p });
      }
      this.types.set(d.type, list);
    }
  }

  /** `[T].send()` → every (module, path) the type stands for, followed by `.send()`. */
  expandPath(p: string, where: string, seen: string[] = []): Array<{ module?: string; path: string }> {
    if (!p.startsWith("[")) return [{ path: p }];
    const close = p.indexOf("]");
    const name = p.slice(1, close);
    const rest = p.slice(close + 1);
    if (seen.includes(name)) throw new ModelError(`${where}: type "${name}" is defined in terms of itself`);
    const defs = this.types.get(name);
    if (!defs)
      throw new ModelError(
        `${where}: path "${p}" names the type [${name}], which no model file declares; declare it under "types" or fix the name`,
      );
    const out: Array<{ module?: string; path: string }> = [];
    for (const d of defs)
      for (const x of this.expandPath(d.path, where, [...seen, name]))
        out.push({ module: x.module ?? d.module, path: x.path + rest });
    return out;
  }

  add(set: ModelSet, origin: { label: string; user?: boolean; file?: string } = { label: "models" }): void {
    const modules = set.modules ?? [];
    for (const key of Object.keys(set) as Array<keyof ModelSet>) {
      if (key === "modules" || key.startsWith("$")) continue;
      const list = set[key] as Base[] | undefined;
      if (!Array.isArray(list)) continue;
      if (key === "fileRoutes") {
        for (const fr of list as unknown as FileRouteModel[])
          this.fileRouteList.push({ model: fr, match: picomatch(fr.glob, { dot: true }) });
        return;
      }
      if (key === "controllers")
        for (const c of list as unknown as ControllerModel[]) this.controllerList.push({ ...c, modules });
      list.forEach((m, i) => {
        const entry: ModelEntry = {
          category: key,
          model: m,
          label: `${origin.label}.${key}[${i}]`,
          user: !!origin.user,
          file: origin.file,
        };
        this.entries.push(entry);
        this.register(entry, m, key, modules);
        // An upload that may name a local file is a transfer of that file as well.
        const sink = m as SinkModel;
        if (key === "sinks" && sink.localPath !== undefined) {
          const t: TransferModel = {
            path: sink.path,
            localPath: sink.localPath,
            when: sink.when,
            unless: sink.unless,
            encryptedAtRest: sink.encryptedAtRest,
          };
          this.register(entry, t, "transfers", modules);
        }
      });
    }
  }

  private register(entry: ModelEntry, m: Base, cat: Category, modules: string[]): void {
    const perModule = new Map<string, string[]>();
    for (const raw of Array.isArray(m.path) ? m.path : [m.path]) {
      for (const x of this.expandPath(raw, entry.label)) {
        const mods = x.module ? [x.module] : modules;
        if (!mods.length)
          throw new ModelError(
            `${entry.label}: path "${raw}" names no module; add "modules" to the entry or start the path with a [Type]`,
          );
        for (const mod of mods) {
          const list = perModule.get(mod) ?? [];
          list.push(x.path);
          perModule.set(mod, list);
        }
      }
    }
    for (const [mod, paths] of perModule) {
      let cats = this.byModule.get(mod);
      if (!cats) {
        cats = new Map();
        this.byModule.set(mod, cats);
      }
      let arr = cats.get(cat);
      if (!arr) {
        arr = [];
        cats.set(cat, arr);
      }
      let res: RegExp[];
      try {
        res = paths.map(compilePath);
      } catch (e) {
        throw new ModelError(`${entry.label}: ${(e as Error).message}`);
      }
      arr.push({ entry, model: m, paths, res });
    }
    this.namesCache.clear();
  }

  private fileRouteList: Array<{ model: FileRouteModel; match: (rel: string) => boolean }> = [];
  private controllerList: Array<ControllerModel & { modules: string[] }> = [];

  fileRoutes(): ReadonlyArray<{ model: FileRouteModel; match: (rel: string) => boolean }> {
    return this.fileRouteList;
  }

  controllerModels(): ReadonlyArray<ControllerModel & { modules: string[] }> {
    return this.controllerList;
  }

  /** Does the reference match one of these paths in one of these modules (decorators of a controller model)? */
  matchesPaths(paths: string | string[], ref: ApiRef, modules: string[]): boolean {
    if (!modules.includes(ref.module)) return false;
    const sig = apiSignature(ref);
    return (Array.isArray(paths) ? paths : [paths]).some((p) => compilePath(p).test(sig));
  }

  /** Every model read, in load order (shipped first, then the user's). */
  allEntries(): readonly ModelEntry[] {
    return this.entries;
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
          for (const p of c.paths) {
            const n = lastMemberNames(p);
            if (n === "any") any = true;
            else for (const x of n) names.add(x);
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
      const streams = this.methodNames(["writeStreams", "downloads"]);
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

  /** Every model of a category whose path matches the reference (and whose conditions hold at its call). */
  match<T>(cat: Category, ref: ApiRef): T[] {
    const cats = this.byModule.get(ref.module);
    const list = cats?.get(cat);
    if (!list) return [];
    const sig = apiSignature(ref);
    const out: T[] = [];
    for (const c of list)
      if (c.res.some((re) => re.test(sig)) && this.conditionsHold(c.model as Base, ref))
        out.push(c.model as T);
    return out;
  }

  /** The entries (as written) that match the reference, for the unused-model check and the examples test. */
  matchingEntries(cat: Category, ref: ApiRef): ModelEntry[] {
    const list = this.byModule.get(ref.module)?.get(cat);
    if (!list) return [];
    const sig = apiSignature(ref);
    return list
      .filter((c) => c.res.some((re) => re.test(sig)) && this.conditionsHold(c.model as Base, ref))
      .map((c) => c.entry);
  }

  private conditionsHold(m: Base, ref: ApiRef): boolean {
    if (!m.when && !m.unless) return true;
    const call = lastCall(ref);
    const check = this.conditionCheck;
    // Without a call to look at, or no resolver bound, a condition is not proven.
    if (!call || !check) return !m.when;
    const at = (c: Condition): CallLike | undefined => (c.at ? stepCallOf(ref, c.at) : call);
    const holds = (c: Condition): boolean => {
      const where = at(c);
      return !!where && check(where, c);
    };
    if (m.when && !m.when.every(holds)) return false;
    if (m.unless && m.unless.some(holds)) return false;
    return true;
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

/** The call made right after member `name` in the reference's steps (`()` for the first call). */
function stepCallOf(ref: ApiRef, name: string): CallLike | undefined {
  const names = new Set(name.split("|"));
  for (let i = 0; i < ref.steps.length; i++) {
    const st = ref.steps[i];
    if (st.k !== "c" || !st.node) continue;
    const prev = ref.steps[i - 1];
    if (name === "()" || (prev && prev.k === "m" && names.has(prev.name))) return st.node;
  }
  return undefined;
}

/** The member names a path's last call may have (`.a().put|upload()` → put, upload), or "any". */
function lastMemberNames(p: string): string[] | "any" {
  const m = /\.([^.()]+)\(\)(\*\*)?$/.exec(p);
  if (!m) return /^\(\)$|\)\(\)$/.test(p) ? [] : "any";
  if (m[2]) return "any";
  const names = m[1].split("|");
  return names.includes("*") ? "any" : names;
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

export interface LoadedModelFile {
  /** Path relative to the rules folder's parent (`rules/models/object-storage.json`). */
  file: string;
  data: ModelFile;
}

let builtin: { dir: string; files: LoadedModelFile[] } | undefined;
let modelValidator: ReturnType<Ajv["compile"]> | undefined;

export function modelsSchemaPath(rulesDir: string): string {
  return path.join(rulesDir, "schema", "models.schema.json");
}

/** The JSON Schema validator of model files (rules/schema/models.schema.json), compiled once. */
export function modelFileValidator(rulesDir: string): ReturnType<Ajv["compile"]> {
  if (!modelValidator) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    addPatternFormat(ajv);
    modelValidator = ajv.compile(readSchema(modelsSchemaPath(rulesDir)));
  }
  return modelValidator;
}

/** Reads and validates one model file; a bad file is a ModelError naming it and the first problem. */
export function readModelFile(rulesDir: string, file: string, shown = file): ModelFile {
  let json: unknown;
  try {
    json = JSON.parse(readRegularText(file));
  } catch (e) {
    throw new ModelError(`${shown}: not valid JSON (${(e as Error).message.split("\n")[0]}); fix the file`);
  }
  const validate = modelFileValidator(rulesDir);
  if (!validate(json))
    throw new ModelError(`${shown}: ${describeSchemaError(mainSchemaError(validate.errors), "model")}`);
  return json as ModelFile;
}

/** The shipped model files, read and validated once. */
export function builtinModelFiles(rulesDir: string): LoadedModelFile[] {
  if (builtin && builtin.dir === rulesDir) return builtin.files;
  const dir = path.join(rulesDir, "models");
  const files: LoadedModelFile[] = [];
  for (const f of fs
    .readdirSync(dir)
    .filter((x) => x.endsWith(".json"))
    .sort()) {
    const shown = path.join(path.basename(rulesDir), "models", f).split(path.sep).join("/");
    files.push({ file: shown, data: readModelFile(rulesDir, path.join(dir, f), shown) });
  }
  builtin = { dir: rulesDir, files };
  return files;
}

/** Shipped types and models, then the user's (`privacy-review.json` `models.types` and `models.add`). */
export function buildModels(
  rulesDir: string,
  extra: ModelSet[] = [],
  sanitizerNames: string[] = [],
  userTypes: TypeDef[] = [],
  userFile = "privacy-review.json",
): Models {
  const m = new Models();
  const files = builtinModelFiles(rulesDir);
  for (const f of files) m.addTypes(f.data.types ?? [], f.file);
  for (const f of files) for (const t of f.data.tools ?? []) for (const n of t.names) m.tools.set(n, t);
  m.addTypes(userTypes, `${userFile} models.types`);
  for (const f of files)
    f.data.models.forEach((s, i) => m.add(s, { label: `${f.file} models[${i}]`, file: f.file }));
  extra.forEach((s, i) => m.add(s, { label: `models.add[${i}]`, user: true, file: userFile }));
  for (const n of sanitizerNames) m.sanitizerNames.add(n);
  return m;
}
