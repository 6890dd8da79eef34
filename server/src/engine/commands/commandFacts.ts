/**
 * Command effects in the engine's terms: a dump is a source of personal data (unless what it
 * dumps is declared not personal), a word naming a file has the same path keys as the JavaScript
 * expression that names it elsewhere, and what a command writes carries the flows of its content.
 */
import { ts } from "ts-morph";
import { Vocabulary } from "../classify/vocabulary";
import { Flow, pathKey } from "../flow/taint";
import { Resolver } from "../resolve/values";
import { CommandRun } from "./commands";
import { Content, DumpEffect } from "./effects";
import { literalWord, Word } from "./shellWords";

/** What a dump puts at risk (`the pg_dump dump of database lab`), or undefined when declared not personal. */
export function dumpRisk(vocab: Vocabulary, d: DumpEffect): string | undefined {
  const db = d.database ? literalWord(d.database) : undefined;
  const dbName = db && !/^[a-z][a-z0-9+.-]*:\/\//i.test(db) ? db : undefined;
  if (dbName && vocab.isDeclaredNotPersonal(dbName)) return undefined;
  const tables = d.tables.map((t) => literalWord(t));
  if (tables.length && tables.every((t) => t !== undefined && vocab.isDeclaredNotPersonal(t)))
    return undefined;
  const what = tables.length
    ? `table${tables.length > 1 ? "s" : ""} ${tables.map((t) => t ?? "(from the code)").join(", ")}`
    : dbName
      ? `database ${dbName}`
      : "the database";
  return `the ${d.tool} dump of ${what}`;
}

/** Path keys of a word, comparable with `pathKey` of the JavaScript expressions that name the same file. */
export function wordKeys(r: Resolver, w: Word): string[] {
  if (w.parts.length === 1 && "expr" in w.parts[0]) return [pathKey(r, w.parts[0].expr)];
  const lit = literalWord(w);
  if (lit !== undefined) return ["'" + lit.replace(/\\/g, "/").replace(/^\.\//, "")];
  return ["`" + w.parts.map((p) => ("text" in p ? p.text : "${" + pathKey(r, p.expr) + "}")).join("")];
}

/** The node to point at for a word: its own expression when it is one, else where it is written. */
export function wordNode(w: Word): ts.Node {
  return w.parts.length === 1 && "expr" in w.parts[0] ? w.parts[0].expr : w.node;
}

/** Flows of a dump: its origin is where the command is written. */
export function dumpFlows(vocab: Vocabulary, run: CommandRun, dumps: DumpEffect[]): Flow[] {
  const out: Flow[] = [];
  for (const d of dumps) {
    const atRisk = dumpRisk(vocab, d);
    if (atRisk)
      out.push({ origin: { kind: "src", src: { node: run.site, kind: "dump", atRisk } }, steps: [] });
  }
  return out.slice(0, 1);
}

/**
 * What a command writes in clear: its dumps, and the contents of the files it reads (as the
 * workspace wrote them), unless the content is encrypted on the way.
 */
export function contentFlows(
  r: Resolver,
  vocab: Vocabulary,
  run: CommandRun,
  c: Content,
  plaintextWrittenTo: ((key: string) => Flow[]) | undefined,
): Flow[] {
  if (c.encrypted) return [];
  const out = [...dumpFlows(vocab, run, c.dumps)];
  if (plaintextWrittenTo)
    for (const f of c.files) for (const k of wordKeys(r, f)) out.push(...plaintextWrittenTo(k));
  return out;
}

/** How to show a file named in a command line: the expression's code, or the word's text. */
export function wordShown(w: Word): string {
  const only = w.parts.length === 1 && "expr" in w.parts[0] ? w.parts[0].expr : undefined;
  return only ? "`" + only.getText().slice(0, 60) + "`" : w.text;
}
