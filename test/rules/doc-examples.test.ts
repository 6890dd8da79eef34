/**
 * Rule doc examples run as tests, as typescript-eslint's rule docs do: every `ts`/`js` code block
 * of rules/<id>/doc.md is written to a file of its own and scanned with that rule alone.
 *
 * - a line marked `// flagged` must be reported (a finding whose range covers the line);
 * - a line that a `privacy-review-disable-line` / `-next-line` directive for the rule targets must
 *   be reported, and as suppressed;
 * - every other line must not be reported, and the block must parse.
 *
 * A block may be preceded by HTML comments (invisible on the rendered page) that give what the
 * reader does not need to see: `<!-- example setup: … -->` holds code put before the block (imports,
 * where `patients` comes from; none of its lines may be reported), `<!-- example config: {…} -->`
 * the privacy-review.json to scan with, `<!-- example path: src/x.js -->` where the block is written
 * (default example.ts or example.js) and `<!-- example file models/index.js: … -->` another file of
 * the project (for examples about how files reach each other).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeProject, RULES as ENGINE_RULES, ruleDoc } from "privacy-review";
import { RULES } from "../util/paths";

export interface DocExample {
  /** 1-based line of the opening fence in doc.md. */
  docLine: number;
  section: string;
  extension: ".ts" | ".js";
  setup: string[];
  config?: string;
  /** Where the block is written, relative to the scanned folder. */
  path?: string;
  /** Other files of the example's project, by relative path. */
  files?: Record<string, string>;
  lines: string[];
}

const FENCE = /^(\s*)```\s*([\w-]*)\s*$/;
const EXTENSIONS: Record<string, ".ts" | ".js"> = {
  ts: ".ts",
  typescript: ".ts",
  js: ".js",
  javascript: ".js",
};

/** The HTML comments right above line `fence` (consecutive, blank lines between allowed). */
function commentsAbove(lines: string[], fence: number): string[] {
  const comments: string[] = [];
  let end = fence - 1;
  for (;;) {
    while (end >= 0 && !lines[end].trim()) end--;
    if (end < 0 || !lines[end].trim().endsWith("-->")) return comments;
    let start = end;
    while (start >= 0 && !lines[start].includes("<!--")) start--;
    if (start < 0) return comments;
    const text = lines
      .slice(start, end + 1)
      .join("\n")
      .replace(/^\s*<!--/, "")
      .replace(/-->\s*$/, "");
    comments.unshift(text);
    end = start - 1;
  }
}

/** The text without the indentation its lines share (a comment inside a list item). */
function dedent(text: string): string {
  const lines = text.replace(/\s+$/, "").split("\n");
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => line.search(/\S/)));
  return lines.map((line) => line.slice(indent)).join("\n") + "\n";
}

export function readDocExamples(doc: string): DocExample[] {
  const lines = doc.split(/\r?\n/);
  const examples: DocExample[] = [];
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    if (/^#{2,3} /.test(lines[i])) section = lines[i].replace(/^#+ /, "");
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    let close = i + 1;
    while (close < lines.length && !/^\s*```\s*$/.test(lines[close])) close++;
    const extension = EXTENSIONS[open[2]];
    if (extension) {
      const example: DocExample = {
        docLine: i + 1,
        section,
        extension,
        setup: [],
        lines: lines.slice(i + 1, close).map((line) => line.slice(Math.min(indent, line.search(/\S|$/)))),
      };
      for (const comment of commentsAbove(lines, i)) {
        const setup = /^\s*example setup:\s*\n?([\s\S]*)$/.exec(comment);
        const config = /^\s*example config:\s*([\s\S]*)$/.exec(comment);
        const where = /^\s*example path:\s*(\S+)\s*$/.exec(comment);
        const other = /^\s*example file ([^\s:]+):\s*\n([\s\S]*)$/.exec(comment);
        if (setup) example.setup.push(...setup[1].replace(/\s+$/, "").split("\n"));
        else if (config) example.config = config[1].trim();
        else if (where) example.path = where[1];
        else if (other) example.files = { ...example.files, [other[1]]: dedent(other[2]) };
      }
      examples.push(example);
    }
    i = close;
  }
  return examples;
}

/** The 0-based lines of the block a directive for `ruleId` targets. */
function suppressedLines(lines: string[], ruleId: string): Set<number> {
  const targets = new Set<number>();
  lines.forEach((line, index) => {
    const directive = /privacy-review-disable-(next-line|line)\s+([\w-]+(?:\s*,\s*[\w-]+)*)/.exec(line);
    if (!directive || !directive[2].split(/\s*,\s*/).includes(ruleId)) return;
    targets.add(directive[1] === "line" ? index : index + 1);
  });
  return targets;
}

