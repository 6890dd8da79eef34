/**
 * Hostile input: random mutations and truncations of every fixture, huge and deeply nested files,
 * binary and non-UTF-8 files, dangling symlinks and symlink loops, bad configs. Invariants: no
 * crash, no unhandled rejection, other files' findings kept, every notice names its file.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { analyzeProject, ConfigError } from "privacy-review";
import { RULES } from "../util/paths";
import { listSources } from "../rules/fixtures.test";

const RUNS = Number(process.env.PRIVACY_REVIEW_FUZZ_RUNS ?? 60);
const CLEAN_FINDING = `export const DROP = "ftp://ftp.partner.example/in";\n`;

function project(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-hard-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Scan and check the invariants; returns the result. */
function scanOk(dir: string) {
  const res = analyzeProject({ root: dir });
  for (const n of res.notices) {
    assert.ok(n.file, `notice without a file: ${n.message}`);
    assert.ok(n.message && !n.message.includes("\n"), `one-line notice: ${JSON.stringify(n.message)}`);
    assert.ok(!/internal error/.test(n.message), `no internal error: ${n.file}: ${n.message}`);
  }
  // The untouched neighbour file keeps its finding.
  assert.ok(
    res.findings.some((f) => f.location.file.endsWith("neighbour.ts") && f.ruleId === "plaintext-transfer"),
    "the other file's finding is kept",
  );
  return res;
}

const fixtures = fs.readdirSync(RULES).flatMap((id) => {
  const dir = path.join(RULES, id, "fixtures");
  return fs.existsSync(dir) ? listSources(dir) : [];
});

describe("hardening: hostile input", function () {
  this.timeout(600_000);
  let unhandled: unknown[] = [];
  const onUnhandled = (e: unknown): void => {
    unhandled.push(e);
  };
  before(() => process.on("unhandledRejection", onUnhandled));
  after(() => process.off("unhandledRejection", onUnhandled));
  afterEach(() => {
    assert.deepStrictEqual(unhandled, []);
    unhandled = [];
  });

  it(`survives random mutations and truncations of every fixture (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 40 }),
        fc.constantFrom("truncate", "delete", "insert", "duplicate", "shuffle"),
        (file, a, b, junk, op) => {
          const text = fs.readFileSync(file, "utf8");
          const i = a % (text.length + 1),
            j = Math.min(text.length, i + (b % 200));
          const mutated =
            op === "truncate"
              ? text.slice(0, i)
              : op === "delete"
                ? text.slice(0, i) + text.slice(j)
                : op === "insert"
                  ? text.slice(0, i) + junk + text.slice(i)
                  : op === "duplicate"
                    ? text.slice(0, j) + text.slice(i, j) + text.slice(j)
                    : text.split("\n").reverse().join("\n");
          const dir = project({ [path.basename(file)]: mutated, "neighbour.ts": CLEAN_FINDING });
          try {
            scanOk(dir);
          } finally {
            fs.rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: RUNS, seed: 20261122 },
    );
  });

  it("reads a 10,000-line file and deeply nested expressions without a crash", () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `export const v${i} = ${i} + ${i % 7};`).join(
      "\n",
    );
    const nestedParens = `export const p = ${"(".repeat(3000)}1${")".repeat(3000)};\n`;
    const longConcat = `import * as fs from "fs";\nexport const s = ${Array.from({ length: 5000 }, (_, i) => `"x${i}"`).join(" + ")};\nfs.writeFileSync("/tmp/x", s);\n`;
    const nestedObjects = `export const o = ${"{ a: ".repeat(2000)}1${" }".repeat(2000)};\n`;
    const nestedCalls = `export const c = ${"f(".repeat(2000)}0${")".repeat(2000)};\nfunction f(x: number) { return x; }\n`;
    const dir = project({
      "big.ts": lines,
      "parens.ts": nestedParens,
      "concat.ts": longConcat,
      "objects.ts": nestedObjects,
      "calls.ts": nestedCalls,
      "neighbour.ts": CLEAN_FINDING,
    });
    try {
      scanOk(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("skips binary and non-UTF-8 files with a note, and survives symlink loops and dangling links", () => {
    const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0xff]);
    const latin1 = Buffer.from("export const nom = 'Andr\xe9';\n", "latin1");
    const dir = project({ "bin.js": binary, "latin1.ts": latin1, "neighbour.ts": CLEAN_FINDING });
    try {
      fs.mkdirSync(path.join(dir, "loop"));
      fs.symlinkSync(dir, path.join(dir, "loop", "back"));
      fs.symlinkSync(path.join(dir, "missing.ts"), path.join(dir, "dangling.ts"));
      const res = scanOk(dir);
      assert.ok(res.notices.some((n) => n.file.endsWith("bin.js") && /binary/.test(n.message)));
      assert.ok(res.notices.some((n) => n.file.endsWith("dangling.ts") && /broken symlink/.test(n.message)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects bad configs with one line naming the file (wrong types, unknown rule ids, bad globs)", () => {
    const bad = [
      `{ "rules": { "no-such-rule": "error" } }`,
      `{ "rules": { "plaintext-transfer": 3 } }`,
      `{ "include": [1, 2] }`,
      `{ "exclude": ["[z-a]"] }`,
      `{ "patientData": { "tables": "patients" } }`,
      `{ "instructions": [ { "id": "X", "files": [], "extract": {} } ] }`,
      `{ "maxFileBytes": "big" }`,
      `{`,
      `[]`,
    ];
    for (const text of bad) {
      const dir = project({ "privacy-review.json": text, "neighbour.ts": CLEAN_FINDING });
      try {
        assert.throws(
          () => analyzeProject({ root: dir }),
          (e: unknown) =>
            e instanceof ConfigError &&
            e.message.includes(path.join(dir, "privacy-review.json")) &&
            !e.message.includes("\n"),
          text,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it("random bad configs never crash: valid ones scan, invalid ones give a ConfigError", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        const dir = project({ "privacy-review.json": JSON.stringify(value), "neighbour.ts": CLEAN_FINDING });
        try {
          try {
            analyzeProject({ root: dir });
          } catch (e) {
            assert.ok(e instanceof ConfigError, String(e));
          }
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: Math.max(20, Math.floor(RUNS / 2)), seed: 7 },
    );
  });
});
