/**
 * privacy-review.json: JSON with comments, validated against the shipped JSON Schema. Every error
 * is one line naming the file, the position and what to change.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv, { ErrorObject } from "ajv";
import { parse, ParseError, printParseErrorCode } from "jsonc-parser";
import picomatch from "picomatch";
import { PatientDataConfig } from "../classify/vocabulary";
import { ModelSet } from "../models/models";
import { Severity } from "../findings";

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
  rules?: Record<string, Severity | "off">;
  patientData?: PatientDataConfig;
  models?: { sanitizers?: string[]; add?: ModelSet[] };
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
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(
      file,
      `${file}: cannot read the config file (${(e as Error).message.split("\n")[0]})`,
    );
  }
  return { config: parseConfig(rulesDir, file, text), file };
}

export function parseConfig(rulesDir: string, file: string, text: string): Config {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const e = errors[0];
    const { line, col } = lineCol(text, e.offset);
    throw new ConfigError(
      file,
      `${file}:${line}:${col}: invalid JSON (${printParseErrorCode(e.error)}); fix the syntax or delete the file to use the defaults`,
    );
  }
  if (!validator) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    validator = ajv.compile(JSON.parse(fs.readFileSync(schemaPath(rulesDir), "utf8")));
  }
  if (!validator(value)) {
    const err = (validator.errors ?? [])[0];
    throw new ConfigError(file, `${file}: ${describeSchemaError(err, value)}`);
  }
  const cfg = value as Config;
  for (const [key, globs] of [
    ["include", cfg.include],
    ["exclude", cfg.exclude],
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
  for (const s of cfg.models?.add ?? []) {
    for (const [cat, list] of Object.entries(s)) {
      if (cat === "modules" || !Array.isArray(list)) continue;
      for (const m of list as Array<{ path: string | string[] }>) {
        for (const p of Array.isArray(m.path) ? m.path : [m.path]) {
          if (!/^(\.[^.()]+|\(\)|\*\*)*$/.test(p))
            throw new ConfigError(
              file,
              `${file}: "models.add" ${cat} path ${JSON.stringify(p)} is not a model path (use ".member", "()" and "**", e.g. ".Client().upload()")`,
            );
        }
      }
    }
  }
  return cfg;
}

function describeSchemaError(err: ErrorObject | undefined, value: unknown): string {
  if (!err) return "invalid configuration";
  const where = err.instancePath ? `"${err.instancePath.slice(1).replace(/\//g, ".")}"` : "the top level";
  if (err.propertyName !== undefined && err.instancePath === "/rules") {
    return `${where}: unknown rule id "${err.propertyName}"; run \`privacy-review rules\` for the list`;
  }
  switch (err.keyword) {
    case "additionalProperties":
      return `${where}: unknown setting "${(err.params as { additionalProperty: string }).additionalProperty}"; see the JSON schema shipped in rules/schema/privacy-review.schema.json`;
    case "propertyNames": {
      const name = (err.params as { propertyName?: string }).propertyName;
      return `${where}: unknown rule id "${name}"; run \`privacy-review rules\` for the list`;
    }
    case "enum":
      return `${where}: must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    case "type":
      return `${where}: must be ${(err.params as { type: string }).type}`;
    case "required":
      return `${where}: missing "${(err.params as { missingProperty: string }).missingProperty}"`;
    default:
      void value;
      return `${where}: ${err.message ?? "invalid"}`;
  }
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
