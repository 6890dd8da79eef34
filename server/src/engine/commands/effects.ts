/**
 * What a command line does, read from the tools' data (rules/models/command-execution.json):
 * database dumps (what they extract, whether a filter narrows them, where they write), files
 * written and what they hold (a dump, compressed or archived, or encrypted), files removed, files
 * sent and where to, switched-off certificate checks and passwords written in the line. The
 * program names and flags are data; this module only knows how command lines are built.
 */
import { ts } from "ts-morph";
import { ToolModel } from "../models/models";
import { CommandLine, literalWord, parseShellLine, SimpleCommand, Word, wordOf } from "./shellWords";
import { isPlaceholder } from "../classify/secretValues";

export interface DumpEffect {
  tool: string;
  database?: Word;
  tables: Word[];
  filtered: boolean;
  /** The command in the line that dumps (for its words). */
  command: SimpleCommand;
}

/** What a file or a stream holds, as far as the line shows. */
export interface Content {
  dumps: DumpEffect[];
  /** Files read from outside the line (their contents are judged by what the workspace wrote there). */
  files: Word[];
  encrypted: boolean;
  weak?: string;
  /** Programs the content went through (gzip, tar…), for messages. */
  via: string[];
}

export interface WriteEffect {
  file: Word;
  content: Content;
  tool: string;
}

export interface TransferEffect {
  tool: string;
  local: Word;
  target?: Word;
  objectStorage: boolean;
  /** Server-side encryption asked for on the command line (`aws s3 cp --sse`). */
  encryptedAtRest?: string;
  /** How the transfer follows the previous pipeline (`&&`, `;`), to judge removals after it. */
  pipeline: number;
}

export interface DeleteEffect {
  file: Word;
  pipeline: number;
  /** The pipeline before this one ends with `&&`: the removal runs only if everything before succeeded. */
  afterSuccessOnly: boolean;
}

export interface FlagEffect {
  word: Word;
  what: string;
}

export interface Effects {
  dumps: DumpEffect[];
  writes: WriteEffect[];
  /** What the line prints on standard output (a dump read by the program, piped into a file or an upload). */
  stdout?: Content;
  transfers: TransferEffect[];
  deletes: DeleteEffect[];
  insecure: FlagEffect[];
  /** Words with a password written in the line (flags, assignments, URLs with a password). */
  secrets: FlagEffect[];
  /** ftp:// and http:// targets. */
  plaintextTargets: FlagEffect[];
}

interface Parsed {
  name: string;
  tool: ToolModel;
  /** The word each flag was written in (to tell flags added under a condition). */
  flagWords: Map<string, Word>;
  values: Map<string, Word[]>;
  switches: Set<string>;
  positionals: Word[];
  words: Word[];
}

const list = (t: ToolModel, key: string): string[] => (t[key] as string[] | undefined) ?? [];

/** Flags of a tool that take a value. */
function valueFlags(t: ToolModel): Set<string> {
  return new Set([
    ...list(t, "valueFlags"),
    ...list(t, "output"),
    ...list(t, "database"),
    ...list(t, "filters").filter((f) => f.startsWith("-")),
    ...list(t, "passwordFlags"),
    ...list(t, "localFlags"),
    ...list(t, "localAt"),
    ...list(t, "input"),
    ...list(t, "scriptFlags"),
    ...list(t, "sshOptions"),
  ]);
}

function basename(w: Word): string {
  const t = literalWord(w) ?? w.text;
  return (t.split(/[\\/]/).pop() ?? t).replace(/\.exe$/i, "");
}

/** A word made of part of another (`--file=${out}` → `${out}`). */
function sliceWord(w: Word, from: number): Word {
  let skip = from;
  const parts: Word["parts"] = [];
  for (const p of w.parts) {
    if ("text" in p) {
      if (skip >= p.text.length) {
        skip -= p.text.length;
        continue;
      }
      parts.push({ text: p.text.slice(skip) });
      skip = 0;
    } else if (skip > 0) {
      // The cut falls inside an expression: keep the expression whole.
      skip = 0;
      parts.push(p);
    } else parts.push(p);
  }
  return { parts, node: w.node, text: w.text.slice(from) };
}

