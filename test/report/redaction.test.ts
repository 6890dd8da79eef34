/**
 * The migration record copies no data: literals written into SQL are shown as `?`, and names
 * from the code cannot inject Markdown or HTML into the record a DPO opens.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeProject } from "privacy-review";
import { buildRecord } from "privacy-review/internal/engine/report/record";
import { renderHtml, renderJson, renderMarkdown } from "privacy-review/internal/engine/report/render";
import { sqlShape } from "privacy-review/internal/engine/report/redact";

describe("migration record: no data values, no injected markup", function () {
  this.timeout(60_000);

  it("replaces string, number and dollar-quoted literals by ?, keeps bind parameters and names", () => {
    assert.strictEqual(
      sqlShape(`SELECT nom, "prenom" FROM patient WHERE nom = 'Dupont' AND age > 42 AND id = $1`),
      `SELECT nom, "prenom" FROM patient WHERE nom = ? AND age > ? AND id = $1`,
    );
    assert.strictEqual(
      sqlShape(`select * from t1 where note = 'l''HIV' -- Martin\n limit 10`),
      "select * from t1 where note = ? limit ?",
    );
    assert.strictEqual(
      sqlShape(`SELECT * FROM p WHERE name = "Durand" /* Jean */`),
      "SELECT * FROM p WHERE name = ?",
    );
    assert.strictEqual(
      sqlShape(`SELECT * FROM p WHERE c = $$tuberculose$$ OR d = E'a\\'b'`),
      "SELECT * FROM p WHERE c = ? OR d = ?",
    );
    assert.strictEqual(
      sqlShape(`SELECT * FROM p WHERE dob BETWEEN '1950-01-01' AND '1960-01-01'`),
      "SELECT * FROM p WHERE dob BETWEEN ? AND ?",
    );
    assert.strictEqual(
      sqlShape(`SELECT * FROM p WHERE id IN ('a', 'b', 3) AND x = :name`),
      "SELECT * FROM p WHERE id IN (?, ?, ?) AND x = :name",
    );
  });

  it("a script with values in its SQL and hostile names: no value and no raw markup in md, html or json", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pr-record-"));
    try {
      const dir = path.join(root, "src", "a_<img src=x onerror=alert(1)>*x*");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, "export.ts"),
        [
          `import { Client } from "pg";`,
          `import * as fs from "fs";`,
          `export async function run(db: Client) {`,
          `  const rows = await db.query("SELECT nom, email FROM patient WHERE nom = 'Dupont' AND ssn = '1850575123456'");`,
          `  fs.writeFileSync("/tmp/out.csv", JSON.stringify(rows));`,
          `}`,
          ``,
        ].join("\n"),
      );
      const result = analyzeProject({ root });
      const rec = buildRecord(result.analyzer, result.findings, "0.0.0-test");
      const md = renderMarkdown(rec);
      const html = renderHtml(rec);
      const json = renderJson(rec);
      assert.match(json, /FROM patient WHERE nom = \? AND ssn = \?/, "the query's shape is kept");
      for (const [format, text] of Object.entries({ md, html, json })) {
        assert.ok(!text.includes("Dupont"), `${format}: a name from the SQL is copied`);
        assert.ok(!text.includes("1850575123456"), `${format}: a number from the SQL is copied`);
      }
      assert.doesNotMatch(md, /(^|[^\\])<img/m, "md: raw HTML from a folder name");
      assert.ok(md.includes("\\<img"), "md: the folder name is shown, escaped");
      assert.ok(!html.includes("<img"), "html: raw HTML from a folder name");
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
