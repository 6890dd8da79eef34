/**
 * unfiltered-extraction: a query on personal data that reads every row (no WHERE/LIMIT, no where),
 * including a full dump filtered later in JavaScript, or every column (SELECT *, an ORM call with no
 * select) of rows that then leave the application; a read restricted to some rows that stays in the
 * application is a lookup (citation: rules/unfiltered-extraction/meta.json).
 */
import { ts } from "ts-morph";
import { unwrap } from "../ast/nodes";
import { QueryInfo } from "../queries/queries";
import { fileIndex } from "../resolve/fileIndex";
import { RuleContext, Rule } from "./context";
import { dumpRisk } from "../commands/commandFacts";

export const ID = "unfiltered-extraction";

export const unfilteredExtraction: Rule = {
  id: ID,
  run(ctx: RuleContext): void {
    for (const sf of ctx.files) {
      for (const q of ctx.queries.queriesIn(sf)) check(ctx, q);
      dumps(ctx, sf);
    }
  },
};

function check(ctx: RuleContext, q: QueryInfo): void {
  const problems: string[] = [];
  const tables: Array<{ table: string; star: boolean; columns: string[] }> = [];
  const related: Array<{ node: ts.Node; message: string }> = [];
  const sql = q.family === "sql" || !!q.sqlText;
  for (const read of q.reads) {
    if (read.aggregateOnly) continue;
    // Reference tables, catalogues and organisations (`suppliers`, `enterprise`): their contact
    // columns describe a company, not a person.
    if (!read.wholeDatabase && ctx.vocab.isDeclaredNotPersonal(read.table)) continue;
    // Joined only to match or count rows (`COUNT(e.uuid)`, `JOIN patient p ON …` with no `p.`
    // column selected) while the query selects columns of other tables: nothing of it is read.
    if (
      sql &&
      !read.wholeDatabase &&
      read.columns.size === 0 &&
      q.reads.some((other) => other !== read && other.columns.size > 0) &&
      !LIST_AGGREGATE.test(q.sqlText ?? "")
    )
      continue;
    const personal = !!read.wholeDatabase || ctx.vocab.isPersonalTable(read.table);
    const star = read.columns.has("*");
    const known = ctx.vocab.columnsOf(read.table);
    const cols = star ? (known ?? []) : [...read.columns];
    let risky = cols.filter((c) => ctx.vocab.classifyName(c, personal));
    // A table whose name says nothing, read whole: the fields the code reads from its rows may say
    // it holds people (`ITSector.find({})` then `u.fullName`, `u.email`).
    if (
      !personal &&
      !risky.length &&
      star &&
      !read.rowFiltered &&
      !ctx.vocab.isDeclaredNotPersonal(read.table)
    )
      risky = ctx.taint.evidence.fieldsReadFrom(q.node);
    if (!personal && !risky.length) continue;
    // Only keys (`SELECT id FROM patient` to rewrite them in a migration): no data about anyone.
    if (!star && !read.wholeDatabase && cols.length > 0 && cols.every(isKeyColumn)) continue;
    const parts: string[] = [];
    // A read restricted to some rows (a key, one subject, a WHERE, a LIMIT) is an application
    // lookup: its missing projection matters only when the rows leave the application.
    const exported = star && read.rowFiltered ? exportedAt(ctx, q) : undefined;
    if (star && read.rowFiltered && !exported) continue;
    if (exported && !related.some((x) => x.node === exported.node))
      related.push({ node: exported.node, message: `the rows reach ${exported.what} here` });
    if (star) {
      const free = risky.filter((c) => ctx.vocab.classifyName(c, personal)?.category === "free-text");
      const shown = risky.length
        ? ` (${risky.slice(0, 5).join(", ")}${risky.length > 5 ? ", …" : ""}${free.length ? "; free text: " + free.join(", ") : ""})`
        : "";
      parts.push(
        (sql
          ? `SELECT * reads every column of ${read.table}${shown}`
          : read.via
            ? `every field of the related ${read.table} records is read with ${read.via}${shown}`
            : `no select: every field of ${read.table} is read${shown}`) +
          (exported ? ` and the rows reach ${exported.what}` : ""),
      );
    }
    if (!read.rowFiltered)
      parts.push(
        sql
          ? `no WHERE or LIMIT: every row of ${read.table} is read`
          : read.via
            ? `no where: the ${read.table} records of every ${read.via} are read`
            : `no where: every record of ${read.table} is read`,
      );
    if (!parts.length) continue;
    problems.push(parts.join("; "));
    // A related read is fixed in its parent's query: the fix data lists the queried stores only.
    if (!read.via) tables.push({ table: read.table, star, columns: known ?? [] });
  }
  if (!problems.length) return;
  const later = filteredLater(ctx, q);
  ctx.report({
    ruleId: ID,
    node: q.reportNode,
    messageId: "unfilteredQuery",
    messageData: {
      problems: problems.join("; "),
      filteredLater: later
        ? "; rows are filtered afterwards in JavaScript, after the whole table was extracted"
        : "",
    },
    related: [...(later ? [{ node: later, message: "filtered here, after extraction" }] : []), ...related],
    data: { fix: sql ? "sql-columns" : "orm-select", family: q.family, tables },
  });
}

/** Where the rows of this query leave the application (a file, an upload, an HTTP body…), if they do. */
function exportedAt(ctx: RuleContext, q: QueryInfo): { node: ts.Node; what: string } | undefined {
  return ctx.facts.exportSinks().get(q.node);
}

/** A `.filter(...)` in the same function applied to this query's result. */
function filteredLater(ctx: RuleContext, q: QueryInfo): ts.Node | undefined {
  let fn: ts.Node | undefined = q.node.parent;
  while (fn && !ts.isFunctionLike(fn) && !ts.isSourceFile(fn)) fn = fn.parent;
  if (!fn) return undefined;
  for (const c of fileIndex(q.node.getSourceFile()).calls) {
    if (c.pos < fn.pos || c.end > fn.end || c.pos < q.node.end) continue;
    const callee = unwrap(c.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "filter") continue;
    const flows = ctx.taint.flowsOf(callee.expression);
    if (flows.some((f) => f.origin.kind === "src" && f.origin.src.node === q.node)) return c;
  }
  return undefined;
}

/** A database dump tool run with no table or row filter extracts every table and every row. */
function dumps(ctx: RuleContext, sf: ts.SourceFile): void {
  for (const run of ctx.taint.commands.runsIn(sf)) {
    for (const d of run.effects.dumps) {
      if (d.filtered) continue;
      const risk = dumpRisk(ctx.vocab, d);
      if (!risk) continue;
      ctx.report({
        ruleId: ID,
        node: run.site,
        messageId: "unfilteredDump",
        // A whole-database dump is reported even in a backup tool: a tool that can only dump
        // everything is no justification (SAN-2022-009 §41, §49); the backup a controller asked for
        // is suppressed with the reference of that instruction.
        messageData: { dump: risk },
        data: { fix: "none", family: "command", tool: d.tool },
      });
    }
  }
}

/** Aggregates that return every value they gather (`GROUP_CONCAT(e.display_name)`), unlike a count. */
const LIST_AGGREGATE =
  /\b(group_concat|string_agg|array_agg|json_agg|jsonb_agg|listagg|json_arrayagg|json_group_array)\s*\(/i;

/** `id`, `_id`, `uuid`, `patient_id`, `patientId`: a key that names a row, not data in it. */
function isKeyColumn(column: string): boolean {
  return /^(_?id|uuid)$/i.test(column) || /[a-z0-9](_id|Id|ID|_uuid)$/.test(column);
}
