/**
 * Command runs: a call that starts a program (from the `commands` models), with its command line
 * read as words. When the words are a parameter of the function around the call (a `run(argv)`
 * helper), each call of that function is a run of its own, reported where the words are written.
 */
import { rethrowUnlessTooDeep } from "../errors";
import { ts } from "ts-morph";
import { isFunctionLike, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { argumentAt, argumentsAt, objectLiteralOf, propertyOf, literalValue } from "../models/arguments";
import { ArgAt, CommandModel, DumpModel, Models } from "../models/models";
import { fileIndex } from "../resolve/fileIndex";
import { CallLike, lastCall, Resolver } from "../resolve/values";
import { valueSet } from "../resolve/valueSets";
import { Effects, interpret } from "./effects";
import {
  argvCommand,
  CommandLine,
  literalWord,
  markedText,
  parseShellLine,
  underCondition,
  Word,
  wordOf,
} from "./shellWords";

export interface CommandRun {
  /** The call that starts the program. */
  call: CallLike;
  /** Where the command's words are written: the call, or the call of the helper that received them. */
  site: ts.Node;
  line: CommandLine;
  /** The options object (env, shell), when it can be seen. */
  options?: ts.ObjectLiteralExpression;
  effects: Effects;
}

/** Helpers that hand their words on to another helper (`exec(argv)` → `this.spawn(argv)` → `spawn`). */
const MAX_HELPER_LEVELS = 3;
const MAX_RUNS = 120;

export class CommandReader {
  private cache = new Map<ts.Node, CommandRun[]>();
  private bySite?: {
    byFile: Map<ts.SourceFile, CommandRun[]>;
    atHelperCall: Map<ts.Node, CommandRun[]>;
  };

  constructor(
    private readonly r: Resolver,
    private readonly models: Models,
  ) {}

  /** The runs a call is (several when its words come from the callers of a helper). */
  at(call: CallLike): CommandRun[] {
    const hit = this.cache.get(call);
    if (hit) return hit;
    this.cache.set(call, []);
    let out: CommandRun[] = [];
    try {
      out = this.read(call);
    } catch (error) {
      rethrowUnlessTooDeep(error); // expected: too deep to follow, not a command we can read
      out = [];
    }
    this.cache.set(call, out);
    return out;
  }

  /** Every run whose words are written in this file. */
  runsIn(sf: ts.SourceFile): CommandRun[] {
    return this.index().byFile.get(sf) ?? [];
  }

  /**
   * The runs whose words are written at this call of a helper (`host.spawn(["pg_dump", …])`,
   * the program started inside the helper); empty for any other call.
   */
  runsAtHelperCall(call: ts.Node): CommandRun[] {
    return this.index().atHelperCall.get(call) ?? [];
  }

  private index(): { byFile: Map<ts.SourceFile, CommandRun[]>; atHelperCall: Map<ts.Node, CommandRun[]> } {
    if (!this.bySite) {
      const byFile = new Map<ts.SourceFile, CommandRun[]>();
      const atHelperCall = new Map<ts.Node, CommandRun[]>();
      for (const f of this.r.ws.files()) {
        const idx = fileIndex(f);
        for (const c of [...idx.calls, ...idx.tagged] as CallLike[]) {
          if (!ts.isTaggedTemplateExpression(c) && !this.models.mayMatch(c, CATS_COMMANDS, f)) continue;
          for (const run of this.at(c)) {
            if (run.site !== run.call) {
              // One helper call reached through several implementations is one run.
              if (atHelperCall.has(run.site)) continue;
              atHelperCall.set(run.site, [run]);
            }
            const home = run.site.getSourceFile();
            const list = byFile.get(home) ?? [];
            list.push(run);
            byFile.set(home, list);
          }
        }
      }
      this.bySite = { byFile, atHelperCall };
    }
    return this.bySite;
  }

  private read(call: CallLike): CommandRun[] {
    const refs = this.r.apis(call as ts.Expression).filter((ref) => lastCall(ref) === call);
    for (const ref of refs) {
      const m = this.models.match<CommandModel>("commands", ref)[0];
      if (m) return this.runsOf(call, m);
      const d = this.models.match<DumpModel>("dumps", ref)[0];
      if (d) return [this.dumpCall(call, d)];
    }
    return [];
  }

  /** A dump made by a library call: the same effects as a dump tool's. */
  private dumpCall(call: CallLike, m: DumpModel): CommandRun {
    const word = (at: ArgAt | undefined): Word | undefined => {
      const e = at !== undefined ? argumentAt(this.r, call, at) : undefined;
      return e ? this.wordOfExpr(e) : undefined;
    };
    const command = { argv: [], assigns: [] };
    const dump = {
      tool: m.tool,
      database: word(m.database),
      tables: [],
      filtered: (m.filters ?? []).some((f) => argumentsAt(this.r, call, f).length > 0),
      command,
    };
    const output = word(m.output);
    const content = { dumps: [dump], files: [], encrypted: false, via: [] };
    const effects: Effects = {
      dumps: [dump],
      writes: output ? [{ file: output, content, tool: m.tool }] : [],
      stdout: output ? undefined : content,
      transfers: [],
      deletes: [],
      insecure: [],
      secrets: [],
      plaintextTargets: [],
    };
    return { call, site: call, line: { pipelines: [] }, effects };
  }

  private runsOf(call: CallLike, m: CommandModel): CommandRun[] {
    const options = m.options !== undefined ? argumentAt(this.r, call, m.options) : undefined;
    const opts = options ? objectLiteralOf(this.r, options) : undefined;
    const viaShell = !!(
      opts &&
      propertyOf(this.r, opts, "shell") &&
      literalValue(this.r, propertyOf(this.r, opts, "shell")!) !== false
    );
    const make = (line: CommandLine, site: ts.Node): CommandRun => ({
      call,
      site,
      line,
      options: opts,
      effects: interpret(line, this.models.tools),
    });
    if (m.template) {
      if (!ts.isTaggedTemplateExpression(call)) return [];
      return [make(this.templateLine(call.template), call)];
    }
    // The expressions holding the words, and the parameters they may be.
    const keys: Array<"line" | "file" | "args" | "argv"> = ["line", "file", "args", "argv"];
    const exprs: Partial<Record<(typeof keys)[number], ts.Expression>> = {};
    for (const k of keys) {
      const at = m[k];
      if (at !== undefined) {
        const e = argumentAt(this.r, call, at);
        if (e) exprs[k] = e;
      }
    }
    // `const [command, ...args] = argv; spawn(command, args)`: the program and its arguments are
    // one argv array.
    const whole = exprs.file && exprs.args ? destructuredArgv(exprs.file, exprs.args) : undefined;
    if (whole && !viaShell) {
      delete exprs.file;
      delete exprs.args;
      exprs.argv = whole;
    }
    const bindings = this.bindings(call, Object.values(exprs));
    const out: CommandRun[] = [];
    for (const b of bindings) {
      const sub = (e: ts.Expression | undefined): ts.Expression | undefined =>
        e ? (b.map.get(e) ?? e) : undefined;
      let line: CommandLine = { pipelines: [] };
      if (exprs.line) line = this.shellLine(sub(exprs.line)!);
      else if (exprs.argv) line = argvCommand(this.programFirst(this.argvWords(sub(exprs.argv)!)));
      else if (exprs.file) {
        const file = sub(exprs.file)!;
        const args = exprs.args ? this.argvWords(sub(exprs.args)!) : [];
        if (viaShell) {
          const all: ts.Expression[] = [];
          const text = [markedText(this.r, file, all), ...args.map((w) => reMark(w, all))].join(" ");
          line = parseShellLine(text, all, file);
        } else {
          const head = this.wordOfExpr(file);
          // `spawn("sh", ["-c", "pg_dump … | gzip > f"])` is read by the shell tool's model.
          line = argvCommand(this.programFirst([head, ...args]));
        }
      }
      out.push(make(line, b.site));
    }
    return out;
  }

  /**
   * Which words to read: the call's own arguments, or, when they are parameters of the function
   * around the call, the arguments of each call of that function; a caller whose arguments are
   * in turn its own parameters hands the question on to its callers (a few levels of helpers).
   */
  private bindings(
    call: CallLike,
    exprs: ts.Expression[],
    level = 0,
  ): Array<{ site: ts.Node; map: Map<ts.Expression, ts.Expression> }> {
    const here = [{ site: call as ts.Node, map: new Map<ts.Expression, ts.Expression>() }];
    const params: Array<{ e: ts.Expression; p: ts.ParameterDeclaration }> = [];
    for (const e of exprs) {
      const u = throughArrayMethods(e);
      const d = ts.isIdentifier(u) ? resolveIdentifier(u) : undefined;
      if (d && ts.isParameter(d) && isFunctionLike(d.parent)) params.push({ e, p: d });
    }
    if (!params.length || level >= MAX_HELPER_LEVELS) return here;
    const fn = params[0].p.parent;
    const sites = this.r
      .callSites(fn)
      .filter((s) => !ts.isTaggedTemplateExpression(s) && s !== call)
      .slice(0, MAX_RUNS);
    if (!sites.length) return here;
    const out: Array<{ site: ts.Node; map: Map<ts.Expression, ts.Expression> }> = [];
    const seen = new Set<ts.Node>();
    for (const site of sites) {
      const map = new Map<ts.Expression, ts.Expression>();
      for (const { e, p } of params) {
        if (p.parent !== fn) continue;
        const a = (site as ts.CallExpression).arguments?.[fn.parameters.indexOf(p)];
        if (!a || ts.isSpreadElement(a)) continue;
        map.set(e, a);
        // `spawn(argv.filter(Boolean))` with argv a parameter: the caller's array.
        map.set(throughArrayMethods(e), a);
      }
      for (const outer of this.bindings(site, [...new Set(map.values())], level + 1)) {
        if (seen.has(outer.site)) continue;
        seen.add(outer.site);
        const composed = new Map<ts.Expression, ts.Expression>();
        for (const [e, a] of map) composed.set(e, outer.map.get(a) ?? a);
        out.push({ site: outer.site, map: composed });
        if (out.length >= MAX_RUNS) return out;
      }
    }
    return out;
  }

  /**
   * The program word of an argv read as the program it names: a value only known at run time
   * (`const bin = await host.which("pg_dump")`, `config.binary || "sqlite3"`) is the tool one of
   * its literal values names.
   */
  private programFirst(words: Word[]): Word[] {
    const head = words[0];
    if (!head || literalWord(head) !== undefined) return words;
    const only = head.parts.length === 1 && "expr" in head.parts[0] ? head.parts[0].expr : undefined;
    if (!only) return words;
    const tool = valueSet(this.r, only).literals.find(
      (l) => typeof l.value === "string" && this.models.tools.has(programName(l.value)),
    );
    if (!tool) return words;
    const text = String(tool.value);
    return [{ parts: [{ text }], text, node: head.node }, ...words.slice(1)];
  }

  private shellLine(e: ts.Expression): CommandLine {
    const exprs: ts.Expression[] = [];
    const text = markedText(this.r, e, exprs);
    return parseShellLine(text, exprs, e);
  }

  /** zx and execa `$`: each interpolation is one argument, quoted by the library. */
  private templateLine(t: ts.TemplateLiteral): CommandLine {
    if (ts.isNoSubstitutionTemplateLiteral(t)) return parseShellLine(t.text, [], t);
    const exprs: ts.Expression[] = [];
    let text = t.head.text;
    for (const span of t.templateSpans) {
      exprs.push(span.expression);
      text += `'\u0001E${exprs.length - 1}\u0001'` + span.literal.text;
    }
    return parseShellLine(text, exprs, t);
  }

  private wordOfExpr(e: ts.Expression): Word {
    const exprs: ts.Expression[] = [];
    return wordOf(markedText(this.r, e, exprs), exprs, e);
  }

  /** The words of an argv array: literal elements, spreads of known arrays, and `push`es onto it. */
  private argvWords(e: ts.Expression, depth = 0): Word[] {
    const u = throughArrayMethods(e);
    let arr: ts.ArrayLiteralExpression | undefined = ts.isArrayLiteralExpression(u) ? u : undefined;
    let decl: ts.Node | undefined;
    if (!arr && (ts.isIdentifier(u) || ts.isCallExpression(u))) {
      decl = ts.isIdentifier(u) ? resolveIdentifier(u) : undefined;
      for (const v of this.r.values(u))
        if (v.kind === "node" && ts.isArrayLiteralExpression(v.node)) {
          arr = v.node;
          // `...sshOptions(port)`: the array the helper builds and returns, with its pushes.
          if (!decl && ts.isVariableDeclaration(arr.parent)) decl = arr.parent;
          break;
        }
    }
    if (!arr) return depth ? [] : [this.wordOfExpr(u)];
    const out: Word[] = [];
    for (const el of arr.elements) {
      if (ts.isSpreadElement(el)) {
        if (depth < 3) out.push(...this.argvWords(el.expression, depth + 1));
        continue;
      }
      if (ts.isOmittedExpression(el)) continue;
      out.push(this.wordOfExpr(el));
    }
    // args.push("--table", t): words added later (conditionally or not) still belong to the command.
    if (decl && ts.isVariableDeclaration(decl)) {
      for (const m of fileIndex(decl.getSourceFile()).mutations.get(decl) ?? []) {
        const callee = unwrap(m.expression);
        if (!ts.isPropertyAccessExpression(callee) || !/^(push|unshift)$/.test(callee.name.text)) continue;
        const conditional = underCondition(m, decl);
        for (const a of m.arguments) {
          const words = ts.isSpreadElement(a)
            ? depth < 3
              ? this.argvWords(a.expression, depth + 1)
              : []
            : [this.wordOfExpr(a)];
          for (const w of words) out.push(conditional ? { ...w, conditional: true } : w);
        }
      }
    }
    return out;
  }
}

const CATS_COMMANDS = ["commands", "dumps"] as const;

function programName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/\.exe$/i, "");
}

