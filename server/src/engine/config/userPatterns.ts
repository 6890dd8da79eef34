/**
 * Regular expressions that come from configuration (`when.matches` in models). They are compiled
 * only once validated: a pattern that does not compile, or repeats a repetition (`(a+)+`, the
 * classic exponential backtracking shape, judged by safe-regex's star-height check), is a
 * configuration error naming the file. Values are also tested on a bounded prefix, so a shape the
 * check cannot see (overlapping alternatives) stays bounded by the literal's first characters.
 */
import type Ajv from "ajv";
import safeRegex from "safe-regex";

/** How many characters of a literal a configured pattern is tested on. */
export const MAX_TESTED_CHARS = 1000;

export const SAFE_PATTERN_FORMAT = "safe-regex";

export function isSafePattern(pattern: string): boolean {
  try {
    new RegExp(pattern);
  } catch {
    return false; // expected: not a pattern at all; the schema error says so
  }
  return safeRegex(pattern);
}

/** Lets a JSON schema say `"format": "safe-regex"` (rules/schema/models.schema.json does). */
export function addPatternFormat(ajv: Ajv): void {
  ajv.addFormat(SAFE_PATTERN_FORMAT, { type: "string", validate: isSafePattern });
}

const compiled = new Map<string, RegExp>();

/** The compiled pattern; callers only see patterns the schema accepted. */
export function userPattern(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(pattern);
    compiled.set(pattern, re);
  }
  return re;
}

export function testUserPattern(pattern: string, value: string): boolean {
  return userPattern(pattern).test(value.slice(0, MAX_TESTED_CHARS));
}