/** `-o StrictHostKeyChecking=no` and the like, for the tools that pass options to ssh. */
function insecureSshOptions(tool: ToolModel, p: Parsed, fx: Effects): void {
  for (const f of list(tool, "sshOptions"))
    for (const v of p.values.get(f) ?? []) {
      const t = literalWord(v) ?? v.text;
      for (const bad of list(tool, "insecureOptions"))
        if (t.replace(/\s+/g, "").includes(bad)) fx.insecure.push({ word: v, what: `-o ${bad}` });
    }
}

/** getopt-like reading of a command's words against a tool's flag lists. */
function parseArgs(name: string, tool: ToolModel, words: Word[]): Parsed {
  const takes = valueFlags(tool);
  const attached = new Set([...list(tool, "passwordAttached"), ...list(tool, "encryptAttached")]);
  const attachedOnly = new Set(list(tool, "attachedOnly"));
  const values = new Map<string, Word[]>();
  const switches = new Set<string>();
  const positionals: Word[] = [];
  const flagWords = new Map<string, Word>();
  let current: Word | undefined;
  const put = (flag: string, w: Word): void => {
    const a = values.get(flag) ?? [];
    a.push(w);
    values.set(flag, a);
    if (current && (!flagWords.has(flag) || flagWords.get(flag)!.conditional)) flagWords.set(flag, current);
  };
  const addSwitch = (flag: string): void => {
    switches.add(flag);
    if (current && (!flagWords.has(flag) || flagWords.get(flag)!.conditional)) flagWords.set(flag, current);
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    current = w;
    const t = literalWord(w) ?? w.text;
    if (t === "--" || !t.startsWith("-") || t === "-") {
      positionals.push(w);
      continue;
    }
    if (t.startsWith("--")) {
      const eq = t.indexOf("=");
      if (eq > 0) {
        put(t.slice(0, eq), sliceWord(w, eq + 1));
        continue;
      }
      if (takes.has(t) && !attachedOnly.has(t) && words[i + 1]) put(t, words[++i]);
      else addSwitch(t);
      continue;
    }
    // gbak `-rep -user u`: each option a whole word.
    if (tool.singleDashWords === true) {
      if (takes.has(t) && words[i + 1]) put(t, words[++i]);
      else addSwitch(t);
      continue;
    }
    // Short flags: `-f out`, `-fout`, clusters `-czf out`, `-pSECRET` (attached only).
    if (
      t.length === 2 ||
      takes.has(t) ||
      attached.has(t) ||
      (t.includes("=") && takes.has(t.split("=")[0]))
    ) {
      if (t.includes("=") && takes.has(t.split("=")[0])) {
        put(t.split("=")[0], sliceWord(w, t.indexOf("=") + 1));
        continue;
      }
      if (takes.has(t) && words[i + 1]) put(t, words[++i]);
      else addSwitch(t);
      continue;
    }
    const flag2 = t.slice(0, 2);
    if (attached.has(flag2)) {
      put(flag2, sliceWord(w, 2));
      continue;
    }
    if (takes.has(flag2)) {
      put(flag2, sliceWord(w, 2));
      continue;
    }
    if (/^-[A-Za-z0-9]+$/.test(t)) {
      let consumed = false;
      for (let k = 1; k < t.length; k++) {
        const f = "-" + t[k];
        if (takes.has(f)) {
          if (k + 1 < t.length) put(f, sliceWord(w, k + 1));
          else if (words[i + 1]) put(f, words[++i]);
          consumed = true;
          break;
        }
        addSwitch(f);
      }
      if (consumed) continue;
      continue;
    }
    addSwitch(t);
  }
  return { name, tool, flagWords, values, switches, positionals, words };
}

function has(p: Parsed, flags: string[]): boolean {
  return flags.some((f) => p.switches.has(f) || p.values.has(f));
}

function firstValue(p: Parsed, flags: string[]): Word | undefined {
  for (const f of flags) {
    const v = p.values.get(f);
    if (v?.length) return v[0];
  }
  return undefined;
}

function emptyContent(): Content {
  return { dumps: [], files: [], encrypted: false, via: [] };
}

function withVia(c: Content, tool: string): Content {
  return { ...c, via: [...c.via, tool] };
}

