/**
 * Finding messages are templates in each rule's meta.json (typescript-eslint's `meta.messages`),
 * filled by the analyzer with the report's `messageData`:
 * - every message id a rule's code reports is declared in its meta.json;
 * - every placeholder of those templates is given a value at each report (branch by branch);
 * - every value a report gives is used by one of its templates (a misspelt key fails);
 * - on the fixtures, no filled message shows a placeholder, and none copies a data value (a
 *   secret, a literal from a query) from the code.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ts } from "ts-morph";
import { analyzeProject, RULES as ENGINE_RULES, ruleMeta } from "privacy-review";
import { isSecretLiteral } from "privacy-review/internal/engine/classify/secretValues";
import { fillMessage, placeholdersOf } from "privacy-review/internal/engine/rules/messages";
import { REPO, RULES } from "../util/paths";

const RULE_SOURCES = path.join(REPO, "server", "src", "engine", "rules");

/** A value an expression may take, with the branch conditions (`cond` true or false) leading to it. */
interface Branch {
  node: ts.Expression;
  path: Map<string, boolean>;
}

function branches(e: ts.Expression, pathSoFar = new Map<string, boolean>()): Branch[] {
  let node = e;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  if (!ts.isConditionalExpression(node)) return [{ node, path: pathSoFar }];
  const condition = node.condition.getText();
  return [
    ...branches(node.whenTrue, new Map([...pathSoFar, [condition, true]])),
    ...branches(node.whenFalse, new Map([...pathSoFar, [condition, false]])),
  ];
}

/** Two branches can be taken together unless one condition is true on one and false on the other. */
function compatible(a: Branch, b: Branch): boolean {
  return [...a.path].every(([condition, value]) => (b.path.get(condition) ?? value) === value);
}

interface ReportSite {
  where: string;
  messageId: ts.Expression;
  messageData?: ts.Expression;
}

