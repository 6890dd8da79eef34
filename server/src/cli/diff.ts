/** Unified diffs of the files `--fix-dry-run` would change. */
import { escapeControls } from "./format/escape";

/**
 * A unified diff (3 lines of context) of each fixed file, for --fix-dry-run, with `a/` and `b/`
 * before the name as git writes them. Control characters in the code are escaped (tabs kept).
 */
export function formatDiffs(
  changed: Map<string, { before: string; after: string }>,
  nameOf: (file: string) => string,
): string {
  const out: string[] = [];
  for (const [file, { before, after }] of changed) {
    const name = nameOf(file);
    const hunks = unifiedHunks(before.split(/\r?\n/), after.split(/\r?\n/));
    out.push(`--- a/${name}`, `+++ b/${name}`, ...hunks.map(escapeKeepingTabs));
  }
  return out.length ? out.join("\n") + "\n" : "";
}

function escapeKeepingTabs(line: string): string {
  return line.split("\t").map(escapeControls).join("\t");
}

type Op = [" " | "-" | "+", string];

/** The lines of `a` and `b` as kept (" "), removed ("-") and added ("+"), in order. */
function lineOps(a: string[], b: string[]): Op[] {
  // LCS table over the differing middle (files under review are small; cap keeps it bounded).
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf])
    suf++;
  const A = a.slice(pre, a.length - suf),
    B = b.slice(pre, b.length - suf);
  const ops: Op[] = [];
  if (A.length * B.length > 4_000_000) {
    A.forEach((l) => ops.push(["-", l]));
    B.forEach((l) => ops.push(["+", l]));
  } else {
    const L: number[][] = Array.from({ length: A.length + 1 }, () => new Array<number>(B.length + 1).fill(0));
    for (let i = A.length - 1; i >= 0; i--)
      for (let j = B.length - 1; j >= 0; j--)
        L[i][j] = A[i] === B[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    let i = 0,
      j = 0;
    while (i < A.length || j < B.length) {
      if (i < A.length && j < B.length && A[i] === B[j]) {
        ops.push([" ", A[i]]);
        i++;
        j++;
      } else if (i < A.length && (j === B.length || L[i + 1][j] >= L[i][j + 1])) {
        ops.push(["-", A[i]]);
        i++;
      } else {
        ops.push(["+", B[j]]);
        j++;
      }
    }
  }
  return [
    ...a.slice(0, pre).map((l): Op => [" ", l]),
    ...ops,
    ...a.slice(a.length - suf).map((l): Op => [" ", l]),
  ];
}

/** Where a line of the fixed text was before the fixes (0-based), and whether it is that line unchanged. */
export interface OriginalLine {
  line: number;
  unchanged: boolean;
}

/**
 * For each line of `after` (0-based), its line in `before`: the same line when it was kept; for
 * a line the fixes wrote, the first line they replaced, or the line they were inserted before.
 */
export function originalLines(before: string, after: string): OriginalLine[] {
  const a = before.split(/\r?\n/);
  const map: OriginalLine[] = [];
  let oldLine = 0;
  let blockStart: number | undefined; // first removed line of the current change block
  for (const [op] of lineOps(a, after.split(/\r?\n/))) {
    if (op === " ") {
      map.push({ line: oldLine++, unchanged: true });
      blockStart = undefined;
    } else if (op === "-") {
      blockStart ??= oldLine;
      oldLine++;
    } else map.push({ line: Math.min(blockStart ?? oldLine, a.length - 1), unchanged: false });
  }
  return map;
}

function unifiedHunks(a: string[], b: string[]): string[] {
  const all = lineOps(a, b);
  const lines: string[] = [];
  let k = 0,
    oldLine = 1,
    newLine = 1;
  while (k < all.length) {
    if (all[k][0] === " ") {
      k++;
      oldLine++;
      newLine++;
      continue;
    }
    const start = Math.max(0, k - 3);
    let end = k;
    while (end < all.length) {
      if (all[end][0] !== " ") {
        end++;
        continue;
      }
      let run = 0;
      while (end + run < all.length && all[end + run][0] === " ") run++;
      if (run > 6 || end + run >= all.length) {
        end = Math.min(all.length, end + 3);
        break;
      }
      end += run;
    }
    const hunk = all.slice(start, end);
    const oStart = oldLine - (k - start),
      nStart = newLine - (k - start);
    lines.push(
      `@@ -${oStart},${hunk.filter((h) => h[0] !== "+").length} +${nStart},${hunk.filter((h) => h[0] !== "-").length} @@`,
    );
    for (const [op, text] of hunk) lines.push(op + text);
    for (let x = k; x < end; x++) {
      if (all[x][0] !== "+") oldLine++;
      if (all[x][0] !== "-") newLine++;
    }
    k = end;
  }
  return lines;
}
