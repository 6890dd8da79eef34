/**
 * Errors are never swallowed: every `catch` in the engine either handles a named, expected
 * condition (a comment saying `expected: …`), rethrows what it does not expect, or records a
 * notice (file, rule, message). A rule that throws becomes a notice, never "nothing found".
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ts } from "ts-morph";
import { analyzeProject, RULES as ENGINE_RULES } from "privacy-review";
import { formatSarif } from "privacy-review/internal/cli/format/sarif";
import { REPO } from "../util/paths";

const ENGINE = path.join(REPO, "server", "src", "engine");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Why a catch block is acceptable, or undefined when it swallows the error. */
function handling(block: string): string | undefined {
  if (/\bexpected: \S/.test(block)) return "names the expected condition";
  if (/\bthrow\b|rethrowUnlessTooDeep\(/.test(block)) return "rethrows";
  // recordIndexFailure/discardIndex keep the error for the analyzer's notices (indexFailureNotices).
  if (
    /notices?\.push\(|failures\.push\(|recordIndexFailure\(|discardIndex\(|\blevel: "(error|warning|note)"/.test(
      block,
    )
  )
    return "records a notice";
  return undefined;
}

function catchSites(): Array<{ where: string; block: string }> {
  const sites: Array<{ where: string; block: string }> = [];
  for (const file of sourceFiles(ENGINE)) {
    const text = fs.readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCatchClause(node)) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        sites.push({ where: `${path.relative(REPO, file)}:${line}`, block: node.block.getFullText(sf) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return sites;
}

describe("no swallowed errors", function () {
  this.timeout(60_000);
  it("the engine has catch sites to check", () => assert.ok(catchSites().length >= 30));

  it("every catch in server/src/engine names its expected condition, rethrows or records a notice", () => {
    const swallowing = catchSites().filter((site) => !handling(site.block));
    assert.deepStrictEqual(
      swallowing.map((site) => site.where),
      [],
      "add `// expected: <condition>`, rethrow, or push a notice",
    );
  });

  it("the check itself rejects an empty catch and a comment that names nothing", () => {
    assert.strictEqual(handling("{}"), undefined);
    assert.strictEqual(handling("{ /* ignore */ return []; }"), undefined);
    assert.ok(handling("{ return []; // expected: not SQL in this dialect }"));
  });

  it("a rule that throws is a notice naming the file and the rule, and SARIF says the run did not succeed", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pr-throw-"));
    fs.writeFileSync(path.join(root, "a.ts"), `export const FEED = "http://partner.example/api";\n`);
    const rule = ENGINE_RULES.find((r) => r.id === "plaintext-transfer");
    assert.ok(rule);
    const original = rule.run.bind(rule);
    rule.run = () => {
      throw new Error("boom in the rule");
    };
    try {
      const { findings, notices, durationMs } = analyzeProject({ root });
      assert.ok(!findings.some((f) => f.ruleId === "plaintext-transfer"));
      const notice = notices.find((n) => n.level === "error" && n.file.endsWith("a.ts"));
      assert.ok(notice, `an error notice for a.ts, got ${JSON.stringify(notices)}`);
      assert.match(notice.message, /plaintext-transfer/);
      assert.match(notice.message, /boom in the rule/);
      const sarif = JSON.parse(
        formatSarif({ findings, notices, root, fileCount: 1, durationMs, toolVersion: "0.0.0-test" }),
      ) as { runs: Array<{ invocations: Array<{ executionSuccessful: boolean }> }> };
      assert.strictEqual(sarif.runs[0].invocations[0].executionSuccessful, false);
    } finally {
      rule.run = original;
    }
  });

  it("a finding whose messageId the rule's meta.json does not declare is an error notice, not a finding", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pr-message-"));
    fs.writeFileSync(path.join(root, "a.ts"), `export const FEED = "http://partner.example/api";\n`);
    const rule = ENGINE_RULES.find((r) => r.id === "plaintext-transfer");
    assert.ok(rule);
    const original = rule.run.bind(rule);
    rule.run = (ctx) =>
      original({ ...ctx, report: (rep) => ctx.report({ ...rep, messageId: "notDeclared" }) });
    try {
      const { findings, notices } = analyzeProject({ root });
      assert.deepStrictEqual(
        findings.filter((f) => f.ruleId === "plaintext-transfer"),
        [],
      );
      const notice = notices.find((n) => n.level === "error" && n.file.endsWith("a.ts"));
      assert.ok(notice, `an error notice for a.ts, got ${JSON.stringify(notices)}`);
      assert.match(notice.message, /messageId "notDeclared"/);
    } finally {
      rule.run = original;
    }
    const clean = analyzeProject({ root });
    assert.deepStrictEqual(
      clean.findings.map((f) => [f.ruleId, f.messageId]),
      [["plaintext-transfer", "httpEndpoint"]],
    );
  });
});