/** `ctx.report({ messageId, messageData })` and the local `report(node, messageId, messageData)`. */
function reportSites(file: string): ReportSite[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const sites: ReportSite[] = [];
  const where = (n: ts.Node): string =>
    `${path.basename(file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n: ts.Node): void => {
    if (ts.isObjectLiteralExpression(n)) {
      const prop = (name: string): ts.Expression | undefined => {
        const p = n.properties.find((x) => x.name && ts.isIdentifier(x.name) && x.name.text === name);
        if (p && ts.isPropertyAssignment(p)) return p.initializer;
        if (p && ts.isShorthandPropertyAssignment(p)) return p.name;
        return undefined;
      };
      const messageId = prop("messageId");
      if (messageId && !ts.isIdentifier(messageId))
        sites.push({ where: where(n), messageId, messageData: prop("messageData") });
    }
    if (
      ts.isCallExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === "report" &&
      n.arguments.length >= 3 &&
      branches(n.arguments[1]).every((b) => ts.isStringLiteral(b.node))
    )
      sites.push({ where: where(n), messageId: n.arguments[1], messageData: n.arguments[2] });
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return sites;
}

function ruleIdOf(file: string): string | undefined {
  return /export const ID = "([a-z-]+)";/.exec(fs.readFileSync(file, "utf8"))?.[1];
}

function keysOf(o: ts.ObjectLiteralExpression): string[] | undefined {
  const keys: string[] = [];
  for (const p of o.properties) {
    if (ts.isSpreadAssignment(p) || !p.name || !ts.isIdentifier(p.name)) return undefined;
    keys.push(p.name.text);
  }
  return keys;
}

describe("rule messages (templates in meta.json)", () => {
  const ruleFiles = fs
    .readdirSync(RULE_SOURCES)
    .map((n) => path.join(RULE_SOURCES, n))
    .filter((f) => ruleIdOf(f) !== undefined);

  it("finds the report sites of every rule", () => {
    assert.deepStrictEqual(ruleFiles.map(ruleIdOf).sort(), ENGINE_RULES.map((r) => r.id).sort());
    for (const f of ruleFiles) assert.ok(reportSites(f).length > 0, `${path.basename(f)} reports`);
  });

  for (const file of ruleFiles) {
    const id = ruleIdOf(file)!;
    it(`${id}: each reported message id is declared, and each report fills exactly its placeholders`, () => {
      const templates = ruleMeta(id).messages;
      const problems: string[] = [];
      const used = new Set<string>();
      for (const site of reportSites(file)) {
        const dataBranches = site.messageData ? branches(site.messageData) : [];
        const idBranches = branches(site.messageId);
        // A key is used when a template this report may pick has its placeholder.
        const usable = (data: Branch): string[] =>
          idBranches
            .filter((b) => compatible(b, data))
            .flatMap((b) => (ts.isStringLiteral(b.node) ? placeholdersOf(templates[b.node.text] ?? "") : []));
        for (const idBranch of idBranches) {
          if (!ts.isStringLiteral(idBranch.node)) {
            problems.push(`${site.where}: messageId is not a string literal (${idBranch.node.getText()})`);
            continue;
          }
          const messageId = idBranch.node.text;
          used.add(messageId);
          const template = templates[messageId];
          if (template === undefined) {
            problems.push(`${site.where}: messageId "${messageId}" is not in ${id}/meta.json`);
            continue;
          }
          const wanted = placeholdersOf(template);
          const paired = dataBranches.filter((d) => compatible(idBranch, d));
          if (!paired.length && wanted.length)
            problems.push(`${site.where}: ${messageId} needs ${wanted.join(", ")}, no messageData given`);
          for (const data of paired) {
            if (!ts.isObjectLiteralExpression(data.node)) {
              problems.push(`${site.where}: messageData is not an object literal`);
              continue;
            }
            const keys = keysOf(data.node);
            if (!keys) {
              problems.push(`${site.where}: messageData has a spread or a computed key`);
              continue;
            }
            const missing = wanted.filter((w) => !keys.includes(w));
            const unused = keys.filter((k) => !usable(data).includes(k));
            if (missing.length) problems.push(`${site.where}: ${messageId} lacks ${missing.join(", ")}`);
            if (unused.length) problems.push(`${site.where}: no template uses ${unused.join(", ")}`);
          }
        }
      }
      const neverReported = Object.keys(templates).filter((m) => !used.has(m));
      if (neverReported.length) problems.push(`declared but never reported: ${neverReported.join(", ")}`);
      assert.deepStrictEqual(problems, []);
    });
  }

  it("fills placeholders, and a missing value is an error, never a visible {{name}}", () => {
    assert.strictEqual(
      fillMessage("{{option}}: {{value}} turns TLS off", { option: "secure", value: "false" }, "t"),
      "secure: false turns TLS off",
    );
    assert.strictEqual(fillMessage("{{ n }} rows, {{n}} again", { n: 3 }, "t"), "3 rows, 3 again");
    assert.throws(() => fillMessage("{{table}} in clear", {}, "rule x"), /rule x: .*\{\{table\}\}/);
    assert.throws(() => fillMessage("{{table}} in clear", undefined, "rule x"), /\{\{table\}\}/);
    assert.throws(() => fillMessage("{{toString}}", {}, "rule x"), /\{\{toString\}\}/);
    assert.deepStrictEqual(placeholdersOf("{{a}} {{b}} {{a}}"), ["a", "b"]);
  });

  describe("on the fixtures", function () {
    this.timeout(120_000);
    for (const rule of ENGINE_RULES) {
      it(`${rule.id}: messages are filled and copy no secret or query literal of the code`, () => {
        const root = path.join(RULES, rule.id, "fixtures");
        const res = analyzeProject({ root, includeTests: true });
        assert.ok(res.findings.length > 0, "the fixtures have findings");
        const templateNotices = res.notices.filter((n) =>
          /message placeholder|does not declare/.test(n.message),
        );
        assert.deepStrictEqual(templateNotices, []);
        const problems: string[] = [];
        const valuesByFile = new Map<string, string[]>();
        const configured = configTexts(root);
        let checkedValues = 0;
        for (const f of res.findings) {
          const file = f.location.file;
          let values = valuesByFile.get(file);
          if (!values) valuesByFile.set(file, (values = dataValuesIn(file, configured)));
          checkedValues += values.length;
          const at = `${path.relative(root, file)}:${f.location.start.line + 1} ${f.ruleId}`;
          if (/\{\{|\}\}/.test(f.message)) problems.push(`${at}: placeholder left in "${f.message}"`);
          for (const v of values)
            if (f.message.includes(v)) problems.push(`${at}: "${v}" copied into "${f.message}"`);
        }
        // The secrets of the credentials fixtures are found, so the check can fail.
        if (rule.id === "hardcoded-credentials") assert.ok(checkedValues > 10, `${checkedValues} secrets`);
        assert.deepStrictEqual(problems, []);
      });
    }
  });
});

const SECRET_NAME = /pass|pwd|secret|token|api_?key|credential|private_?key/i;

/** The name a literal is given to: `password: "x"`, `const token = "x"`, `pass = cfg.p || "x"`. */
function nameGivenTo(n: ts.Node): string | undefined {
  let at = n.parent;
  while (ts.isBinaryExpression(at) || ts.isConditionalExpression(at) || ts.isParenthesizedExpression(at))
    at = at.parent;
  if ((ts.isPropertyAssignment(at) || ts.isVariableDeclaration(at)) && ts.isIdentifier(at.name))
    return at.name.text;
  if (ts.isPropertyAssignment(at) && ts.isStringLiteral(at.name)) return at.name.text;
  return undefined;
}

/**
 * The data values a file's code holds: secrets (a literal given to a password, token or key name
 * that hardcoded-credentials would judge a secret, the password of a URL) and the quoted literals
 * inside SQL text (`WHERE nom = 'Dupont'`), except those the project's configuration also names
 * (an instructed bound, `derniere_visite >= '2017-05-07'`, is the user's own setting).
 */
function dataValuesIn(file: string, configured: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const values = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
      const text = n.text;
      const name = nameGivenTo(n);
      if (text.length >= 4 && name && SECRET_NAME.test(name) && isSecretLiteral(text)) values.add(text);
      const urlPassword = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@/\s]{4,})@/i.exec(text)?.[1];
      if (urlPassword && isSecretLiteral(urlPassword)) values.add(urlPassword);
      if (/\b(select|insert|update|delete)\b/i.test(text))
        for (const m of text.matchAll(/'([^']{3,})'/g)) values.add(m[1]);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  // Six characters at least: a shorter value ("GLY") could be found inside our own words.
  return [...values].filter((v) => v.length >= 6 && !configured.includes(v));
}

/** The text of every privacy-review.json under a folder. */
function configTexts(dir: string): string {
  let text = "";
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) text += configTexts(p);
    else if (e.name === "privacy-review.json") text += fs.readFileSync(p, "utf8");
  }
  return text;
}
