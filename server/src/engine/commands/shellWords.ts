/**
 * Command lines as words: a shell line (a string the code builds) is split with shell-quote, a
 * real shell-words parser, into pipelines of simple commands with their redirections; an argv
 * array is read element by element. Parts of a word that come from the program (`${file}`) stay
 * expressions, so later stages can follow them as paths. Nothing here runs anything.
 */
import { parse as parseShell } from "shell-quote";
import { ts } from "ts-morph";
import { stringLiteralValue, unwrap } from "../ast/nodes";
import { constString, Resolver } from "../resolve/values";

export type WordPart = { text: string } | { expr: ts.Expression };

export interface Word {
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
    // `[a, b].join(" ")`: the words of the array.
    if (
      ts.isCallExpression(u) &&
      ts.isPropertyAccessExpression(u.expression) &&
      u.expression.name.text === "join" &&
      ts.isArrayLiteralExpression(unwrap(u.expression.expression))
    ) {
      const sep = u.arguments[0] ? (constString(r, u.arguments[0]) ?? " ") : ",";
      return (unwrap(u.expression.expression) as ts.ArrayLiteralExpression).elements
        .map((x) => (ts.isSpreadElement(x) ? mark(x.expression, exprs) : markedText(r, x, exprs, depth + 1)))
        .join(sep);
    }
    const c = constString(r, u);
    if (c !== undefined) return c;
    if (ts.isNumericLiteral(u)) return u.text;
    // A constant holding a template or concatenation: its text, with its own markers.
    if (ts.isIdentifier(u)) {
      const vals = r.values(u);
      if (
        vals.length === 1 &&
        vals[0].kind === "node" &&
        ts.isExpression(vals[0].node) &&
        vals[0].node !== u
      ) {
        const v = unwrap(vals[0].node as ts.Expression);
        if (ts.isTemplateExpression(v) || ts.isBinaryExpression(v) || ts.isStringLiteralLike(v))
          return markedText(r, v, exprs, depth + 1);
      }
    }
  }
  return mark(u, exprs);
}

function mark(e: ts.Expression, exprs: ts.Expression[]): string {
  exprs.push(e);
  return `${MARK}E${exprs.length - 1}${MARK}`;
}

/** A word from marked text: literal runs and program expressions. */
export function wordOf(text: string, exprs: ts.Expression[], node: ts.Node): Word {
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
  return { parts, text: shown, node };
}

/** The literal text of a word, when it has no program parts. */
export function literalWord(w: Word): string | undefined {
  return w.parts.every((p) => "text" in p)
    ? w.parts.map((p) => (p as { text: string }).text).join("")
    : undefined;
}

/** Splits a shell line (with markers) into pipelines of simple commands. */
export function parseShellLine(text: string, exprs: ts.Expression[], node: ts.Node): CommandLine {
  let tokens: ReturnType<typeof parseShell>;
  try {
    tokens = parseShell(text, (key) => "$" + key);
  } catch {
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
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (typeof t === "string") {
      if (!cur.argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) {
        const eq = t.indexOf("=");
        cur.assigns.push({ name: t.slice(0, eq), value: wordOf(t.slice(eq + 1), exprs, node) });
      } else cur.argv.push(wordOf(t, exprs, node));
      continue;
    }
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
