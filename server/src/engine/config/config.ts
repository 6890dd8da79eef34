/**
 * privacy-review.json: JSON with comments, validated against the shipped JSON Schema. Every error
 * is one line naming the file, the position and what to change.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parse, ParseError, printParseErrorCode } from "jsonc-parser";
import picomatch from "picomatch";
import { PatientDataConfig } from "../classify/vocabulary";
import type { ModelSet, TypeDef } from "../models/models";
import { buildModels, ModelError, modelsSchemaPath } from "../models/models";
import { describeSchemaError, mainSchemaError, readSchema } from "./schemaErrors";
import { Severity } from "../findings";
import { readRegularText } from "../load/regularFile";
import { addPatternFormat } from "./userPatterns";

export const CONFIG_FILE = "privacy-review.json";

export interface Instruction {
  id: string;
  controller?: string;
  reference?: string;
  files: string[];
  extract: Record<string, { columns: string[]; rowFilter?: string }>;
}

export interface Config {
  include?: string[];
  exclude?: string[];
  maxFileBytes?: number;
  /** Globs of test code (relative to the scanned root); default load/testCode.ts DEFAULT_TEST_GLOBS. */
  tests?: string[];
  /** Check test code too; by default it is read but not checked. */
  includeTests?: boolean;
  rules?: Record<string, Severity | "off">;
  patientData?: PatientDataConfig;
  models?: { sanitizers?: string[]; add?: ModelSet[]; types?: TypeDef[] };
  instructions?: Instruction[];
  /** How quick fixes write code: your own encryption function instead of the inserted AES-256-GCM helper. */
  fix?: { encryptor?: { name: string; module?: string } };
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

let validator: ReturnType<Ajv["compile"]> | undefined;

export function schemaPath(rulesDir: string): string {
  return path.join(rulesDir, "schema", "privacy-review.schema.json");
}

/** Finds privacy-review.json at the root (or uses the explicit path), parses and validates it. */
export function loadConfig(
  rulesDir: string,
  root: string,
  explicit?: string,
): { config: Config; file?: string } {
  const file = explicit ? path.resolve(explicit) : path.join(root, CONFIG_FILE);
  if (!fs.existsSync(file)) {
    if (explicit) throw new ConfigError(file, `${file}: config file not found; check the --config path`);
    return { config: {} };
  }
  let text: string;
  try {
    text = readRegularText(file);
  } catch (e) {
    throw new ConfigError(
      file,
      `${file}: cannot read the config file (${(e as Error).message.split("\n")[0]})`,
    );
  }
  if (text.length > MAX_CONFIG_BYTES)
    throw new ConfigError(
      file,
      `${file}: ${Math.round(text.length / 1024)} KiB is over the ${MAX_CONFIG_BYTES / 1024 / 1024} MiB a configuration may have; check that this is the right file`,
    );
  return { config: parseConfig(rulesDir, file, text), file };
}

/** Largest configuration read (real ones are a few KiB, with models a few hundred). */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** Deepest nesting a configuration may have (the schema itself needs 6; the parsers recurse). */
const MAX_CONFIG_DEPTH = 64;

/** The deepest `{`/`[` nesting outside strings and comments, and where it first goes over `limit`. */
function bracketDepth(text: string, limit: number): { depth: number; overAt?: number } {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === "{" || c === "[") {
      deepest = Math.max(deepest, ++depth);
      if (depth > limit) return { depth, overAt: i };
    } else if (c === "}" || c === "]") depth--;
  }
  return { depth: deepest };
}

export function parseConfig(rulesDir: string, file: string, text: string): Config {
  const nesting = bracketDepth(text, MAX_CONFIG_DEPTH);
  if (nesting.overAt !== undefined) {
    const { line, col } = lineCol(text, nesting.overAt);
    throw new ConfigError(
      file,
      `${file}:${line}:${col}: nested more than ${MAX_CONFIG_DEPTH} levels deep; a privacy-review.json needs a few levels, fix or delete the file`,
    );
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const e = errors[0];
    const { line, col } = lineCol(text, e.offset);
    throw new ConfigError(
      file,
      `${file}:${line}:${col}: invalid JSON (${printParseErrorCode(e.error)}); fix the syntax or delete the file to use the defaults`,
    );
  }
  // Model paths first: a malformed path is the likeliest mistake and deserves its own message.
  const rawModels = (value as { models?: { add?: unknown } } | undefined)?.models?.add;
  for (const s of Array.isArray(rawModels) ? rawModels : []) {
    if (!s || typeof s !== "object") continue;
    for (const [cat, list] of Object.entries(s as Record<string, unknown>)) {
      if (cat === "modules" || !Array.isArray(list)) continue;
      for (const m of list as Array<{ path?: unknown }>) {
        const paths = m && typeof m === "object" ? (Array.isArray(m.path) ? m.path : [m.path]) : [];
        for (const p of paths) {
          if (typeof p === "string" && !/^(\[[^\]\s]+\])?(\.[^.()\[\]\s]+|\(\)|\*\*)*$/.test(p))
            throw new ConfigError(
              file,
              `${file}: "models.add" ${cat} path ${JSON.stringify(p)} is not a model path (use ".member", "()", "**" and a leading "[Type]", e.g. ".Client().upload()")`,
            );
        }
      }
    }
  }
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    addPatternFormat(ajv);
    // models.add entries have the shape of a model file's entries (rules/schema/models.schema.json).
    ajv.addSchema(readSchema(modelsSchemaPath(rulesDir)));
    validator = ajv.compile(readSchema(schemaPath(rulesDir)));
  }
  if (!validator(value)) {
    const err = mainSchemaError(validator.errors);
    throw new ConfigError(file, `${file}: ${describeSchemaError(err)}`);
  }
  const cfg = value as Config;
  for (const [key, globs] of [
    ["include", cfg.include],
    ["exclude", cfg.exclude],
    ["tests", cfg.tests],
    ...(cfg.instructions ?? []).map((i, n) => [`instructions[${n}].files`, i.files]),
  ] as Array<[string, string[] | undefined]>) {
    for (const g of globs ?? []) {
      let re: RegExp;
      try {
        re = picomatch.makeRe(g, { strictBrackets: true });
      } catch (e) {
        throw new ConfigError(
          file,
          `${file}: "${key}": bad glob ${JSON.stringify(g)} (${(e as Error).message.split("\n")[0]}); fix the pattern`,
        );
      }
      // picomatch turns an impossible pattern (a reversed range such as [z-a]) into "match nothing".
      if (re.source === "$^")
        throw new ConfigError(
          file,
          `${file}: "${key}": bad glob ${JSON.stringify(g)} (it can never match); fix the pattern`,
        );
    }
  }
  // Type names and paths resolve against the shipped models: an unknown [Type] is one line too.
  if (cfg.models?.add?.length || cfg.models?.types?.length) {
    try {
      buildModels(rulesDir, cfg.models.add ?? [], [], cfg.models.types ?? [], file);
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      throw new ConfigError(file, `${file}: ${e.message.replace(/^[^:]*privacy-review\.json /, "")}`);
    }
  }
  return cfg;
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = 0;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i + 1;
    }
  return { line, col: offset - last + 1 };
}
