/** What the engine reports: findings (a rule matched) and notices (the tool could not read something). */
import { ts } from "ts-morph";

export type Severity = "error" | "warning" | "note";

export interface Position {
  line: number;
  character: number;
}
export interface Location {
  file: string;
  start: Position;
  end: Position;
  /** Offsets in the file text. */ offset?: { start: number; end: number };
}
export interface RelatedLocation extends Location {
  message: string;
}

export interface Finding {
  ruleId: string;
  /** What the finding says: a key of the rule's `messages` (meta.json), as typescript-eslint's. */
  messageId: string;
  severity: Severity;
  message: string;
  location: Location;
  /** Other places that explain the finding (the source query, the write before an upload). */
  related: RelatedLocation[];
  /** Ordered steps from the source to the sink, for SARIF codeFlows and LSP related information. */
  flow: RelatedLocation[];
  /** Stable across unrelated edits: rule, file, the code text at the location, and an occurrence index. */
  fingerprint: string;
  suppression?: { justification: string; location: Location };
  /** Machine-readable facts fixes need (column lists, option names). Never data values. */
  data?: Record<string, unknown>;
}

export interface Notice {
  file: string;
  line?: number;
  level: "error" | "warning" | "note";
  message: string;
}

export function locationOf(n: ts.Node): Location {
  const sf = n.getSourceFile();
  const shown = displayRange(n, sf);
  const s = sf.getLineAndCharacterOfPosition(shown.start);
  const e = sf.getLineAndCharacterOfPosition(shown.end);
  return {
    file: sf.fileName,
    start: { line: s.line, character: s.character },
    end: { line: e.line, character: e.character },
    offset: { start: n.getStart(sf), end: n.getEnd() },
  };
}

/**
 * Where a finding is shown: a method call whose plain receiver sits on an earlier line
 * (`client\n  .access({...})`) starts at its method name, the line a reader looks at (and where a suppression comment goes).
 * `offset` keeps the whole node for the fix engine.
 */
function displayStart(n: ts.Node, sf: ts.SourceFile): number {
  const start = n.getStart(sf);
  if (
    (ts.isCallExpression(n) || ts.isNewExpression(n)) &&
    ts.isPropertyAccessExpression(n.expression) &&
    isPlainName(n.expression.expression)
  ) {
    const name = n.expression.name.getStart(sf);
    if (sf.getLineAndCharacterOfPosition(name).line !== sf.getLineAndCharacterOfPosition(start).line)
      return name;
  }
  return start;
}

/**
 * The range a reader is shown (squiggle, Problems panel), always on one line: the callee name of
 * a call (`access` in `client.access({…})`), else the node from its display start to the end of
 * that line (a literal, a property, the first line of a longer expression). The line is the one
 * `displayStart` picks, so suppressions and annotations keep their line.
 */
function displayRange(n: ts.Node, sf: ts.SourceFile): { start: number; end: number } {
  const start = displayStart(n, sf);
  const line = sf.getLineAndCharacterOfPosition(start).line;
  const lineEnd = sf.getLineEndOfPosition(start);
  const calleeName = ts.isCallExpression(n) || ts.isNewExpression(n) ? nameOfCallee(n.expression) : undefined;
  if (calleeName && sf.getLineAndCharacterOfPosition(calleeName.getStart(sf)).line === line)
    return { start: calleeName.getStart(sf), end: calleeName.getEnd() };
  let end = Math.min(n.getEnd(), lineEnd);
  while (end > start && /\s/.test(sf.text[end - 1])) end--;
  return { start, end: end > start ? end : Math.min(n.getEnd(), lineEnd) };
}

/** `access` in `client.access`, `Client` in `new ftp.Client`, `fetch` in `fetch`. */
function nameOfCallee(e: ts.Expression): ts.Node | undefined {
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isIdentifier(e)) return e;
  if (ts.isPropertyAccessExpression(e)) return e.name;
  if (ts.isElementAccessExpression(e)) return e.argumentExpression;
  return undefined;
}

/** `client`, `this.client`, `deps.ftp.client`: a receiver with no call in it. */
function isPlainName(e: ts.Expression): boolean {
  if (ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(e) && isPlainName(e.expression);
}

export function related(n: ts.Node, message: string): RelatedLocation {
  return { ...locationOf(n), message };
}