function merge(a: Content | undefined, b: Content | undefined): Content | undefined {
  if (!a) return b;
  if (!b) return a;
  return {
    dumps: [...a.dumps, ...b.dumps],
    files: [...a.files, ...b.files],
    encrypted: a.encrypted && b.encrypted,
    weak: a.weak ?? b.weak,
    via: [...new Set([...a.via, ...b.via])],
  };
}

/** Literal key of a word for matching within one line (`/tmp/x.sql`, `${…}.gz` shapes). */
function lineKey(w: Word): string {
  return w.parts.map((p) => ("text" in p ? p.text : "\u0000" + p.expr.pos)).join("");
}

export function interpret(line: CommandLine, tools: Map<string, ToolModel>): Effects {
  const fx: Effects = {
    dumps: [],
    writes: [],
    transfers: [],
    deletes: [],
    insecure: [],
    secrets: [],
    plaintextTargets: [],
  };
  const files = new Map<string, Content>();
  const contentOfFile = (w: Word): Content => files.get(lineKey(w)) ?? { ...emptyContent(), files: [w] };
  const write = (file: Word, content: Content, tool: string): void => {
    fx.writes.push({ file, content, tool });
    files.set(lineKey(file), content);
  };
  const lines: Array<{ line: CommandLine; depth: number }> = [{ line, depth: 0 }];
  let stdoutAll: Content | undefined;
  const run = (l: CommandLine, depth: number): Content | undefined => {
    let lastOut: Content | undefined;
    l.pipelines.forEach((pl, pi) => {
      let stdin: Content | undefined = undefined;
      const prevNext = pi > 0 ? l.pipelines[pi - 1].next : undefined;
      for (const cmd of pl.commands) {
        let out = step(cmd, stdin, pi, prevNext === "&&", depth);
        if (cmd.stdinFrom) out = out ?? undefined;
        if (cmd.stdoutTo) {
          if (out)
            write(
              cmd.stdoutTo,
              out,
              out.via[out.via.length - 1] ?? out.dumps[0]?.tool ?? programName(cmd, tools) ?? "shell",
            );
          out = undefined;
        }
        stdin = out;
      }
      lastOut = merge(lastOut, stdin);
    });
    return lastOut;
  };

  const step = (
    cmd: SimpleCommand,
    stdinIn: Content | undefined,
    pipeline: number,
    afterSuccessOnly: boolean,
    depth: number,
  ): Content | undefined => {
    let stdin = stdinIn;
    if (cmd.stdinFrom) stdin = contentOfFile(cmd.stdinFrom);
    secretsInAssigns(cmd, tools, fx);
    let words = cmd.argv;
    // Look through wrappers (sudo, env, docker exec, ssh host) to the program they start.
    for (let guard = 0; guard < 4 && words.length; guard++) {
      const t = tools.get(basename(words[0]));
      if (!t || t.role !== "wrapper") break;
      const p = parseArgs(basename(words[0]), t, words.slice(1));
      for (const f of list(t, "passwordFlags"))
        for (const v of p.values.get(f) ?? []) secretWord(v, "a password", fx);
      insecureSshOptions(t, p, fx);
      // The program it starts: a known tool among its operands (another wrapper too: `sshpass -e ssh`).
      const at = words.findIndex((w, i) => {
        const inner = i > 0 ? tools.get(basename(w)) : undefined;
        return !!inner && (inner.role !== "wrapper" || p.positionals.includes(w));
      });
      if (at > 0) {
        words = words.slice(at);
        continue;
      }
      // `ssh host "pg_dump lab"`: a remote command line in one word.
      const remote = words.slice(1).find((w) => /\s/.test(literalWord(w) ?? w.text));
      if (remote && depth < 3) return run(reparse(remote), depth + 1);
      words = [];
    }
    if (!words.length) return undefined;
    const name = basename(words[0]);
    const tool = tools.get(name);
    if (!tool) {
      urlWords(words, fx);
      return undefined;
    }
    const p = parseArgs(name, tool, words.slice(1));
    for (const f of list(tool, "passwordFlags"))
      for (const v of p.values.get(f) ?? []) secretWord(v, `${f} password`, fx);
    for (const f of list(tool, "passwordAttached"))
      for (const v of p.values.get(f) ?? []) secretWord(v, `${f}<password>`, fx);
    for (const f of list(tool, "passwordInUser"))
      for (const v of p.values.get(f) ?? []) {
        const t = literalWord(v);
        if (t && /^[^:]+:.+/.test(t)) secretWord(v, "user:password", fx);
      }
    for (const f of list(tool, "insecureFlags"))
      if (p.switches.has(f)) fx.insecure.push({ word: words[0], what: f });
    insecureSshOptions(tool, p, fx);
    urlWords(words, fx);
    switch (tool.role) {
      case "shell": {
        const script =
          firstValue(p, list(tool, "shellFlags")) ?? (p.switches.has("-c") ? p.positionals[0] : undefined);
        return script && depth < 3 ? run(reparse(script), depth + 1) : undefined;
      }
      case "dump":
        return dump(p, cmd, stdin);
      case "client":
        return undefined;
      case "compress": {
        if (has(p, list(tool, "decompressFlags"))) return stdin;
        const suffix = (tool.inPlaceSuffix as Record<string, string> | undefined)?.[name] ?? ".gz";
        const toStdout = has(p, list(tool, "stdoutFlags"));
        if (!p.positionals.length) return stdin ? withVia(stdin, name) : undefined;
        let out: Content | undefined;
        for (const f of p.positionals) {
          const c = withVia(contentOfFile(f), name);
          if (toStdout) out = merge(out, c);
          else write(appendText(f, suffix), c, name);
        }
        return out;
      }
      case "archive":
        return archive(p, stdin);
      case "encrypt": {
        if (has(p, list(tool, "decryptFlags"))) return undefined;
        const sub = list(tool, "subcommand");
        if (sub.length && !p.positionals.some((w) => sub.includes(literalWord(w) ?? ""))) return undefined;
        const encryptFlags = list(tool, "encryptFlags");
        if (encryptFlags.length && !has(p, encryptFlags)) return undefined;
        const input =
          firstValue(p, list(tool, "input")) ??
          p.positionals.find((w) => !sub.includes(literalWord(w) ?? ""));
        const c: Content = { ...(input ? contentOfFile(input) : (stdin ?? emptyContent())), encrypted: true };
        const output = firstValue(p, list(tool, "output"));
        if (output) {
          write(output, withVia(c, name), name);
          return undefined;
        }
        const suffix = (tool.inPlaceSuffix as Record<string, string> | undefined)?.[name];
        if (input && suffix) {
          write(appendText(input, suffix), withVia(c, name), name);
          return undefined;
        }
        return withVia(c, name);
      }
      case "delete":
        for (const f of p.positionals) fx.deletes.push({ file: f, pipeline, afterSuccessOnly });
        return undefined;
      case "transfer":
        transfer(p, pipeline);
        return undefined;
      default:
        return undefined;
    }
  };

  const dump = (p: Parsed, cmd: SimpleCommand, stdin: Content | undefined): Content | undefined => {
    const t = p.tool;
    if (has(p, list(t, "info")) || has(p, list(t, "noData"))) return stdin;
    const dumpFlags = list(t, "dumpFlags");
    const dots = list(t, "dotCommands");
    const dotWord = p.positionals.find((w) =>
      dots.some((d) => (literalWord(w) ?? w.text).trim().startsWith(d)),
    );
    if (dumpFlags.length && !has(p, dumpFlags)) return stdin;
    if (dots.length && !dotWord) return stdin;
    const positionals = p.positionals.filter((w) => w !== dotWord);
    const database =
      firstValue(p, list(t, "database")) ?? (t.databasePositional === "first" ? positionals[0] : undefined);
    const after = list(t, "outputAfter");
    const afterAt = positionals.findIndex((w) => after.includes(literalWord(w) ?? ""));
    let tables =
      t.tablesPositional && database && !p.switches.has("--databases") && !p.switches.has("-B")
        ? positionals.slice(positionals.indexOf(database) + 1)
        : [];
    if (p.switches.has("--all-databases") || p.switches.has("-A")) tables = [];
    // A filter added only under a condition (`if (schema) args.push("-n", schema)`) does not
    // narrow the dump the code runs by default.
    const filtered =
      tables.some((w) => !w.conditional) ||
      list(t, "filters").some(
        (f) => (p.values.has(f) || p.switches.has(f)) && !p.flagWords.get(f)?.conditional,
      ) ||
      (afterAt >= 0 && list(t, "filters").includes(literalWord(positionals[afterAt]) ?? ""));
    const d: DumpEffect = { tool: p.name, database, tables, filtered, command: cmd };
    fx.dumps.push(d);
    const content: Content = { ...emptyContent(), dumps: [d] };
    let output = firstValue(p, list(t, "output"));
    if (!output && afterAt >= 0) output = positionals[afterAt + 1];
    if (!output && t.outputPositional === "last" && positionals.length > 1)
      output = positionals[positionals.length - 1];
    if (!output && dotWord) {
      const parts = (literalWord(dotWord) ?? dotWord.text).trim().split(/\s+/);
      if (parts[0] !== ".dump" && parts[1])
        output = sliceWord(dotWord, (literalWord(dotWord) ?? dotWord.text).indexOf(parts[1]));
      else if (parts[0] !== ".dump") {
        const next = positionals[positionals.indexOf(dotWord) + 1];
        if (next) output = next;
      }
    }
    // mongodump --archive with no value writes to standard output.
    if (output && (literalWord(output) ?? "") !== "-") {
      write(output, content, p.name);
      return undefined;
    }
    return content;
  };

  const archive = (p: Parsed, stdin: Content | undefined): Content | undefined => {
    const t = p.tool;
    const sub = list(t, "subcommand");
    let positionals = p.positionals;
    if (sub.length) {
      if (!positionals.length || !sub.includes(literalWord(positionals[0]) ?? "")) return undefined;
      positionals = positionals.slice(1);
    }
    // tar: old-style clustered first argument (`tar czf out dir`).
    let output = firstValue(p, list(t, "output"));
    if (
      !output &&
      p.name === "tar" &&
      positionals[0] &&
      /^[a-zA-Z]+$/.test(literalWord(positionals[0]) ?? "")
    ) {
      const cluster = literalWord(positionals[0]) ?? "";
      if (/[cr]/.test(cluster) && cluster.includes("f")) {
        output = positionals[1];
        positionals = positionals.slice(2);
      } else return undefined;
    } else if (p.name === "tar" && !has(p, list(t, "createFlags"))) return undefined;
    if (!output && t.outputPositional === "first") {
      output = positionals[0];
      positionals = positionals.slice(1);
    }
    let c: Content | undefined;
    for (const f of positionals) c = merge(c, literalWord(f) === "-" ? stdin : contentOfFile(f));
    if (!positionals.length && stdin) c = stdin;
    c = withVia(c ?? emptyContent(), p.name);
    const encryptAttached = list(t, "encryptAttached");
    if (encryptAttached.some((f) => p.values.has(f))) c = { ...c, encrypted: true };
    else if (has(p, list(t, "weakFlags")))
      c = { ...c, weak: (t.weakWhy as string | undefined) ?? `${p.name} encryption is weak` };
    if (output && (literalWord(output) ?? "") !== "-") {
      write(output, c, p.name);
      return undefined;
    }
    return c;
  };

  const transfer = (p: Parsed, pipeline: number): void => {
    const t = p.tool;
    const objectStorage = !!t.objectStorage;
    const verbs = list(t, "transferVerbs");
    let positionals = p.positionals;
    const sub = list(t, "subcommand");
    if (sub.length) {
      if (!positionals.length || !sub.includes(literalWord(positionals[0]) ?? "")) return;
      positionals = positionals.slice(1);
    }
    const atRestFlag = list(t, "encryptedAtRestFlags").find((f) => p.values.has(f) || p.switches.has(f));
    const add = (local: Word, target?: Word): void => {
      if (isRemote(local)) return;
      fx.transfers.push({
        tool: p.name,
        local,
        target,
        objectStorage,
        encryptedAtRest: atRestFlag,
        pipeline,
      });
    };
    if (verbs.length) {
      if (!positionals.length || !verbs.includes(literalWord(positionals[0]) ?? "")) return;
      const [, from, to] = positionals;
      if (from && to) add(from, to);
      return;
    }
    if (t.positionalTransfer) {
      if (positionals.length < 2) return;
      const target = positionals[positionals.length - 1];
      if (!isRemote(target)) return;
      for (const w of positionals.slice(0, -1)) add(w, target);
      return;
    }
    const url = positionals.find((w) => /^[a-z][a-z0-9+.-]*:\/\//i.test(literalWord(w) ?? w.text));
    for (const f of list(t, "localFlags")) for (const v of p.values.get(f) ?? []) add(v, url);
    for (const f of list(t, "localAt"))
      for (const v of p.values.get(f) ?? []) {
        const text = v.text;
        const at = text.indexOf("@");
        if (at >= 0) add(sliceWord(v, at + 1), url);
      }
    for (const f of list(t, "scriptFlags"))
      for (const v of p.values.get(f) ?? []) {
        const script = literalWord(v) ?? v.text;
        for (const bad of list(t, "insecureScript"))
          if (script.includes(bad)) fx.insecure.push({ word: v, what: `set ${bad}` });
        for (const cmd of script.split(/[;\n]/)) {
          const m = /^\s*(put|mput)\s+(?:-\S+\s+)*(\S+)/.exec(cmd);
          if (m) {
            const at = text(v).indexOf(m[2]);
            add(at >= 0 ? sliceWord(v, at) : v, url);
          }
        }
      }
  };

  const reparse = (w: Word): CommandLine => {
    const exprs: ts.Expression[] = [];
    const text = w.parts
      .map((p) => ("text" in p ? p.text : (exprs.push(p.expr), `\u0001E${exprs.length - 1}\u0001`)))
      .join("");
    return parseShellLine(text, exprs, w.node);
  };

  for (const { line: l, depth } of lines) stdoutAll = merge(stdoutAll, run(l, depth));
  fx.stdout = stdoutAll;
  return fx;
}

function text(w: Word): string {
  return w.parts.map((p) => ("text" in p ? p.text : "\u0000")).join("");
}

function appendText(w: Word, suffix: string): Word {
  return { parts: [...w.parts, { text: suffix }], text: w.text + suffix, node: w.node };
}

function programName(cmd: SimpleCommand, tools: Map<string, ToolModel>): string | undefined {
  const w = cmd.argv[0];
  if (!w) return undefined;
  const n = basename(w);
  return tools.has(n) ? n : undefined;
}

/** `host:path`, `user@host:path`, `s3://…`, `gs://…`, `remote:path` (rclone): not a local file. */
function isRemote(w: Word): boolean {
  const t = literalWord(w) ?? w.parts.map((p) => ("text" in p ? p.text : "x")).join("");
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(t) || /^[^/\s:]+:/.test(t) || /^[^/\s@]+@[^/\s:]+:/.test(t);
}

function secretWord(w: Word, what: string, fx: Effects): void {
  const t = literalWord(w);
  if (t === undefined || !t || /^\$\{?[A-Za-z_]/.test(t) || isPlaceholder(t)) return;
  fx.secrets.push({ word: w, what });
}

const PASSWORD_VARS = /^(PGPASSWORD|MYSQL_PWD|SSHPASS|MONGO_PASSWORD|REDISCLI_AUTH|ISC_PASSWORD)$/;

function secretsInAssigns(cmd: SimpleCommand, tools: Map<string, ToolModel>, fx: Effects): void {
  const envNames = new Set<string>();
  for (const t of tools.values()) for (const n of list(t, "passwordEnv")) envNames.add(n);
  for (const a of cmd.assigns)
    if (envNames.has(a.name) || PASSWORD_VARS.test(a.name)) secretWord(a.value, a.name, fx);
}

/** ftp:// and http:// URLs among a command's words, and URLs with a password in them. */
function urlWords(words: Word[], fx: Effects): void {
  for (const w of words) {
    const t = literalWord(w) ?? w.parts.map((p) => ("text" in p ? p.text : "${}")).join("");
    const m = /(?:^|[=@\s])((ftp|http):\/\/(?:[^@/\s]*@)?(\[[^\]]*\]|[^/:?#\s]*))/i.exec(t);
    if (m && m[3] && !/^(localhost|127\.|0\.0\.0\.0|\[?::1\]?)/i.test(m[3]))
      fx.plaintextTargets.push({ word: w, what: m[2].toLowerCase() + "://" });
    const cred = /[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@/\s]+)@/i.exec(t);
    if (cred && !/^\$/.test(cred[1]) && !isPlaceholder(cred[1]) && literalWord(w) !== undefined)
      fx.secrets.push({ word: w, what: "a password inside a URL" });
  }
}

export { wordOf };