/**
 * `const [command, ...args] = argv` with `command` and `args` the program and arguments given to
 * the call: the array they come from.
 */
function destructuredArgv(file: ts.Expression, args: ts.Expression): ts.Expression | undefined {
  const f = unwrap(file);
  const a = unwrap(args);
  if (!ts.isIdentifier(f) || !ts.isIdentifier(a)) return undefined;
  const fd = resolveIdentifier(f);
  const ad = resolveIdentifier(a);
  if (!fd || !ad || !ts.isBindingElement(fd) || !ts.isBindingElement(ad)) return undefined;
  const pattern = fd.parent;
  if (!ts.isArrayBindingPattern(pattern) || ad.parent !== pattern) return undefined;
  if (pattern.elements[0] !== fd || pattern.elements[1] !== ad || !ad.dotDotDotToken || fd.dotDotDotToken)
    return undefined;
  const decl = pattern.parent;
  return ts.isVariableDeclaration(decl) && decl.initializer ? decl.initializer : undefined;
}

/** A word's text with fresh markers into `all`, to join words into one shell line. */
function reMark(w: Word, all: ts.Expression[]): string {
  return w.parts
    .map((p) => ("text" in p ? p.text : (all.push(p.expr), `\u0001E${all.length - 1}\u0001`)))
    .join("");
}

/** `cmds.filter(Boolean) as string[]`, `args.slice(1)`, `[...args]`: the array they start from. */
function throughArrayMethods(e: ts.Expression): ts.Expression {
  let u = unwrap(e);
  for (let i = 0; i < 4; i++) {
    if (
      ts.isCallExpression(u) &&
      ts.isPropertyAccessExpression(u.expression) &&
      /^(filter|slice|concat|flat|map)$/.test(u.expression.name.text)
    )
      u = unwrap(u.expression.expression);
    else if (ts.isArrayLiteralExpression(u) && u.elements.length === 1 && ts.isSpreadElement(u.elements[0]))
      u = unwrap(u.elements[0].expression);
    else break;
  }
  return u;
}
