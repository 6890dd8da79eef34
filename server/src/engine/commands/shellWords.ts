/**
 * Command lines as words: a shell line (a string the code builds) is split with shell-quote, a
 * real shell-words parser, into pipelines of simple commands with their redirections; an argv
 * array is read element by element. Parts of a word that come from the program (`${file}`) stay
 * expressions, so later stages can follow them as paths. Nothing here runs anything.
 */
import { parse as parseShell } from "shell-quote";
import { ts } from "ts-morph";
import { isFunctionLike, stringLiteralValue, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { fileIndex } from "../resolve/fileIndex";
import { apiSignature, constString, Resolver } from "../resolve/values";

export type WordPart = { text: string } | { expr: ts.Expression };

export interface Word {
  /** Added under a condition (an `if` around an `args.push`, a `cmd += …`): it may be absent. */
  conditional?: boolean;
  parts: WordPart[];
  /** The text with each program expression shown as `${…}`; never a data value. */
  text: string;
  /** Where the word is written in the code (the string, template or array element). */
  node: ts.Node;
}

export interface SimpleCommand {
  argv: Word[];
  /** `VAR=value` assignments before the program name. */
  assigns: Array<{ name: string; value: Word }>;
  /** `> file` / `>> file` (standard output only). */
  stdoutTo?: Word;
  stdinFrom?: Word;
}

export interface Pipeline {
  commands: SimpleCommand[];
  /** How the next pipeline follows this one: `;` (always), `&&` (on success), `||`, `&`. */
  next?: string;
}

export interface CommandLine {
  pipelines: Pipeline[];
}

const MARK = "\u0001";
const MARK_RE = /\u0001E(\d+)\u0001/g;

/** Text of an expression with markers for the parts only known at run time. */
export function markedText(r: Resolver, e: ts.Expression, exprs: ts.Expression[], depth = 0): string {
  const u = unwrap(e);
  const lit = stringLiteralValue(u);
  if (lit !== undefined) return lit;
  if (depth < 6) {
    if (ts.isTemplateExpression(u)) {
      let s = u.head.text;
      for (const span of u.templateSpans)
        s += markedText(r, span.expression, exprs, depth + 1) + span.literal.text;
      return s;
    }
    if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken)
      return markedText(r, u.left, exprs, depth + 1) + markedText(r, u.right, exprs, depth + 1);
    // `[a, b].join(" ")`, `flags.join(" ")`: the words of the array.
    if (
      ts.isCallExpression(u) &&
      ts.isPropertyAccessExpression(u.expression) &&
      u.expression.name.text === "join"
    ) {
      const arr = arrayOf(r, u.expression.expression);
      if (arr) {
        const sep = u.arguments[0] ? (constString(r, u.arguments[0]) ?? " ") : ",";
        const items = arr.literal.elements.map((x) =>
          ts.isSpreadElement(x) ? mark(x.expression, exprs) : markedText(r, x, exprs, depth + 1),
        );
        // `flags.push("--where=…")` after the declaration: more words, conditional under an `if`.
        for (const m of arr.pushes) {
          const piece = m.arguments.map((a) => markedText(r, a, exprs, depth + 1)).join(sep);
          items.push(arr.decl && underCondition(m, arr.decl) ? COND_OPEN + piece + COND_CLOSE : piece);
        }
        return items.join(sep);
      }
    }
    // `util.format("mysqldump %s > %s", flags, file)`: the format with its arguments in place.
    if (ts.isCallExpression(u) && u.arguments.length && isUtilFormat(r, u)) {
      const fmt = stringLiteralValue(unwrap(u.arguments[0]));
      if (fmt !== undefined) {
        let i = 1;
        return fmt.replace(/%[sdifjoO%]/g, (m) =>
          m === "%%" ? "%" : u.arguments[i] ? markedText(r, u.arguments[i++], exprs, depth + 1) : m,
        );
      }
    }
    const c = constString(r, u);
    if (c !== undefined) return c;
    if (ts.isNumericLiteral(u)) return u.text;
    // `${Util.dumpCommand(uri)} --archive=…`: a helper returning the command line's text (its
    // parameters stay unknown words).
    if (ts.isCallExpression(u)) {
      const vals = r.values(u);
      if (
        vals.length === 1 &&
        vals[0].kind === "node" &&
        ts.isExpression(vals[0].node) &&
        vals[0].node !== u
      ) {
        const v = unwrap(vals[0].node);
        if (ts.isTemplateExpression(v) || ts.isStringLiteralLike(v) || ts.isBinaryExpression(v))
          return markedText(r, v, exprs, depth + 1);
      }
    }
    if (ts.isIdentifier(u)) {
      const d = resolveIdentifier(u);
      // `let cmd = "pg_dump …"; if (x) cmd += " -n …";`: the text in source order, the parts added
      // under a condition marked as such.
      if (d && ts.isVariableDeclaration(d) && d.initializer) {
        let adds = fileIndex(d.getSourceFile()).assignments.get(d) ?? [];
        // `if (user) cmd = "mongodump -u …";`: a replacement under a condition is another run;
        // the initial text (with what `+=` adds) is one the program may run.
        let replaced = false;
        if (
          adds.some((a) => !isPlusEquals(a)) &&
          adds.every((a) => isPlusEquals(a) || underCondition(a, d))
        ) {
          adds = adds.filter((a) => isPlusEquals(a));
          replaced = true;
        }
        if ((replaced || adds.length) && adds.every((a) => isPlusEquals(a))) {
          let text = markedText(r, d.initializer, exprs, depth + 1);
          for (const a of [...adds].sort((x, y) => x.pos - y.pos)) {
            const piece = markedText(r, a, exprs, depth + 1);
            text += underCondition(a, d) ? COND_OPEN + piece + COND_CLOSE : piece;
          }
          return text;
        }
      }
      // A constant holding a template, a concatenation or a format: its text, with its own markers.
      const vals = r.values(u);
      if (
        vals.length === 1 &&
        vals[0].kind === "node" &&
        ts.isExpression(vals[0].node) &&
        vals[0].node !== u
      ) {
        const v = unwrap(vals[0].node);
        if (
          ts.isTemplateExpression(v) ||
          ts.isBinaryExpression(v) ||
          ts.isStringLiteralLike(v) ||
          (ts.isCallExpression(v) && (isUtilFormat(r, v) || isJoin(v)))
        )
          return markedText(r, v, exprs, depth + 1);
      }
    }
  }
  return mark(u, exprs);
}

