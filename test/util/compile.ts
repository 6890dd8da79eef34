/**
 * "Still compiles" for fix tests: type-check one file with TypeScript (Node types available, the
 * scanned project's libraries absent, as on a bare checkout) and list its errors, ignoring the
 * ones that only say a library is not installed.
 */
import * as path from "path";
import * as ts from "typescript";
import { REPO } from "./paths";

const IGNORED = new Set([2307, 7016, 2792, 2875]); // cannot find module / its types

const OPTIONS: ts.CompilerOptions = {
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
  moduleDetection: ts.ModuleDetectionKind.Force,
};

/** The files every check reads (the standard library, @types/node), parsed and bound once. */
const sharedFiles = new Map<string, ts.SourceFile | undefined>();
const checked = new Map<string, string[]>();

export function compileErrors(file: string, text: string): string[] {
  return compileErrorsOfEach([{ file, text }])[0];
}

/**
 * The errors of each text as if it were `file`, all checked in one program (one type checker for
 * the lot: the library types are resolved once). Each text is a root of its own beside the file
 * (`export.check3.ts`), so its relative imports resolve as the file's do; every file is a module
 * (moduleDetection: force), so two versions of one script never clash over their globals.
 */
export function compileErrorsOfEach(items: Array<{ file: string; text: string }>): string[][] {
  const keyOf = (it: { file: string; text: string }): string => path.resolve(it.file) + "\0" + it.text;
  const todo = [
    ...new Map(items.filter((it) => !checked.has(keyOf(it))).map((it) => [keyOf(it), it])).values(),
  ];
  if (todo.length) {
    const roots = new Map<string, { key: string; text: string; original: string }>();
    todo.forEach((it, i) => {
      const abs = path.resolve(it.file);
      const ext = /\.d\.[cm]?ts$/.exec(abs)?.[0] ?? path.extname(abs);
      roots.set(abs.slice(0, abs.length - ext.length) + `.check${i}` + ext, {
        key: keyOf(it),
        text: it.text,
        original: abs,
      });
    });
    const host = ts.createCompilerHost(OPTIONS);
    const orig = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, onError, create) => {
      const root = roots.get(path.resolve(name));
      if (root) return ts.createSourceFile(name, root.text, lang, true);
      if (!sharedFiles.has(name)) sharedFiles.set(name, orig(name, lang, onError, create));
      return sharedFiles.get(name);
    };
    const orr = host.readFile.bind(host);
    host.readFile = (name) => roots.get(path.resolve(name))?.text ?? orr(name);
    const ofe = host.fileExists.bind(host);
    host.fileExists = (name) => roots.has(path.resolve(name)) || ofe(name);
    const program = ts.createProgram([...roots.keys()], OPTIONS, host);
    for (const [name, root] of roots) {
      const sf = program.getSourceFile(name)!;
      const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
      const shownName = path.basename(name).replace(/\.[^.]+$/, "");
      const originalName = path.basename(root.original).replace(/\.[^.]+$/, "");
      checked.set(
        root.key,
        diags
          .filter((d) => !IGNORED.has(d.code))
          .map((d) =>
            `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`
              .split(shownName)
              .join(originalName),
          ),
      );
    }
  }
  return items.map((it) => checked.get(keyOf(it))!);
}

/** Errors in `after` that `before` did not have (as a multiset). */
export function newErrors(file: string, before: string, after: string): string[] {
  const [a, b] = compileErrorsOfEach([
    { file, text: before },
    { file, text: after },
  ]);
  return added(a, b);
}

/** The errors of `b` that `a` does not have (as a multiset). */
export function added(a: string[], b: string[]): string[] {
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
