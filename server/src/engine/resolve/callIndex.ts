/**
 * Calls by callee name across the workspace (for "who calls this function?"), kept between
 * analyses and updated only for files whose text changed.
 */
import { ts } from "ts-morph";
import { unwrap } from "../ast/nodes";
import { discardIndex, FileIndex, fileIndex } from "./fileIndex";
import type { CallLike } from "./values";

export class CallIndex {
  private byName = new Map<string, Set<CallLike>>();
  private perFile = new Map<string, { sf: ts.SourceFile; calls: Array<[string, CallLike]> }>();

  /** Bring the index up to date with these files (others are dropped). */
  update(files: ts.SourceFile[]): void {
    const seen = new Set<string>();
    for (const sf of files) {
      seen.add(sf.fileName);
      const prev = this.perFile.get(sf.fileName);
      if (prev && prev.sf === sf) continue;
      if (prev) this.drop(prev.calls);
      let calls: Array<[string, CallLike]> = [];
      try {
        calls = calleeNames(fileIndex(sf));
      } catch (error) {
        // This file's calls cannot be read: it counts as calling nothing, and the run says so.
        discardIndex(sf, error);
      }
      for (const [n, c] of calls) {
        let set = this.byName.get(n);
        if (!set) {
          set = new Set();
          this.byName.set(n, set);
        }
        set.add(c);
      }
      this.perFile.set(sf.fileName, { sf, calls });
    }
    for (const [file, entry] of this.perFile)
      if (!seen.has(file)) {
        this.drop(entry.calls);
        this.perFile.delete(file);
      }
  }

  private drop(calls: Array<[string, CallLike]>): void {
    for (const [n, c] of calls) this.byName.get(n)?.delete(c);
  }

  calls(name: string): Iterable<CallLike> {
    return this.byName.get(name) ?? [];
  }
}

function calleeNames(idx: FileIndex): Array<[string, CallLike]> {
  const out: Array<[string, CallLike]> = [];
  for (const c of [...idx.calls, ...idx.news]) {
    const e = unwrap(c.expression);
    const n = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
    if (n) out.push([n, c]);
  }
  return out;
}
