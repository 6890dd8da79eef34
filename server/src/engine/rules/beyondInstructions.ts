/**
 * beyond-instructions: in a script governed by a documented instruction (privacy-review.json
 * `instructions`), a query that reads a column or a table the instruction does not list, or that
 * does not keep to the instructed row window (citation: rules/beyond-instructions/meta.json).
 */
import { Instruction } from "../config/config";
import { queryBounds } from "../instructions/queryBounds";
import { boundsOfSqlExpression, compareBounds, normColumn } from "../instructions/rowFilter";
import { QueryInfo, TableRead } from "../queries/queries";
import { RuleContext, Rule } from "./context";

export const ID = "beyond-instructions";

export interface InstructionCheck {
  instruction: Instruction;
  table: string;
  /** Instructed table key as written in the config. */
  instructedTable?: string;
  extraColumns: string[];
  allColumnsUnknown: boolean;
  tableNotListed: boolean;
  rowFilter?: { verdict: "inside" | "outside" | "not-proven"; detail?: string };
}

/** The instruction entry for a table, matching `patients`, `patient`, `Patients`, `public.patients`. */
export function instructedTable(ins: Instruction, table: string): string | undefined {
  const want = normColumn(table);
  const sing = (s: string): string => (s.endsWith("s") ? s.slice(0, -1) : s);
  return Object.keys(ins.extract).find((k) => normColumn(k) === want || sing(normColumn(k)) === sing(want));
}

/** Compares one read of a query with the instruction governing its file. */
export function checkRead(
  ctx: Pick<RuleContext, "r" | "queries" | "vocab">,
  q: QueryInfo,
  read: TableRead,
  ins: Instruction,
): InstructionCheck {
  const key = instructedTable(ins, read.table);
  const check: InstructionCheck = {
    instruction: ins,
    table: read.table,
    instructedTable: key,
    extraColumns: [],
    allColumnsUnknown: false,
    tableNotListed: !key,
  };
  if (!key) return check;
  const spec = ins.extract[key];
  const allowed = new Set(spec.columns.map(normColumn));
  if (read.columns.has("*")) {
    const known = ctx.vocab.columnsOf(read.table);
    if (known) check.extraColumns = known.filter((c) => !allowed.has(normColumn(c)));
    else check.allColumnsUnknown = true;
  } else {
    check.extraColumns = [...read.columns].filter((c) => !allowed.has(normColumn(c)));
  }
  if (spec.rowFilter) {
    const want = boundsOfSqlExpression(spec.rowFilter);
    if (!want)
      check.rowFilter = {
        verdict: "not-proven",
        detail: `the instructed row filter "${spec.rowFilter}" could not be read`,
      };
    else {
      const got = queryBounds(ctx.r, ctx.queries, q, read);
      const verdict = compareBounds(want, got, spec.rowFilter);
      // An OR that leaves the instructed bound unproven is a widening, not an unknown value.
      check.rowFilter =
        got?.has("__or__") && verdict.verdict !== "inside"
          ? {
              verdict: "outside",
              detail: `the query's filter is combined with OR, which can let rows outside the instructed window through (instructed: ${spec.rowFilter})`,
            }
          : verdict;
    }
  }
  return check;
}

/** Instructions whose `files` globs match this file. */
export function governing(ctx: RuleContext, file: string): Instruction[] {
  return ctx.instructionsFor ? ctx.instructionsFor(file) : [];
}

export const beyondInstructions: Rule = {
  id: ID,
  run(ctx: RuleContext): void {
    if (!ctx.instructionsFor) return;
    for (const sf of ctx.files) {
      const instructions = governing(ctx, sf.fileName);
      if (!instructions.length) continue;
      for (const q of ctx.queries.queriesIn(sf)) {
        const problems: string[] = [];
        const data: Record<string, unknown> = {};
        let ins: Instruction | undefined;
        for (const read of q.reads) {
          if (read.aggregateOnly) continue;
          // The instruction that lists this table, else the first one governing the file.
          ins = instructions.find((i) => instructedTable(i, read.table)) ?? instructions[0];
          const c = checkRead(ctx, q, read, ins);
          if (c.tableNotListed) {
            problems.push(`reads table ${read.table}, which the instruction does not list`);
            continue;
          }
          const spec = ins.extract[c.instructedTable!];
          if (c.allColumnsUnknown)
            problems.push(
              `reads every column of ${read.table} (*), the instruction lists ${spec.columns.length}`,
            );
          else if (c.extraColumns.length) {
            const free = c.extraColumns.filter(
              (x) => ctx.vocab.classifyName(x, true)?.category === "free-text",
            );
            problems.push(
              `reads ${c.extraColumns.join(", ")} from ${read.table}, not in the instructed field list${free.length ? ` (free text: ${free.join(", ")})` : ""}`,
            );
          }
          if (c.rowFilter?.verdict === "outside")
            problems.push(c.rowFilter.detail ?? "does not keep to the instructed row filter");
          data.table = read.table;
          data.instructedColumns = spec.columns;
          data.rowFilter = c.rowFilter?.verdict === "outside" ? spec.rowFilter : undefined;
          data.extraColumns = c.extraColumns;
          data.star = read.columns.has("*");
        }
        if (!problems.length || !ins) continue;
        ctx.report({
          ruleId: ID,
          node: q.reportNode,
          messageId: "beyondInstruction",
          messageData: {
            instruction: ins.id,
            controller: ins.controller ? ` (${ins.controller})` : "",
            problems: problems.join("; "),
          },
          data: { ...data, instruction: ins.id, family: q.family },
        });
      }
    }
  },
};