function isJoin(c: ts.CallExpression): boolean {
  return ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === "join";
}

/** Marks around text added under a condition (`if`, `?:`, a loop): its words may be absent. */
export const COND_OPEN = "\u0002";
export const COND_CLOSE = "\u0003";

function isPlusEquals(e: ts.Expression): boolean {
  const p = e.parent;
  return (
    !!p && ts.isBinaryExpression(p) && p.right === e && p.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken
  );
}

/** Is `n` inside an `if`, a conditional expression, a loop or a callback that `decl` is not inside? */
export function underCondition(n: ts.Node, decl: ts.Node): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (decl.pos >= p.pos && decl.end <= p.end) return false;
    if (
      ts.isIfStatement(p) ||
      ts.isConditionalExpression(p) ||
      ts.isForStatement(p) ||
      ts.isForOfStatement(p) ||
      ts.isForInStatement(p) ||
      ts.isWhileStatement(p) ||
      ts.isCaseClause(p) ||
      ts.isCatchClause(p) ||
      isFunctionLike(p) ||
      (ts.isBinaryExpression(p) &&
        (p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
          p.operatorToken.kind === ts.SyntaxKind.BarBarToken))
    )
      return true;
  }
  return false;
}

function isUtilFormat(r: Resolver, call: ts.CallExpression): boolean {
  return r
    .apis(call.expression)
    .some((ref) => (ref.module === "util" || ref.module === "node:util") && apiSignature(ref) === ".format");
}

function mark(e: ts.Expression, exprs: ts.Expression[]): string {
  exprs.push(e);
  return `${MARK}E${exprs.length - 1}${MARK}`;
}

/** A word from marked text: literal runs and program expressions. */
export function wordOf(raw: string, exprs: ts.Expression[], node: ts.Node, conditional = false): Word {
  const conditionalHere = conditional || raw.includes(COND_OPEN) || raw.includes(COND_CLOSE);
  const text = raw.replace(/[\u0002\u0003]/g, "");
  const parts: WordPart[] = [];
  let last = 0;
  let shown = "";
  for (const m of text.matchAll(MARK_RE)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at) });
    const e = exprs[Number(m[1])];
    if (e) parts.push({ expr: e });
    shown += text.slice(last, at) + "${…}";
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  shown += text.slice(last);
  return conditionalHere ? { parts, text: shown, node, conditional: true } : { parts, text: shown, node };
}