/** What is wrong with one example, as lines naming doc.md's line numbers; empty when it holds. */
export function checkExample(ruleId: string, example: DocExample): string[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pr-doc-example-"));
  try {
    for (const [relative, text] of Object.entries(example.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      fs.writeFileSync(path.join(root, relative), text);
    }
    const file = path.join(root, example.path ?? `example${example.extension}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, [...example.setup, ...example.lines].join("\n") + "\n");
    if (example.config) fs.writeFileSync(path.join(root, "privacy-review.json"), example.config);
    const result = analyzeProject({ root, rules: [ruleId] });
    const offset = example.setup.length;
    const docLineOf = (line: number): string =>
      line < offset ? `setup line ${line + 1}` : `doc.md:${example.docLine + 1 + line - offset}`;
    const flagged = new Set<number>();
    example.lines.forEach((line, index) => {
      if (/\/\/\s*flagged\b/.test(line)) flagged.add(offset + index);
    });
    const suppressed = new Set([...suppressedLines(example.lines, ruleId)].map((line) => offset + line));
    const problems = result.notices
      .filter((notice) => notice.level === "error")
      .map((notice) => `${docLineOf(notice.line ?? 0)}: ${notice.message}`);
    const findings = result.findings.filter(
      (finding) => finding.ruleId === ruleId && path.resolve(finding.location.file) === path.resolve(file),
    );
    const elsewhere = result.findings.filter(
      (finding) => finding.ruleId === ruleId && path.resolve(finding.location.file) !== path.resolve(file),
    );
    for (const finding of elsewhere)
      problems.push(
        `reported in ${path.relative(root, finding.location.file)}, not in the example: ${finding.message}`,
      );
    const covers = (line: number, suppressedToo: boolean) =>
      findings.some(
        (finding) =>
          finding.location.start.line <= line &&
          line <= finding.location.end.line &&
          (suppressedToo ? !!finding.suppression : !finding.suppression),
      );
    for (const line of flagged)
      if (!covers(line, false)) problems.push(`${docLineOf(line)}: marked "flagged" but not reported`);
    for (const line of suppressed)
      if (!covers(line, true)) problems.push(`${docLineOf(line)}: suppressed, but nothing to suppress there`);
    for (const finding of findings) {
      const { start, end } = finding.location;
      const expected = [...(finding.suppression ? suppressed : flagged)].some(
        (line) => start.line <= line && line <= end.line,
      );
      if (!expected)
        problems.push(
          `${docLineOf(start.line)}: reported${finding.suppression ? " as suppressed" : ""} but not marked "// flagged": ${finding.message}`,
        );
    }
    return problems;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe("rule doc examples (each `// flagged` line reports, every other line does not)", function () {
  this.timeout(30000);
  for (const rule of ENGINE_RULES) {
    const docPath = path.join(RULES, rule.id, "doc.md");
    const examples = readDocExamples(fs.readFileSync(docPath, "utf8"));
    describe(rule.id, () => {
      it("shows users the doc without the example comments (explain, hovers, SARIF help)", () => {
        assert.doesNotMatch(ruleDoc(rule.id), /<!--\s*example/);
        assert.ok(ruleDoc(rule.id).includes("## How to suppress"));
      });
      it("has code examples, and some are flagged", () => {
        assert.ok(examples.length > 0, "doc.md has ts/js code blocks");
        assert.ok(
          examples.some((example) => example.lines.some((line) => /\/\/\s*flagged\b/.test(line))),
          "at least one line marked // flagged",
        );
      });
      for (const example of examples)
        it(`doc.md:${example.docLine} (${example.section})`, () => {
          assert.deepStrictEqual(checkExample(rule.id, example), []);
        });
    });
  }
});

describe("doc example reader", () => {
  it("reads indented blocks, their setup and config comments, and skips other languages", () => {
    const doc = [
      "## What it flags",
      "- a case:",
      '  <!-- example config: { "rules": {} } -->',
      "  <!-- example setup:",
      '  import fs from "fs";',
      "  -->",
      "  ```ts",
      "  fs.writeFileSync(a, b); // flagged",
      "  ```",
      "```json",
      "{}",
      "```",
      "```js",
      "x();",
      "```",
    ].join("\n");
    assert.deepStrictEqual(readDocExamples(doc), [
      {
        docLine: 7,
        section: "What it flags",
        extension: ".ts",
        setup: ['import fs from "fs";'],
        config: '{ "rules": {} }',
        lines: ["fs.writeFileSync(a, b); // flagged"],
      },
      { docLine: 13, section: "What it flags", extension: ".js", setup: [], lines: ["x();"] },
    ]);
  });
  it("fails an example whose flagged line is not reported, and one that reports an unmarked line", () => {
    const base = { docLine: 1, section: "s", extension: ".ts" as const, setup: [] };
    assert.deepStrictEqual(
      checkExample("plaintext-transfer", {
        ...base,
        lines: ['export const u = "https://a.example/";  // flagged'],
      }),
      ['doc.md:2: marked "flagged" but not reported'],
    );
    const unmarked = checkExample("plaintext-transfer", {
      ...base,
      lines: ['await fetch("http://a.example/upload", { method: "POST" });'],
    });
    assert.strictEqual(unmarked.length, 1, unmarked.join("\n"));
    assert.match(unmarked[0], /^doc\.md:2: reported but not marked/);
  });
});
