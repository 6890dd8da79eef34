/**
 * Who may import whom (ARCHITECTURE.md, "Who may import whom"), checked on the import graph of the
 * sources: engine layers import only their own layer or the ones below; rules never import each
 * other; the engine never imports the CLI or the language server; the client only the shared protocol.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ts } from "ts-morph";
import { REPO } from "../util/paths";

const SERVER_SRC = path.join(REPO, "server", "src");
const ENGINE = path.join(SERVER_SRC, "engine");

/** Engine layers, lowest first: a module may import its own layer and the layers before it. */
const ENGINE_LAYERS: string[][] = [
  ["ast", "sql", "classify", "errors.ts", "paths.ts", "findings.ts", "suppress"],
  ["load", "config", "models", "resolve", "schema"],
  ["queries", "routes", "instructions", "commands", "flow"],
  ["rules"],
  ["analyzer.ts", "fixes", "report", "index.ts"],
];

/** rules/ modules that are not rules: what rules share, and the registry that lists them. */
const RULE_SUPPORT = ["context", "facts", "shared", "citation", "connections", "registry", "requestChannel"];

/** Known breaks, each to be moved down (listed so that no new one slips in unseen): none today. */
const KNOWN_EXCEPTIONS: string[] = [];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Relative imports of a file, resolved to absolute paths without extension. */
function relativeImports(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
      specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    else if (ts.isCallExpression(node) && node.expression.getText(sf) === "require") {
      const first = node.arguments[0];
      if (first && ts.isStringLiteral(first)) specifiers.push(first.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) specifiers.push(literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return specifiers.filter((s) => s.startsWith(".")).map((s) => path.resolve(path.dirname(file), s));
}

/** The engine layer of a module (absolute path, with or without .ts). */
function engineLayer(modulePath: string): number {
  const top = path.relative(ENGINE, modulePath).split(path.sep)[0];
  const name = top.endsWith(".ts") ? top : fs.existsSync(path.join(ENGINE, top + ".ts")) ? top + ".ts" : top;
  const layer = ENGINE_LAYERS.findIndex((members) => members.includes(name));
  assert.ok(layer >= 0, `${path.relative(REPO, modulePath)} is in no layer: add it to ENGINE_LAYERS`);
  return layer;
}

const isInside = (folder: string, file: string): boolean => !path.relative(folder, file).startsWith("..");
const shown = (file: string): string => path.relative(REPO, file).split(path.sep).join("/");

/** Why an import from `file` to `target` breaks the layering, or undefined when it is allowed. */
function edgeProblem(file: string, target: string): string | undefined {
  const inFolder = (name: string, f: string): boolean => isInside(path.join(SERVER_SRC, name), f);
  if (isInside(ENGINE, file)) {
    if (!isInside(ENGINE, target)) return "the engine imports no CLI, language server or protocol code";
    if (engineLayer(target) > engineLayer(file)) return "imports a higher layer";
    const rulesDir = path.join(ENGINE, "rules");
    const isRule = (f: string): boolean =>
      path.dirname(f) === rulesDir && !RULE_SUPPORT.includes(path.basename(f).replace(/\.ts$/, ""));
    if (isRule(file) && isRule(target)) return "rules never import each other";
    if (isRule(file) && path.basename(target) === "registry") return "a rule imports the registry";
    return undefined;
  }
  if (inFolder("cli", file) && inFolder("lsp", target)) return "CLI and LSP are apart";
  if (inFolder("lsp", file) && inFolder("cli", target)) return "CLI and LSP are apart";
  if (inFolder("shared", file)) return "the shared protocol module imports nothing of ours";
  if (isInside(path.join(REPO, "client"), file) && !isInside(path.join(REPO, "client"), target))
    return inFolder("shared", target) ? undefined : "the client imports only server/src/shared";
  return undefined;
}

/** Every import that breaks the layering, as "from -> to (why)". */
function layeringViolations(): string[] {
  const problems: string[] = [];
  const files = [...sourceFiles(SERVER_SRC), ...sourceFiles(path.join(REPO, "client", "src"))];
  for (const file of files)
    for (const target of relativeImports(file)) {
      const problem = edgeProblem(file, target);
      if (problem && !KNOWN_EXCEPTIONS.includes(`${shown(file)} -> ${shown(target)}`))
        problems.push(`${shown(file)} -> ${shown(target)} (${problem})`);
    }
  return problems;
}

describe("layering: who may import whom", function () {
  this.timeout(60_000);
  it("reads a real import graph (the analyzer imports the rules registry)", () => {
    const analyzerImports = relativeImports(path.join(ENGINE, "analyzer.ts")).map(shown);
    assert.ok(analyzerImports.includes("server/src/engine/rules/registry"), analyzerImports.join(", "));
  });

  it("has no import that breaks the layering", () => {
    assert.deepStrictEqual(layeringViolations(), []);
  });

  it("flags the imports it forbids", () => {
    const rules = path.join(ENGINE, "rules");
    const problem = (from: string, to: string): string | undefined =>
      edgeProblem(path.join(REPO, from), path.join(REPO, to));
    assert.match(
      problem(
        "server/src/engine/rules/anonymousAccess.ts",
        "server/src/engine/rules/unencryptedPatientWrite",
      ) ?? "",
      /each other/,
    );
    assert.strictEqual(
      edgeProblem(path.join(rules, "anonymousAccess.ts"), path.join(rules, "shared")),
      undefined,
    );
    assert.match(problem("server/src/engine/flow/taint.ts", "server/src/engine/rules/facts") ?? "", /higher/);
    assert.match(problem("server/src/engine/analyzer.ts", "server/src/lsp/session") ?? "", /no CLI/);
    assert.match(problem("client/src/extension.ts", "server/src/engine/analyzer") ?? "", /only/);
  });

  it("places every engine module in a layer", () => {
    for (const file of sourceFiles(ENGINE)) engineLayer(file);
  });
});
