/**
 * "Still compiles" for fix tests: type-check one file with TypeScript (Node types available, the
 * scanned project's libraries absent, as on a bare checkout) and list its errors, ignoring the
 * ones that only say a library is not installed.
 */
import * as path from "path";
import * as ts from "typescript";
import { REPO } from "./paths";

const IGNORED = new Set([2307, 7016, 2792, 2875]); // cannot find module / its types

export function compileErrors(file: string, text: string): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: false,
    noEmit: true,
    allowJs: true,
    checkJs: false,
    skipLibCheck: true,
    esModuleInterop: true,
    types: ["node"],
    typeRoots: [path.join(REPO, "node_modules", "@types")],
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  };
  const host = ts.createCompilerHost(options);
  const orig = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) =>
    path.resolve(name) === path.resolve(file)
      ? ts.createSourceFile(name, text, lang, true)
      : orig(name, lang, onError, create);
  const orr = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === path.resolve(file) ? text : orr(name));
  const ofe = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === path.resolve(file) || ofe(name);
  const program = ts.createProgram([file], options, host);
  const sf = program.getSourceFile(file)!;
  const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
  return diags
    .filter((d) => !IGNORED.has(d.code))
    .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}

/** Errors in `after` that `before` did not have (as a multiset). */
export function newErrors(file: string, before: string, after: string): string[] {
  const a = compileErrors(file, before);
  const b = compileErrors(file, after);
  const left = [...a];
  return b.filter((e) => {
    const i = left.indexOf(e);
    if (i >= 0) {
      left.splice(i, 1);
      return false;
    }
    return true;
  });
}
