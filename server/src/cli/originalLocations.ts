/**
 * `--fix-dry-run` writes nothing, so the findings that remain (found by analysing the fixed text)
 * are shown where they are in the files as they are on disk: each location in a file the fixes
 * would change is moved back through the diff of that file.
 */
import { Finding, Location } from "../engine/findings";
import { OriginalLine, originalLines } from "./diff";

export function atOriginalLocations(
  findings: Finding[],
  changed: Map<string, { before: string; after: string }>,
): Finding[] {
  const maps = new Map<string, { map: OriginalLine[]; lines: string[] }>();
  const mapOf = (file: string): { map: OriginalLine[]; lines: string[] } | undefined => {
    const c = changed.get(file);
    if (!c) return undefined;
    let m = maps.get(file);
    if (!m) {
      m = { map: originalLines(c.before, c.after), lines: c.before.split(/\r?\n/) };
      maps.set(file, m);
    }
    return m;
  };
  const move = <L extends Location>(loc: L): L => {
    const m = mapOf(loc.file);
    if (!m) return loc;
    const start = m.map[loc.start.line];
    const end = m.map[loc.end.line];
    if (!start) return loc;
    // The offsets are the fixed text's: not kept for a file whose text is not that one.
    const moved: L = { ...loc, offset: undefined };
    if (start.unchanged && end?.unchanged && end.line - start.line === loc.end.line - loc.start.line)
      return { ...moved, start: { ...loc.start, line: start.line }, end: { ...loc.end, line: end.line } };
    // A line the fixes wrote: the whole original line it stands for.
    const whole = m.lines[start.line] ?? "";
    return {
      ...moved,
      start: { line: start.line, character: start.unchanged ? loc.start.character : 0 },
      end: { line: start.line, character: whole.length },
    };
  };
  return findings.map((f) =>
    changed.has(f.location.file) ||
    f.related.some((r) => changed.has(r.file)) ||
    f.flow.some((r) => changed.has(r.file))
      ? {
          ...f,
          location: move(f.location),
          related: f.related.map(move),
          flow: f.flow.map(move),
          suppression: f.suppression && { ...f.suppression, location: move(f.suppression.location) },
        }
      : f,
  );
}