/** The literal text of a word, when it has no program parts. */
export function literalWord(w: Word): string | undefined {
  return w.parts.every((p) => "text" in p) ? w.parts.map((p) => p.text).join("") : undefined;
}

/** Splits a shell line (with markers) into pipelines of simple commands. */
export function parseShellLine(text: string, exprs: ts.Expression[], node: ts.Node): CommandLine {
  let tokens: ReturnType<typeof parseShell>;
  try {
    tokens = parseShell(text, (key) => "$" + key);
  } catch {
    // expected: not a shell line the parser reads (unbalanced quotes), no commands in it
    return { pipelines: [] };
  }
  const pipelines: Pipeline[] = [];
  let commands: SimpleCommand[] = [];
  let cur: SimpleCommand = { argv: [], assigns: [] };
  const endCommand = (): void => {
    if (cur.argv.length || cur.assigns.length) commands.push(cur);
    cur = { argv: [], assigns: [] };
  };
  const endPipeline = (next?: string): void => {
    endCommand();
    if (commands.length) pipelines.push({ commands, next });
    commands = [];
  };
  let inCondition = 0;
  for (let i = 0; i < tokens.length; i++) {
    const raw = tokens[i];
    if (typeof raw === "string") {
      // Text added under a condition is marked: every word between the marks may be absent.
      const opens = raw.split(COND_OPEN).length - 1;
      const closes = raw.split(COND_CLOSE).length - 1;
      const conditional = inCondition > 0 || opens > 0;
      inCondition += opens - closes;
      const t = raw.replace(/[\u0002\u0003]/g, "");
      if (!t) continue;
      if (!cur.argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) {
        const eq = t.indexOf("=");
        cur.assigns.push({ name: t.slice(0, eq), value: wordOf(t.slice(eq + 1), exprs, node, conditional) });
      } else cur.argv.push(wordOf(t, exprs, node, conditional));
      continue;
    }
    const t = raw;
    if ("comment" in t) break;
    if ("pattern" in t && (t as { op: string }).op === "glob") {
      cur.argv.push(wordOf((t as { pattern: string }).pattern, exprs, node));
      continue;
    }
    const op = (t as { op: string }).op;
    if (op === "|" || op === "|&") {
      endCommand();
      continue;
    }
    if (op === ";" || op === "&&" || op === "||" || op === "&" || op === ";;") {
      endPipeline(op);
      continue;
    }
    if (op === ">" || op === ">>" || op === "<" || op === ">&" || op === "<&") {
      const target = tokens[i + 1];
      // `2> file`, `2>&1`: the fd number was read as a word just before.
      const prev = cur.argv[cur.argv.length - 1];
      const fd = prev && /^\d$/.test(prev.text) ? prev.text : undefined;
      if (fd) cur.argv.pop();
      if (typeof target === "string") {
        i++;
        const w = wordOf(target, exprs, node);
        if (op === "<") cur.stdinFrom = w;
        else if ((op === ">" || op === ">>") && (!fd || fd === "1")) cur.stdoutTo = w;
      }
      continue;
    }
    // Parentheses of subshells and command substitutions: the words inside still count.
  }
  endPipeline();
  return { pipelines };
}

/** A command given as an argv array (program first): one simple command, no shell. */
export function argvCommand(words: Word[]): CommandLine {
  return words.length ? { pipelines: [{ commands: [{ argv: words, assigns: [] }] }] } : { pipelines: [] };
}

/** An array literal an expression holds, with the `push`es onto its variable. */
export function arrayOf(
  r: Resolver,
  e: ts.Expression,
):
  | { literal: ts.ArrayLiteralExpression; decl?: ts.VariableDeclaration; pushes: ts.CallExpression[] }
  | undefined {
  const u = unwrap(e);
  if (ts.isArrayLiteralExpression(u)) return { literal: u, pushes: [] };
  if (!ts.isIdentifier(u)) return undefined;
  const d = resolveIdentifier(u);
  if (!d || !ts.isVariableDeclaration(d) || !d.initializer) return undefined;
  const init = unwrap(d.initializer);
  if (!ts.isArrayLiteralExpression(init)) return undefined;
  const pushes = (fileIndex(d.getSourceFile()).mutations.get(d) ?? []).filter((m) => {
    const c = unwrap(m.expression);
    return ts.isPropertyAccessExpression(c) && c.name.text === "push";
  });
  return { literal: init, decl: d, pushes };
}
