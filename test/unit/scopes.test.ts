import * as assert from "assert";
import { ts } from "ts-morph";
import { resolveIdentifier } from "privacy-review/internal/engine/ast/scopes";

/**
 * Our name resolution (no binder, no checker) must agree with TypeScript's checker on every
 * identifier that refers to a declaration in the same file.
 */
function disagreements(code: string, fileName = "/virtual/a.ts"): string[] {
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.ES2022, true);
  const host: ts.CompilerHost = {
    getSourceFile: (f) => (f === fileName ? sf : undefined),
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => undefined,
    getCurrentDirectory: () => "/virtual",
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (f) => f === fileName,
    readFile: () => undefined,
  };
  const program = ts.createProgram(
    [fileName],
    { noLib: true, allowJs: true, target: ts.ScriptTarget.ES2022 },
    host,
  );
  const checker = program.getTypeChecker();
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    // The checker gives a shorthand `{ upload }` the property's symbol, and JS files a synthetic `module`.
    if (
      ts.isIdentifier(n) &&
      !isMemberName(n) &&
      !ts.isShorthandPropertyAssignment(n.parent) &&
      n.text !== "module" &&
      n.text !== "exports"
    ) {
      const sym = checker.getSymbolAtLocation(n);
      const expected = sym?.declarations?.filter((d) => d.getSourceFile() === sf) ?? [];
      const got = resolveIdentifier(n);
      const line = sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
      if (expected.length && !got)
        out.push(
          `${n.text}@${line}: unresolved, checker says line ${sf.getLineAndCharacterOfPosition(expected[0].getStart()).line + 1}`,
        );
      else if (got && expected.length && !expected.includes(got))
        out.push(
          `${n.text}@${line}: resolved to line ${sf.getLineAndCharacterOfPosition(got.getStart()).line + 1}, checker says line ${sf.getLineAndCharacterOfPosition(expected[0].getStart()).line + 1}`,
        );
      else if (got && !expected.length && sym)
        out.push(`${n.text}@${line}: resolved, checker finds no local declaration`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function isMemberName(id: ts.Identifier): boolean {
  const p = id.parent;
  return (
    (ts.isPropertyAccessExpression(p) && p.name === id) ||
    (ts.isPropertyAssignment(p) && p.name === id) ||
    (ts.isMethodDeclaration(p) && p.name === id) ||
    (ts.isPropertyDeclaration(p) && p.name === id) ||
    (ts.isPropertySignature(p) && p.name === id) ||
    (ts.isBindingElement(p) && p.propertyName === id) ||
    (ts.isImportSpecifier(p) && p.propertyName === id) ||
    ts.isExportSpecifier(p) ||
    ts.isQualifiedName(p) ||
    ts.isJsxAttribute(p) ||
    (ts.isEnumMember(p) && p.name === id) ||
    (ts.isGetAccessor(p) && p.name === id) ||
    (ts.isSetAccessor(p) && p.name === id) ||
    ts.isLabeledStatement(p) ||
    ts.isBreakOrContinueStatement(p)
  );
}

describe("name resolution without the binder", () => {
  it("follows block scoping, shadowing and var hoisting like the checker", () => {
    const code = `
      import fs, { writeFileSync as w } from "fs";
      import * as path from "path";
      import cp = require("child_process");
      const rows = [1, 2];
      let out = "";
      function dump(rows: number[], { dir, name: file }: { dir: string; name: string }) {
        if (rows.length) {
          const rows = "shadow";
          var hoisted = rows;
        }
        for (const r of rows) { out += r; }
        for (var i = 0; i < rows.length; i++) out += i;
        try { w(path.join(dir, file), out); } catch (rows) { console.log(rows, hoisted, i); }
        return fs.existsSync(file) && cp;
      }
      const again = function self(n: number): number { return n ? self(n - 1) : dump(rows, { dir: "", name: "" }) ? 1 : 0; };
      class Exporter { run(x = rows) { const rows = 2; return x + rows; } }
      switch (rows.length) { case 1: { let rows = 3; out += rows; break; } default: out += rows; }
      export const exported = () => new Exporter().run() + again(1);
      export function overload(a: string): void;
      export function overload(a: number): void;
      export function overload(a: unknown): void { void a; void exported; }
      overload(1);
      enum Kind { A } namespace NS { export const v = Kind.A; }
      void NS;
      label: for (const [a, , b = a] of [[1, 2, 3]]) { if (a) break label; void b; }
    `;
    assert.deepStrictEqual(disagreements(code), []);
  });

  it("resolves CommonJS requires, nested functions and catch-less try in JavaScript", () => {
    const code = `
      const { Client } = require("basic-ftp");
      var client = new Client();
      function upload(file) {
        var local = file;
        function inner() { return local + file; }
        try { return client.uploadFrom(inner(), "x"); } finally { client.close(); }
      }
      module.exports = { upload };
      if (true) { function inBlock() { return upload("a"); } inBlock(); }
    `;
    assert.deepStrictEqual(disagreements(code, "/virtual/a.js"), []);
  });

  it("leaves globals and unknown names unresolved", () => {
    const sf = ts.createSourceFile(
      "/virtual/g.ts",
      "console.log(process.env.X, undefinedThing);",
      ts.ScriptTarget.ES2022,
      true,
    );
    const ids: ts.Identifier[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isIdentifier(n) && !isMemberName(n)) ids.push(n);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    assert.ok(ids.length >= 3);
    for (const id of ids) assert.strictEqual(resolveIdentifier(id), undefined, id.text);
  });
});
