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
  const s = sf.getLineAndCharacterOfPosition(displayStart(n, sf));
  const e = sf.getLineAndCharacterOfPosition(n.getEnd());
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

/** `client`, `this.client`, `deps.ftp.client`: a receiver with no call in it. */
function isPlainName(e: ts.Expression): boolean {
  if (ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(e) && isPlainName(e.expression);
}

export function related(n: ts.Node, message: string): RelatedLocation {
  return { ...locationOf(n), message };
}
