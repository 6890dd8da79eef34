import * as assert from "assert";
import { ConfigError, parseConfig } from "privacy-review";
import { RULES } from "../util/paths";

function error(text: string): string {
  try {
    parseConfig(RULES, "/x/privacy-review.json", text);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.message;
  }
  assert.fail("expected a ConfigError");
}

describe("privacy-review.json", () => {
  it("accepts JSON with comments and trailing commas", () => {
    const c = parseConfig(
      RULES,
      "/x/privacy-review.json",
      `{ // comment\n "rules": { "unfiltered-extraction": "error", }, }`,
    );
    assert.strictEqual(c.rules?.["unfiltered-extraction"], "error");
  });
  it("rejects invalid JSON with the file, line and column", () => {
    assert.match(error(`{\n  "rules": {\n`), /^\/x\/privacy-review\.json:\d+:\d+: invalid JSON/);
  });
  it("rejects an unknown rule id, naming it", () => {
    const m = error(`{ "rules": { "no-such-rule": "error" } }`);
    assert.match(m, /unknown rule id "no-such-rule"/);
    assert.ok(!m.includes("\n"), "one line");
  });
  it("rejects a wrong severity and a wrong type", () => {
    assert.match(error(`{ "rules": { "plaintext-transfer": "fatal" } }`), /must be one of/);
    assert.match(error(`{ "include": "src/**" }`), /"include": must be array/);
  });
  it("rejects unknown settings", () => {
    assert.match(error(`{ "inculde": [] }`), /unknown setting "inculde"/);
  });
  it("rejects bad model paths", () => {
    assert.match(
      error(`{ "models": { "add": [ { "modules": ["x"], "sinks": [ { "path": "upload(" } ] } ] } }`),
      /not a model path/,
    );
  });
});
