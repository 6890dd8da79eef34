/** The migration record: snapshots (md/json), HTML structure, and no data values copied from the code. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as os from "os";
import { ts } from "ts-morph";
import { analyzeProject } from "privacy-review";
import { buildRecord } from "privacy-review/internal/engine/report/record";
import { renderHtml, renderJson, renderMarkdown } from "privacy-review/internal/engine/report/render";
import { REPO } from "../util/paths";

const EXAMPLE = path.join(REPO, "examples", "lab-migration");
const SNAPSHOTS = path.join(REPO, "test", "report", "snapshots");

function record() {
  const res = analyzeProject({ root: EXAMPLE });
  return buildRecord(res.analyzer, res.findings, "0.0.0-test");
}

function normalise(text: string): string {
  return text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, "<time>");
}

function snapshot(name: string, actual: string): void {
  const file = path.join(SNAPSHOTS, name);
  // A snapshot is written only on request: a missing one fails, it is never created by the test.
  if (process.env.UPDATE_SNAPSHOTS) {
    fs.mkdirSync(SNAPSHOTS, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  assert.ok(fs.existsSync(file), `${name} has no snapshot (run with UPDATE_SNAPSHOTS=1 and review it)`);
  assert.strictEqual(
    actual,
    fs.readFileSync(file, "utf8"),
    `${name} differs from its snapshot (set UPDATE_SNAPSHOTS=1 to accept an intended change)`,
  );
}

describe("migration record", function () {
  this.timeout(60_000);
  const rec = record();

  it("matches the Markdown snapshot", () => snapshot("lab-migration.md", normalise(renderMarkdown(rec))));
  it("matches the JSON snapshot", () => snapshot("lab-migration.json", normalise(renderJson(rec))));

  it("says which instruction each lab's scripts keep to", () => {
    const byId = Object.fromEntries(rec.instructions.map((i) => [i.id, i.verdict]));
    assert.strictEqual(byId["LAB-A-2020-09"], "within");
    assert.strictEqual(byId["LAB-B-2020-10"], "beyond");
  });

  it("is one self-contained, printable HTML page", () => {
    const html = renderHtml(rec);
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<style>[\s\S]*@media print/);
    assert.ok(!/<script|<link|\bsrc=|url\(/i.test(html), "no scripts, links or external assets");
    assert.strictEqual(
      (html.match(/<section class="script">/g) ?? []).length,
      rec.scripts.length,
      "one section per script",
    );
    assert.ok(html.includes("LAB-B-2020-10") && html.includes("goes beyond the instruction"));
    assert.strictEqual((html.match(/<table>/g) ?? []).length, (html.match(/<\/table>/g) ?? []).length);
  });

  it("never contains a string literal value from the scanned code (identifiers and SQL text aside)", () => {
    const outputs = [renderMarkdown(rec), renderJson(rec), renderHtml(rec)];
    const literals = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|js)$/.test(e.name)) {
          const sf = ts.createSourceFile(p, fs.readFileSync(p, "utf8"), ts.ScriptTarget.Latest, true);
          const visit = (n: ts.Node): void => {
            if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) literals.add(n.text);
            if (ts.isTemplateExpression(n)) {
              literals.add(n.head.text);
              n.templateSpans.forEach((s) => literals.add(s.literal.text));
            }
            ts.forEachChild(n, visit);
          };
          visit(sf);
        }
      }
    };
    walk(path.join(EXAMPLE, "src"));
    const isIdentifier = (s: string): boolean => /^[A-Za-z_$][\w$-]*$/.test(s);
    const isSql = (s: string): boolean => /^\s*(select|with|copy)\b/i.test(s);
    // Values, not prose: a literal with digits or punctuation beyond spaces and commas (paths, hosts, dates, secrets).
    const isValue = (s: string): boolean => /[\d/@.:=_#%]/.test(s.trim());
    const checked = [...literals].filter(
      (l) => l.trim().length >= 4 && !isIdentifier(l.trim()) && !isSql(l) && isValue(l),
    );
    assert.ok(checked.length > 5, "the example has literal values to check");
    for (const out of outputs)
      for (const l of checked)
        assert.ok(!out.includes(l), `the record copies the literal ${JSON.stringify(l)}`);
  });
});

describe("privacy-review report (CLI)", function () {
  this.timeout(60_000);
  it("writes the HTML record to a file", () => {
    const { spawnSync } = require("child_process") as typeof import("child_process");
    const { CLI } = require("../util/paths") as typeof import("../util/paths");
    const out = path.join(os.tmpdir(), `pr-record-${process.pid}.html`);
    try {
      const r = spawnSync(process.execPath, [CLI, "report", EXAMPLE, "--format", "html", "--output", out], {
        encoding: "utf8",
      });
      assert.strictEqual(r.status, 0, r.stderr);
      assert.match(fs.readFileSync(out, "utf8"), /Migration record — lab-migration/);
    } finally {
      fs.rmSync(out, { force: true });
    }
  });
});
