/**
 * Applies safe fixes across a workspace in passes (like ESLint's --fix): each pass takes the
 * non-overlapping edits per file, checks the result still parses, updates the in-memory file and
 * re-analyses; nothing is written to disk here.
 */
import { ts } from "ts-morph";
import { Analyzer } from "../analyzer";
import { Finding, Notice } from "../findings";
import { applyEdits, TextEditAt } from "./edits";
import { FixEngine } from "./fixes";
import { firstLineOf } from "../errors";

export interface FixRun {
  /** New text per file that changed. */
  changed: Map<string, { before: string; after: string; fixes: number }>;
  findings: Finding[];
  notices: Notice[];
}

export interface FixOptions {
  /** Re-analyse only these files between passes (the editor's "Fix all in file"); default all. */
  onlyFiles?: string[];
}

export function applySafeFixes(
  analyzer: Analyzer,
  findings: Finding[],
  rules?: string[],
  maxPasses = 5,
  options: FixOptions = {},
): FixRun {
  const changed = new Map<string, { before: string; after: string; fixes: number }>();
  let current = findings;
  let notices: Notice[] = [];
  for (let pass = 0; pass < maxPasses; pass++) {
    const engine = new FixEngine(analyzer);
    const perFile = new Map<string, { edits: TextEditAt[]; count: number }>();
    for (const f of current) {
      if (f.suppression) continue;
      const fix = engine.safeFixFor(f);
      if (!fix) continue;
      // All edits of one fix must land in files we can take them in without overlap.
      const ok = fix.edits.every((e) => !(perFile.get(e.file)?.edits ?? []).some((o) => overlaps(o, e)));
      if (!ok) continue;
      for (const e of fix.edits) {
        const slot = perFile.get(e.file) ?? { edits: [], count: 0 };
        slot.edits.push(e);
        perFile.set(e.file, slot);
      }
      const first = perFile.get(fix.edits[0].file);
      if (first) first.count++;
    }
    for (const failure of engine.failures)
      if (!notices.some((n) => n.message === failure.message && n.file === failure.file))
        notices.push(failure);
    if (!perFile.size) break;
    let applied = 0;
    for (const [file, { edits, count }] of perFile) {
      const sf = analyzer.ws.get(file);
      if (!sf) continue;
      const before = sf.text;
      let after: string;
      try {
        after = applyEdits(before, edits);
      } catch (error) {
        notices.push({
          file,
          level: "warning",
          message: `a fix was not applied, its edits could not be combined: ${firstLineOf(error)}; please report this`,
        });
        continue;
      }
      if (parseErrors(file, after) > parseErrors(file, before)) {
        notices.push({
          file,
          level: "warning",
          message: "a fix was not applied because the result would not parse; please report this",
        });
        continue;
      }
      analyzer.ws.setText(file, after);
      const prev = changed.get(file);
      changed.set(file, { before: prev?.before ?? before, after, fixes: (prev?.fixes ?? 0) + count });
      applied++;
    }
    if (!applied) break;
    const only = options.onlyFiles?.map((f) => analyzer.ws.get(f)).filter((sf): sf is ts.SourceFile => !!sf);
    const res = analyzer.run({ rules, files: only });
    current = res.findings;
    notices = notices.concat(
      res.notices.filter((n) => !notices.some((m) => m.message === n.message && m.file === n.file)),
    );
  }
  return { changed, findings: current, notices };
}

function overlaps(a: TextEditAt, b: TextEditAt): boolean {
  if (a.file !== b.file) return false;
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}

export function parseErrors(file: string, text: string): number {
  const kind = /\.tsx$/.test(file)
    ? ts.ScriptKind.TSX
    : /\.[cm]?ts$/.test(file)
      ? ts.ScriptKind.TS
      : /\.jsx$/.test(file)
        ? ts.ScriptKind.JSX
        : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  return ((sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? []).length;
}
