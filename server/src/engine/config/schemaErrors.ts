/**
 * Our JSON Schemas (rules/schema) read, and one-line descriptions of their (ajv) errors, shared by
 * the config file and the model files.
 */
import * as fs from "fs";
import { AnySchemaObject, ErrorObject } from "ajv";

const MODEL_PATH_HINT = 'use ".member", "()", "**" and a leading "[Type]", e.g. ".Client().upload()"';

const PRIORITY = ["additionalProperties", "propertyNames", "enum", "pattern", "type", "required"];

/**
 * The error worth showing among ajv's (validated with allErrors): a misspelt key explains a
 * missing one, so unknown settings come first; among equals, the deepest (most specific) one.
 */
export function mainSchemaError(errors: ErrorObject[] | null | undefined): ErrorObject | undefined {
  if (!errors?.length) return undefined;
  const rank = (e: ErrorObject): number => {
    const i = PRIORITY.indexOf(e.keyword);
    return i < 0 ? PRIORITY.length : i;
  };
  return [...errors].sort(
    (a, b) => rank(a) - rank(b) || b.instancePath.split("/").length - a.instancePath.split("/").length,
  )[0];
}

/** What is wrong and where (`"models.add.0.sinks.0.kind"`), in words a user can act on. */
export function describeSchemaError(
  err: ErrorObject | undefined,
  what: "config" | "model" = "config",
): string {
  if (!err) return what === "config" ? "invalid configuration" : "invalid model file";
  const where = err.instancePath ? `"${err.instancePath.slice(1).replace(/\//g, ".")}"` : "the top level";
  if (err.propertyName !== undefined && err.instancePath === "/rules") {
    return `${where}: unknown rule id "${err.propertyName}"; run \`privacy-review rules\` for the list`;
  }
  const schemaFile = what === "config" ? "privacy-review.schema.json" : "models.schema.json";
  switch (err.keyword) {
    case "additionalProperties":
      return `${where}: unknown setting "${(err.params as { additionalProperty: string }).additionalProperty}"; see the JSON schema shipped in rules/schema/${schemaFile}`;
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
    case "pattern":
      if (/\.path(\.\d+)?$/.test(err.instancePath.replace(/\//g, ".")))
        return `${where}: ${JSON.stringify(err.data)} is not a model path (${MODEL_PATH_HINT})`;
      if (
        /\.(data|from|target|arg|localPath|pathArg|sqlArg|urlArg|dirArg)(\.\d+)?$/.test(
          err.instancePath.replace(/\//g, "."),
        )
      )
        return `${where}: ${JSON.stringify(err.data)} is not an argument reference (use "0", "1.body", "0.params.Body", "receiver", "receiver-root" or "*")`;
      return `${where}: ${err.message ?? "invalid"}`;
    case "format":
      if ((err.params as { format?: string }).format === "safe-regex")
        return `${where}: ${JSON.stringify(err.data)} is not a usable regular expression (it does not compile, or repeats a repetition such as (a+)+, which can take exponential time); simplify the pattern`;
      return `${where}: ${err.message ?? "invalid"}`;
    case "oneOf":
      return `${where}: must be ${err.instancePath.endsWith("/path") ? "a model path or a list of them" : "one of the allowed shapes"}`;
    default:
      return `${where}: ${err.message ?? "invalid"}`;
  }
}

/** One of our JSON Schemas (rules/schema), read as an object; anything else is a broken install. */
export function readSchema(file: string): AnySchemaObject {
  const schema: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  if (typeof schema !== "object" || schema === null || Array.isArray(schema))
    throw new Error(`${file}: not a JSON Schema object; reinstall privacy-review`);
  return schema;
}
