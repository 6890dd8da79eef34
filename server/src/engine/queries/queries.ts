/**
 * Turns a call that reads from a database into a QueryInfo: which tables, which columns (or all),
 * whether rows are filtered. One interpreter per query style (SQL text, knex, Prisma, TypeORM,
 * Sequelize, Mongoose, MongoDB); which API call is which style comes from rules/models.
 */
import { rethrowUnlessTooDeep } from "../errors";
import { ts } from "ts-morph";
import { accessedName, isFunctionLike, propertyNameText, stringLiteralValue, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { analyseSql, EXPR_PLACEHOLDER, looksLikeSql, SelectScope } from "../sql/sqlAnalysis";
import { Models, SourceModel } from "../models/models";
import { ApiRef, CallLike, constString, lastCall, Resolver, Step, Val } from "../resolve/values";
import { fileIndex } from "../resolve/fileIndex";
import { objectOf, propExpression } from "../resolve/objects";
import { stringValues } from "../resolve/strings";
import { argumentAt } from "../models/arguments";

export interface TableRead {
  table: string;
  /** Column names read, lower case; "*" when all columns are read. */
  columns: Set<string>;
  rowFiltered: boolean;
  aggregateOnly: boolean;
  /** SQL WHERE AST (node-sql-parser) or an ORM `where` object, for instruction checks. */
  where?: unknown;
  ormWhere?: ts.Expression;
  /** knex `.where(...)`-family calls, in order. */
  whereCalls?: Array<{ name: string; args: readonly ts.Expression[] }>;
  /** The store's name is computed and takes every name the database lists (`db.listCollections()`): a dump. */
  wholeDatabase?: boolean;
  /** Records read through a relation of this store (Prisma `include`/nested `select`), not queried themselves. */
  via?: string;
}

interface PrismaRelation {
  /** The relation field (`patient`, `results`): also the name the related records are read under. */
  name: string;
  columns: Set<string>;
  relations: PrismaRelation[];
  /** The relation's own `where`/`take`. */
  filtered: boolean;
}

interface PrismaShape {
  columns: Set<string>;
  relations: PrismaRelation[];
}

/** The table name shown for a read of every collection a database lists. */
export const EVERY_COLLECTION = "every collection of the database";
/** Calls that list a database's stores: a name taken from them may be any store. */
const LISTINGS =
  /^(listCollections|collections|getCollectionNames|collectionNames|listTables|getTableNames|showTables|modelNames)$/;

export interface QueryInfo {
  /** The expression whose value is the query result. */
  node: ts.Node;
  /** Where a finding about the query is reported. */
  reportNode: ts.Node;
  family: string;
  reads: TableRead[];
  sqlText?: string;
  sqlNode?: ts.Node;
  approximate: boolean;
  /** SQL reached through a parameter of this function (a query helper): resolved at call sites. */
  sqlParam?: { fn: ts.Node; index: number };
}

/** Method names that run a SQL string on an unknown receiver (`db.query(sql)` with `db` untyped). */
const SQL_METHODS = new Set([
  "query",
  "execute",
  "raw",
  "all",
  "any",
  "many",
  "manyOrNone",
  "oneOrNone",
  "one",
  "each",
  "$queryRaw",
  "$queryRawUnsafe",
  "queryRaw",
  "unsafe",
  "queryStream",
  "stream",
  "run",
  "get",
  "exec",
  "select",
]);

/** Builder and ORM method names that can end a query expression (knex, TypeORM, Prisma, Sequelize, Mongoose, MongoDB). */
const QUERY_METHOD_NAMES = new Set([
  "select",
  "where",
  "andWhere",
  "orWhere",
  "whereIn",
  "whereNot",
  "whereNotIn",
  "whereBetween",
  "whereRaw",
  "whereNull",
  "whereNotNull",
  "whereExists",
  "whereLike",
  "whereILike",
  "from",
  "table",
  "join",
  "innerJoin",
  "leftJoin",
  "rightJoin",
  "leftOuterJoin",
  "fullOuterJoin",
  "crossJoin",
  "joinRaw",
  "first",
  "pluck",
  "orderBy",
  "groupBy",
  "having",
  "limit",
  "offset",
  "modify",
  "count",
  "countDistinct",
  "sum",
  "avg",
  "min",
  "max",
  "distinct",
  "column",
  "columns",
  "union",
  "unionAll",
  "returning",
  "stream",
  "then",
  "catch",
  "finally",
  "clone",
  "as",
  "timeout",
  "forUpdate",
  "find",
  "findBy",
  "findOne",
  "findOneBy",
  "findOneOrFail",
  "findAndCount",
  "findAndCountBy",
  "findAll",
  "findByPk",
  "findAndCountAll",
  "findMany",
  "findFirst",
  "findUnique",
  "findFirstOrThrow",
  "findUniqueOrThrow",
  "findRaw",
  "aggregateRaw",
  "findById",
  "getMany",
  "getRawMany",
  "getOne",
  "getRawOne",
  "getManyAndCount",
  "getCount",
  "addSelect",
  "leftJoinAndSelect",
  "innerJoinAndSelect",
  "take",
  "skip",
  "createQueryBuilder",
  "aggregate",
  "lean",
  "exec",
  "cursor",
  "project",
  "sort",
  "toArray",
  "populate",
  "$queryRaw",
  "$queryRawUnsafe",
  "prepare",
]);

const STRONG_SQL_METHODS = new Set([
  "query",
  "execute",
  "raw",
  "$queryRaw",
  "$queryRawUnsafe",
  "queryRaw",
  "unsafe",
  "manyOrNone",
  "oneOrNone",
]);

/** A function with a name callers can use (declaration, method, or bound to a variable or property). */
function isNamedFunction(fn: ts.Node): boolean {
  if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) return true;
  const p = fn.parent;
  return !!p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p));
}

export interface SqlText {
  text: string;
  node: ts.Node;
  param?: { fn: ts.Node; index: number };
}

export class QueryReader {
  private cache = new Map<ts.Node, QueryInfo | null>();

  constructor(
    private readonly r: Resolver,
    private readonly models: Models,
  ) {}

  /**
   * Cheap syntactic test before `at`: can this call be a query at all? Method names of drivers,
   * ORMs and query builders; plain calls given SQL or a table name as a literal; tagged templates.
   */
  mayBeQuery(call: CallLike): boolean {
    if (ts.isTaggedTemplateExpression(call)) return true;
    const callee = call.expression;
    const a0 = call.arguments?.[0];
    if (ts.isPropertyAccessExpression(callee)) {
      // `this.db("patients")`: a knex instance in a field, called with a table name
      return (
        QUERY_METHOD_NAMES.has(callee.name.text) ||
        SQL_METHODS.has(callee.name.text) ||
        (!!a0 && (ts.isStringLiteral(a0) || ts.isNoSubstitutionTemplateLiteral(a0)))
      );
    }
    return (
      !!a0 &&
      (ts.isStringLiteral(a0) ||
        ts.isNoSubstitutionTemplateLiteral(a0) ||
        ts.isTemplateExpression(a0) ||
        ts.isObjectLiteralExpression(a0) ||
        ts.isIdentifier(a0) ||
        ts.isBinaryExpression(a0))
    );
  }

  /** Every query a file runs, once each (a builder chain is one query), in source order. */
  queriesIn(sf: ts.SourceFile): QueryInfo[] {
    const idx = fileIndex(sf);
    const seen = new Set<ts.Node>();
    const out: QueryInfo[] = [];
    for (const call of [...idx.calls, ...idx.tagged, ...idx.news]) {
      if (!this.mayBeQuery(call)) continue;
      const q = this.at(call);
      if (!q || q.sqlParam || seen.has(q.reportNode)) continue;
      seen.add(q.reportNode);
      out.push(q);
    }
    return out;
  }

  /** The query a call (or tagged template) runs, when it is one. Cached per node. */
  at(call: CallLike): QueryInfo | undefined {
    const hit = this.cache.get(call);
    if (hit !== undefined) return hit ?? undefined;
    this.cache.set(call, null);
    let q: QueryInfo | undefined;
    try {
      q = this.read(call);
    } catch (error) {
      rethrowUnlessTooDeep(error); // expected: too deep to follow, not a query we can read
      q = undefined;
    }
    this.cache.set(call, q ?? null);
    return q;
  }

  private read(call: CallLike): QueryInfo | undefined {
    const callee = ts.isTaggedTemplateExpression(call) ? call.tag : call.expression;
    const refs = this.r
      .apis(ts.isNewExpression(call) ? call : (call as ts.Expression))
      .filter((x) => lastCallIs(x, call));
    for (const ref of refs) {
      for (const m of this.models.match<SourceModel>("sources", ref)) {
        const q = this.interpret(m, ref, call);
        if (q) return q;
      }
    }
    // Knex builders: any call on a knex instance chain is part of one query; read the outermost.
    for (const ref of refs)
      if (ref.module === "knex" && knexInstanceSteps(ref) > 0 && ref.steps.length > knexInstanceSteps(ref)) {
        if (!isOutermostBuilderCall(call)) return undefined;
        return this.knex(ref, call);
      }
    // A local query helper: fetchRows("SELECT ...") where fetchRows hands its parameter to a query.
    if (!ts.isNewExpression(call) && !ts.isTaggedTemplateExpression(call)) {
      for (const v of this.r.values(call.expression)) {
        if (v.kind !== "node" || !isFunctionLike(v.node)) continue;
        for (const i of this.helperSqlParams(v.node)) {
          const a = call.arguments[i];
          const text = a && this.sqlText(a);
          if (text && (looksLikeSql(text.text) || text.param)) return this.fromSql("sql", call, text);
        }
      }
    }
    // Unknown receiver with a SQL-running method name and SQL text as its first argument.
    if (!ts.isNewExpression(call)) {
      const name = ts.isIdentifier(unwrap(callee))
        ? (unwrap(callee) as ts.Identifier).text
        : accessedName(unwrap(callee));
      if (ts.isTaggedTemplateExpression(call)) {
        const text = this.sqlText(call.template);
        if (text && looksLikeSql(text.text)) return this.fromSql("sql", call, text);
        return undefined;
      }
      const arg0 = call.arguments[0];
      if (name && SQL_METHODS.has(name) && arg0) {
        const text = this.sqlText(arg0);
        // SQL text, or (for unmistakable SQL methods) a parameter of a named query helper.
        if (
          text &&
          (looksLikeSql(text.text) ||
            (text.param && STRONG_SQL_METHODS.has(name) && isNamedFunction(text.param.fn)))
        )
          return this.fromSql("sql", call, text);
      }
    }
    return undefined;
  }

  private helperCache = new Map<ts.Node, number[]>();

  /** Parameters of a local function that it runs as SQL. */
  helperSqlParams(fn: ts.Node): number[] {
    const hit = this.helperCache.get(fn);
    if (hit) return hit;
    this.helperCache.set(fn, []);
    const out = new Set<number>();
    const body = (fn as { body?: ts.Node }).body;
    const params = new Set(
      (fn as ts.SignatureDeclaration).parameters
        ?.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ""))
        .filter(Boolean),
    );
    // Cheap first: only calls that pass one of the parameters first are worth reading as queries.
    const visit = (n: ts.Node): void => {
      if (
        ts.isCallExpression(n) &&
        n.arguments[0] &&
        ts.isIdentifier(unwrap(n.arguments[0])) &&
        params.has((unwrap(n.arguments[0]) as ts.Identifier).text)
      ) {
        const q = this.at(n);
        if (q?.sqlParam && q.sqlParam.fn === fn) out.add(q.sqlParam.index);
      }
      if (ts.isTaggedTemplateExpression(n)) {
        const q = this.at(n);
        if (q?.sqlParam && q.sqlParam.fn === fn) out.add(q.sqlParam.index);
      }
      ts.forEachChild(n, visit);
    };
    if (body && params.size) visit(body);
    const list = [...out];
    this.helperCache.set(fn, list);
    return list;
  }

  private interpret(m: SourceModel, ref: ApiRef, call: CallLike): QueryInfo | undefined {
    switch (m.family) {
      case "sql": {
        let argHost: CallLike | undefined = call;
        if (m.sqlFrom) argHost = stepCall(ref, m.sqlFrom) ?? call;
        const arg = ts.isTaggedTemplateExpression(argHost)
          ? argHost.template
          : argumentAt(this.r, argHost, m.sqlArg ?? 0);
        if (!arg) return undefined;
        const text = this.sqlText(arg);
        if (!text) return { node: call, reportNode: call, family: "sql", reads: [], approximate: true };
        return this.fromSql("sql", call, text);
      }
      case "knex":
        return isOutermostBuilderCall(call) ? this.knex(ref, call) : undefined;
      case "prisma":
        return this.prisma(ref, call);
      case "typeorm":
        return this.typeorm(ref, call);
      case "typeorm-qb":
        return isOutermostBuilderCall(call) ? this.typeormQb(ref, call) : undefined;
      case "sequelize":
        return this.sequelize(ref, call);
      case "mongoose":
        return this.mongo(ref, call, "mongoose");
      case "mongodb":
        return this.mongo(ref, call, "mongodb");
      default:
        return undefined;
    }
  }

  /** SQL text an expression carries: literals, consts, concatenations, templates (unknown parts become placeholders). */
  sqlText(e: ts.Expression, depth = 0): SqlText | undefined {
    if (depth > 6) return undefined;
    const u = unwrap(e);
    const lit = stringLiteralValue(u);
    if (lit !== undefined) return { text: lit, node: u };
    if (ts.isTemplateExpression(u)) {
      let s = u.head.text;
      u.templateSpans.forEach((span, i) => {
        const v = constString(this.r, span.expression);
        s += (v ?? EXPR_PLACEHOLDER + i) + span.literal.text;
      });
      return { text: s, node: u };
    }
    if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const a = this.sqlText(u.left, depth + 1);
      const b = this.sqlText(u.right, depth + 1);
      const at = a?.text ?? EXPR_PLACEHOLDER + "l";
      const bt = b?.text ?? EXPR_PLACEHOLDER + "r";
      if (!a && !b) return undefined;
      return { text: at + bt, node: u };
    }
    if (
      ts.isCallExpression(u) &&
      ts.isPropertyAccessExpression(u.expression) &&
      u.expression.name.text === "join"
    ) {
      const arr = unwrap(u.expression.expression);
      if (ts.isArrayLiteralExpression(arr)) {
        const sep = u.arguments[0] ? (constString(this.r, u.arguments[0]) ?? " ") : ",";
        const parts = arr.elements.map((x) => this.sqlText(x, depth + 1)?.text ?? EXPR_PLACEHOLDER);
        return { text: parts.join(sep), node: u };
      }
    }
    if (ts.isObjectLiteralExpression(u)) {
      for (const p of u.properties) {
        if (
          ts.isPropertyAssignment(p) &&
          (propertyNameText(p.name) === "text" || propertyNameText(p.name) === "sql")
        )
          return this.sqlText(p.initializer, depth + 1);
      }
      return undefined;
    }
    if (ts.isNewExpression(u) && u.arguments?.[0]) {
      // new QueryStream(sql), new Request(sql)
      return this.sqlText(u.arguments[0], depth + 1);
    }
    if (ts.isIdentifier(u)) {
      const d = resolveIdentifier(u);
      if (d && ts.isParameter(d) && isFunctionLike(d.parent)) {
        return { text: "", node: u, param: { fn: d.parent, index: d.parent.parameters.indexOf(d) } };
      }
      if (
        d &&
        ts.isVariableDeclaration(d) &&
        d.initializer &&
        !fileIndex(d.getSourceFile()).assignments.get(d)?.length
      ) {
        return this.sqlText(d.initializer, depth + 1);
      }
    }
    if (ts.isIdentifier(u) || ts.isPropertyAccessExpression(u)) {
      const vals = this.r.values(u);
      for (const v of vals)
        if (v.kind === "node" && v.node !== u && ts.isExpression(v.node)) {
          const t = this.sqlText(v.node, depth + 1);
          if (t) return t;
        }
    }
    return undefined;
  }

  fromSql(family: string, call: ts.Node, text: SqlText): QueryInfo {
    if (text.param) {
      return { node: call, reportNode: call, family, reads: [], approximate: true, sqlParam: text.param };
    }
    const info = analyseSql(text.text);
    const reads: TableRead[] = [];
    for (const s of info.scopes) reads.push(...scopeReads(s));
    // Report where the SQL text starts (its opening quote), inline or in a constant.
    const reportNode = text.node;
    return {
      node: call,
      reportNode,
      family,
      reads,
      sqlText: text.text,
      sqlNode: text.node,
      approximate: info.approximate,
    };
  }

  // ---- knex -------------------------------------------------------------------------------
  private knex(ref: ApiRef, call: CallLike): QueryInfo | undefined {
    const prefix = knexInstanceSteps(ref);
    if (!prefix || consumedBefore(ref, prefix)) return undefined;
    // The instance itself (`knex(config)`, a `Knex` typed value) is not part of the query.
    const calls = [
      { name: "", node: undefined as CallLike | undefined },
      ...methodCalls({ ...ref, steps: ref.steps.slice(prefix) }),
    ];
    let computed: { names: string[]; whole: boolean } | undefined;
    let table: string | undefined;
    const cols = new Set<string>();
    let filtered = false;
    let aggregate = false;
    let write = false;
    const joins: string[] = [];
    const grouped = new Set<string>();
    const whereCalls: Array<{ name: string; args: readonly ts.Expression[] }> = [];
    for (const { name, node } of calls.slice(1)) {
      const args: readonly ts.Expression[] =
        node && !ts.isTaggedTemplateExpression(node) ? (node.arguments ?? []) : [];
      if (name === "" || name === "from" || name === "table" || name === "queryBuilder") {
        const t = args[0] ? (constString(this.r, args[0]) ?? this.aliasedTable(args[0])) : undefined;
        if (t) table = tableFromAlias(t);
        else if (args[0] && !ts.isObjectLiteralExpression(unwrap(args[0]))) {
          // `knex(table)` with a computed name: every name it may hold.
          computed = this.storeNames(args[0]);
          if (computed.whole || computed.names.length) table = computed.names[0] ?? EVERY_COLLECTION;
        }
      } else if (
        name === "select" ||
        name === "column" ||
        name === "columns" ||
        name === "pluck" ||
        name === "distinct" ||
        name === "first"
      ) {
        if (name === "first") filtered = true;
        for (const a of args)
          for (const c of stringsOf(this.r, a))
            cols.add(
              c === "*"
                ? "*"
                : c
                    .split(".")
                    .pop()!
                    .split(/\s+as\s+/i)[0]
                    .toLowerCase(),
            );
      } else if (
        /^(where|andWhere|orWhere|whereIn|whereNot|whereNotIn|whereBetween|whereRaw|whereNull|whereNotNull|whereExists|whereLike|whereILike|having|limit|offset|modify|whereJsonPath)$/.test(
          name,
        )
      ) {
        if (name !== "offset") filtered = true;
        if (/^(where|andWhere|orWhere|whereIn|whereBetween|whereRaw)$/.test(name))
          whereCalls.push({ name, args });
      } else if (/^(count|countDistinct|sum|avg|min|max)$/.test(name)) {
        aggregate = true;
      } else if (name === "groupBy") {
        for (const a of args)
          for (const c of stringsOf(this.r, a)) grouped.add(c.split(".").pop()!.toLowerCase());
      } else if (
        /^(insert|update|del|delete|truncate|increment|decrement|upsert|merge|onConflict)$/.test(name)
      ) {
        write = true;
      } else if (/join$/i.test(name)) {
        const t = args[0] ? (constString(this.r, args[0]) ?? this.aliasedTable(args[0])) : undefined;
        if (t) joins.push(tableFromAlias(t));
      } else if (name === "raw") {
        const text = args[0] ? this.sqlText(args[0]) : undefined;
        return text ? this.fromSql("knex", outermost(call), text) : undefined;
      }
    }
    if (write || !table) return undefined;
    const columns = cols.size ? cols : new Set(["*"]);
    const aggregateOnly = aggregate && [...cols].every((c) => grouped.has(c));
    const reads: TableRead[] =
      computed && table === (computed.names[0] ?? EVERY_COLLECTION)
        ? this.readsFor(computed, { columns, rowFiltered: filtered, aggregateOnly, whereCalls })
        : [{ table, columns, rowFiltered: filtered, aggregateOnly, whereCalls }];
    for (const j of joins)
      reads.push({
        table: j,
        columns: cols.size ? new Set<string>() : new Set(["*"]),
        rowFiltered: true,
        aggregateOnly: aggregate,
      });
    const node = outermost(call);
    return { node, reportNode: node, family: "knex", reads, approximate: false };
  }

  /** knex `{ alias: "table" }` arguments. */
  private aliasedTable(e: ts.Expression): string | undefined {
    const o = this.objectOf(e);
    const p = o?.properties[0];
    return p && ts.isPropertyAssignment(p) ? constString(this.r, p.initializer) : undefined;
  }

  // ---- Prisma -----------------------------------------------------------------------------
  private prisma(ref: ApiRef, call: CallLike): QueryInfo | undefined {
    const steps = ref.steps;
    const method = memberBefore(steps, steps.length - 2);
    const delegate = steps[steps.length - 3];
    const model = memberBefore(steps, steps.length - 3);
    if (!model || !method || ts.isTaggedTemplateExpression(call)) return undefined;
    // `prisma[model].findMany()`: every model name it may hold.
    const stores =
      delegate && delegate.k === "m" && delegate.key
        ? this.storeNames(delegate.key)
        : { names: [model], whole: false };
    if (!stores.whole && !stores.names.length) return undefined;
    const opts = call.arguments?.[0] ? this.objectOf(call.arguments[0]) : undefined;
    const where = opts ? this.prop(opts, "where") : undefined;
    const take = opts ? this.prop(opts, "take") : undefined;
    const single = /^find(First|Unique)/.test(method);
    const shape = this.prismaShape(opts);
    const filtered = single || (!!where && !isEmptyObject(this, where)) || !!take;
    const reads = this.readsFor(stores, {
      columns: shape.columns.size ? shape.columns : new Set(["*"]),
      rowFiltered: filtered,
      aggregateOnly: false,
      ormWhere: where,
    });
    const parent = stores.names.length === 1 ? stores.names[0] : model;
    reads.push(...this.prismaRelationReads(shape.relations, parent, filtered));
    return { node: call, reportNode: call, family: "prisma", approximate: false, reads };
  }

  /**
   * The fields a Prisma query returns: `select` keys (a nested `{ select }` or `{ include }` is a
   * relation read with its own fields), every field when there is no `select`, and the relations
   * `include` adds (`include: { patient: true }` returns every field of the related records).
   */
  private prismaShape(opts: ts.ObjectLiteralExpression | undefined): PrismaShape {
    const shape: PrismaShape = { columns: new Set(), relations: [] };
    const select = opts ? this.prop(opts, "select") : undefined;
    const include = opts ? this.prop(opts, "include") : undefined;
    const selectObject = select ? this.objectOf(select) : undefined;
    if (!select) shape.columns.add("*");
    else if (!selectObject) for (const k of this.trueKeys(select)) shape.columns.add(k);
    else
      for (const field of this.prismaFields(selectObject)) {
        if (field.nested) shape.relations.push(this.prismaRelation(field.name, field.nested));
        else shape.columns.add(field.name);
      }
    const includeObject = include ? this.objectOf(include) : undefined;
    for (const field of includeObject ? this.prismaFields(includeObject) : []) {
      shape.relations.push(
        field.nested
          ? this.prismaRelation(field.name, field.nested)
          : { name: field.name, columns: new Set(["*"]), relations: [], filtered: false },
      );
    }
    return shape;
  }

  /** Keys of a select/include object that are on (`true`, or an options object for a relation). */
  private prismaFields(
    o: ts.ObjectLiteralExpression,
  ): Array<{ name: string; nested?: ts.ObjectLiteralExpression }> {
    const out: Array<{ name: string; nested?: ts.ObjectLiteralExpression }> = [];
    for (const p of o.properties) {
      if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
      const name = propertyNameText(p.name)?.toLowerCase();
      if (!name || name === "_count") continue;
      const value = ts.isPropertyAssignment(p) ? unwrap(p.initializer) : undefined;
      if (
        value &&
        (value.kind === ts.SyntaxKind.FalseKeyword || (ts.isNumericLiteral(value) && value.text === "0"))
      )
        continue;
      const nested = value && value.kind !== ts.SyntaxKind.TrueKeyword ? this.objectOf(value) : undefined;
      out.push({ name, nested });
    }
    return out;
  }

  private prismaRelation(name: string, options: ts.ObjectLiteralExpression): PrismaRelation {
    const inner = this.prismaShape(options);
    const where = this.prop(options, "where");
    const take = this.prop(options, "take");
    const filtered = (!!where && !isEmptyObject(this, where)) || !!take;
    return {
      name,
      columns: inner.columns.size ? inner.columns : new Set(["*"]),
      relations: inner.relations,
      filtered,
    };
  }

  /** Reads of related records, named by the relation field; rows are as filtered as their parent's. */
  private prismaRelationReads(
    relations: PrismaRelation[],
    parent: string,
    parentFiltered: boolean,
  ): TableRead[] {
    const out: TableRead[] = [];
    for (const rel of relations) {
      const rowFiltered = parentFiltered || rel.filtered;
      out.push({ table: rel.name, via: parent, columns: rel.columns, rowFiltered, aggregateOnly: false });
      out.push(...this.prismaRelationReads(rel.relations, rel.name, rowFiltered));
    }
    return out;
  }

  // ---- TypeORM ----------------------------------------------------------------------------
  private typeorm(ref: ApiRef, call: CallLike): QueryInfo | undefined {
    if (ts.isTaggedTemplateExpression(call)) return undefined;
    const method = memberBefore(ref.steps, ref.steps.length - 2) ?? "find";
    let args = [...(call.arguments ?? [])];
    let entity: string | undefined = this.entityFromRef(ref);
    if (
      !entity &&
      args[0] &&
      /^(find|findBy|findOne|findOneBy|findAndCount|findAndCountBy)$/.test(method) &&
      ref.steps.some((s) => s.k === "m" && s.name === "manager")
    ) {
      entity = this.entityName(args[0]);
      args = args.slice(1);
    }
    if (!entity) return undefined;
    const opts = args[0] ? this.objectOf(args[0]) : undefined;
    const byWhere = /By$/.test(method);
    const where = byWhere ? opts : opts ? this.prop(opts, "where") : undefined;
    const select = !byWhere && opts ? this.prop(opts, "select") : undefined;
    const take = !byWhere && opts ? this.prop(opts, "take") : undefined;
    const single = /^findOne/.test(method);
    const cols = select ? this.trueKeys(select) : new Set(["*"]);
    const rowFiltered = single || (!!where && !isEmptyObject(this, where)) || !!take;
    // `relations: ["visit"]` (or `{ visit: true }`): the rows of each joined entity come along.
    const relations = !byWhere && opts ? this.prop(opts, "relations") : undefined;
    const joined = relations ? this.relatedTables(ref, relations) : [];
    return {
      node: call,
      reportNode: call,
      family: "typeorm",
      approximate: false,
      reads: [
        {
          table: entity,
          columns: cols.size ? cols : new Set(["*"]),
          rowFiltered,
          aggregateOnly: false,
          ormWhere: where,
        },
        ...joined.map((table) => ({
          table,
          columns: new Set(["*"]),
          rowFiltered,
          aggregateOnly: false,
        })),
      ],
    };
  }

  /**
   * The tables of the relations a TypeORM find loads: each name is a property of the entity class
   * (`visit: Visit`, `notes: Note[]`), whose declared type is the related entity.
   */
  private relatedTables(ref: ApiRef, relations: ts.Expression): string[] {
    const cls = this.entityClass(ref);
    if (!cls) return [];
    const names: string[] = [];
    const u = unwrap(relations);
    if (ts.isArrayLiteralExpression(u)) {
      for (const el of u.elements) {
        const n = constString(this.r, el);
        if (n) names.push(n.split(".")[0]);
      }
    } else {
      const o = this.objectOf(u);
      if (o) names.push(...this.trueKeys(o));
    }
    const out: string[] = [];
    for (const name of [...new Set(names)].slice(0, 8)) {
      const member = cls.members.find(
        (m): m is ts.PropertyDeclaration =>
          ts.isPropertyDeclaration(m) && !!m.name && propertyNameText(m.name) === name,
      );
      let t = member?.type;
      if (t && ts.isArrayTypeNode(t)) t = t.elementType;
      if (!t || !ts.isTypeReferenceNode(t) || !ts.isIdentifier(t.typeName)) continue;
      const table = this.entityName(t.typeName);
      if (table && !out.includes(table)) out.push(table);
    }
    return out;
  }

  /** The entity class a TypeORM repository reference is for (`Repository<Patient>`, `getRepository(Patient)`). */
  private entityClass(ref: ApiRef): ts.ClassLikeDeclaration | undefined {
    if (ref.cls) return undefined;
    for (const st of ref.steps) {
      if (st.k !== "c" || !st.typeNode || !ts.isTypeReferenceNode(st.typeNode)) continue;
      const ta = st.typeNode.typeArguments?.[0];
      if (!ta || !ts.isTypeReferenceNode(ta)) continue;
      for (const v of this.r.values(ta.typeName as ts.Identifier))
        if (v.kind === "node" && ts.isClassLike(v.node)) return v.node;
    }
    const repo = stepCall(ref, "getRepository|getTreeRepository");
    const arg = repo && !ts.isTaggedTemplateExpression(repo) ? repo.arguments?.[0] : undefined;
    if (arg)
      for (const v of this.r.values(arg)) if (v.kind === "node" && ts.isClassLike(v.node)) return v.node;
    return undefined;
  }

  private typeormQb(ref: ApiRef, call: CallLike): QueryInfo | undefined {
    if (consumedBefore(ref)) return undefined;
    const calls = methodCalls(ref);
    const qbIndex = calls.findIndex((c) => c.name === "createQueryBuilder");
    let entity = this.entityFromRef(ref);
    let filtered = false;
    let sawTerminal = false;
    let aggregate = false;
    const cols = new Set<string>();
    const grouped = new Set<string>();
    for (const { name, node } of calls.slice(qbIndex)) {
      const args = node && !ts.isTaggedTemplateExpression(node) ? (node.arguments ?? []) : [];
      if (name === "from" && args[0]) entity = this.entityName(args[0]) ?? entity;
      if (/^(where|andWhere|orWhere|whereInIds|take|limit)$/.test(name)) filtered = true;
      if (/^(select|addSelect)$/.test(name) && args[0]) {
        for (const c of stringsOf(this.r, args[0])) {
          if (/^\s*(count|sum|avg|min|max)\s*\(/i.test(c)) {
            aggregate = true;
            continue;
          }
          cols.add(c.split(".").pop()!.toLowerCase());
        }
      }
      if (/^(groupBy|addGroupBy)$/.test(name))
        for (const a of args)
          for (const c of stringsOf(this.r, a)) grouped.add(c.split(".").pop()!.toLowerCase());
      if (/^(getMany|getRawMany|getOne|getRawOne|getManyAndCount|stream|getCount)$/.test(name)) {
        sawTerminal = true;
        if (/One$/.test(name)) filtered = true;
        if (name === "getCount") return undefined;
      }
    }
    if (!sawTerminal || !entity) return undefined;
    const node = outermost(call);
    const aggregateOnly = aggregate && [...cols].every((c) => grouped.has(c));
    return {
      node,
      reportNode: node,
      family: "typeorm",
      approximate: false,
      reads: [
        { table: entity, columns: cols.size ? cols : new Set(["*"]), rowFiltered: filtered, aggregateOnly },
      ],
    };
  }

  private entityFromRef(ref: ApiRef): string | undefined {
    if (ref.cls) return this.entityName(ref.cls);
    for (const st of ref.steps) {
      if (st.k !== "c") continue;
      if (st.typeNode && ts.isTypeReferenceNode(st.typeNode) && st.typeNode.typeArguments?.[0]) {
        const ta = st.typeNode.typeArguments[0];
        if (ts.isTypeReferenceNode(ta)) return this.entityName(ta.typeName);
      }
    }
    const repo = stepCall(ref, "getRepository|getTreeRepository|getCustomRepository");
    if (repo && !ts.isTaggedTemplateExpression(repo) && repo.arguments?.[0])
      return this.entityName(repo.arguments[0]);
    return undefined;
  }

  /** Table name of an entity/model class reference: @Entity("x"), tableName option, or the class name. */
  entityName(e: ts.Node): string | undefined {
    if (ts.isStringLiteral(e)) return e.text;
    let cls: ts.Node | undefined = e;
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
      const vals = this.r.values(e);
      cls = vals.find(
        (v): v is Extract<Val, { kind: "node" }> => v.kind === "node" && ts.isClassLike(v.node),
      )?.node;
      if (!cls) return ts.isIdentifier(e) ? e.text : undefined;
    }
    if (cls && ts.isClassLike(cls)) {
      for (const d of ts.canHaveDecorators(cls) ? (ts.getDecorators(cls) ?? []) : []) {
        const ex = d.expression;
        if (
          ts.isCallExpression(ex) &&
          ts.isIdentifier(ex.expression) &&
          /^(Entity|Table)$/.test(ex.expression.text) &&
          ex.arguments[0]
        ) {
          const s = constString(this.r, ex.arguments[0]);
          if (s) return s;
          const o = this.objectOf(ex.arguments[0]);
          const n = o && (this.prop(o, "name") ?? this.prop(o, "tableName"));
          const ns = n ? constString(this.r, n) : undefined;
          if (ns) return ns;
        }
      }
      const init = this.sequelizeInitOptions(cls);
      if (init) return init;
      return cls.name?.text;
    }
    return undefined;
  }

  // ---- Sequelize --------------------------------------------------------------------------
  private sequelize(ref: ApiRef, call: CallLike): QueryInfo | undefined {
    if (ts.isTaggedTemplateExpression(call)) return undefined;
    const method = memberBefore(ref.steps, ref.steps.length - 2) ?? "findAll";
    let model: string | undefined;
    let stores: { names: string[]; whole: boolean } | undefined;
    const def = stepCall(ref, "define");
    if (def && !ts.isTaggedTemplateExpression(def)) {
      const o = def.arguments?.[2] ? this.objectOf(def.arguments[2]) : undefined;
      const tn = o ? this.prop(o, "tableName") : undefined;
      model =
        (tn && constString(this.r, tn)) ||
        (def.arguments?.[0] ? constString(this.r, def.arguments[0]) : undefined);
    } else if (ref.cls) {
      model = this.entityName(ref.cls);
    } else {
      const idx = ref.steps.findIndex((s) => s.k === "m" && s.name === "models");
      const member = idx >= 0 ? ref.steps[idx + 1] : undefined;
      // `sequelize.models[name]`, `sequelize.model(name)`: every model name it may hold.
      if (member && member.k === "m")
        stores = member.key ? this.storeNames(member.key) : { names: [member.name], whole: false };
      const mc = stepCall(ref, "model");
      if (mc && !ts.isTaggedTemplateExpression(mc) && mc.arguments?.[0])
        stores = this.storeNames(mc.arguments[0]);
      model = stores?.names[0] ?? (stores?.whole ? EVERY_COLLECTION : undefined);
    }
    if (!model) return undefined;
    // findByPk(id, options): the options come second.
    const optsArg = method === "findByPk" ? call.arguments?.[1] : call.arguments?.[0];
    const opts = optsArg ? this.objectOf(optsArg) : undefined;
    const where = opts ? this.prop(opts, "where") : undefined;
    const attrs = opts ? this.prop(opts, "attributes") : undefined;
    const limit = opts ? this.prop(opts, "limit") : undefined;
    const group = opts ? this.prop(opts, "group") : undefined;
    const single = /^(findOne|findByPk)$/.test(method);
    const cols = new Set<string>();
    if (attrs) for (const c of stringsOf(this.r, attrs)) cols.add(c.toLowerCase());
    // attributes: ["ville", [fn("COUNT", col("id")), "n"]], group: ["ville"] is a statistic.
    const aggregate =
      !!group &&
      !!attrs &&
      ts.isArrayLiteralExpression(unwrap(attrs)) &&
      (unwrap(attrs) as ts.ArrayLiteralExpression).elements.some(
        (el) =>
          ts.isArrayLiteralExpression(unwrap(el)) &&
          (unwrap(el) as ts.ArrayLiteralExpression).elements.some((x) => ts.isCallExpression(unwrap(x))),
      );
    if (aggregate) return undefined;
    return {
      node: call,
      reportNode: call,
      family: "sequelize",
      approximate: false,
      reads: this.readsFor(stores ?? { names: [model], whole: false }, {
        columns: cols.size ? cols : new Set(["*"]),
        rowFiltered: single || (!!where && !isEmptyObject(this, where)) || !!limit,
        aggregateOnly: false,
        ormWhere: where,
      }),
    };
  }

  private sequelizeInitOptions(cls: ts.ClassLikeDeclaration): string | undefined {
    const sf = cls.getSourceFile();
    for (const c of fileIndex(sf).calls) {
      const callee = c.expression;
      if (
        !ts.isPropertyAccessExpression(callee) ||
        callee.name.text !== "init" ||
        !ts.isIdentifier(callee.expression)
      )
        continue;
      if (callee.expression.text !== cls.name?.text) continue;
      const o = c.arguments[1] ? this.objectOf(c.arguments[1]) : undefined;
      const tn = o && (this.prop(o, "tableName") ?? this.prop(o, "modelName"));
      const s = tn ? constString(this.r, tn) : undefined;
      if (s) return s;
    }
    return undefined;
  }

  // ---- Mongoose / MongoDB -----------------------------------------------------------------
  private mongo(ref: ApiRef, call: CallLike, family: string): QueryInfo | undefined {
    if (ts.isTaggedTemplateExpression(call)) return undefined;
    const method = memberBefore(ref.steps, ref.steps.length - 2) ?? "find";
    let stores: { names: string[]; whole: boolean } = { names: [], whole: false };
    const mc = stepCall(ref, "model|collection|getCollection");
    if (mc && !ts.isTaggedTemplateExpression(mc) && mc.arguments?.[0]) {
      const explicit = mc.arguments?.[2] ? constString(this.r, mc.arguments[2]) : undefined;
      stores = explicit ? { names: [explicit], whole: false } : this.storeNames(mc.arguments[0]);
    } else if (ref.cls) stores = { names: ref.cls.name ? [ref.cls.name.text] : [], whole: false };
    else {
      const i = ref.steps.findIndex((s) => s.k === "m" && s.name === "models");
      const m = i >= 0 ? ref.steps[i + 1] : undefined;
      if (m && m.k === "m") stores = m.key ? this.storeNames(m.key) : { names: [m.name], whole: false };
      // `for (const c of await db.collections()) c.find()`: each collection the database lists.
      else if (ref.steps.some((st) => st.k === "m" && LISTINGS.test(st.name)))
        stores = { names: [], whole: true };
    }
    if (!stores.whole && !stores.names.length) return undefined;
    const args = call.arguments ?? [];
    let filtered = method === "findOne" || method === "findById";
    let where: ts.Expression | undefined;
    const cols = new Set<string>();
    if (method === "aggregate") {
      const stages = args[0] ? unwrap(args[0]) : undefined;
      if (stages && ts.isArrayLiteralExpression(stages)) {
        for (const st of stages.elements) {
          const o = this.objectOf(st);
          if (!o) continue;
          if (this.prop(o, "$match")) filtered = true;
          if (this.prop(o, "$limit")) filtered = true;
          const proj = this.prop(o, "$project");
          if (proj) for (const k of this.trueKeys(proj)) cols.add(k);
          if (this.prop(o, "$group") || this.prop(o, "$count")) return undefined;
        }
      }
    } else {
      where = args[0];
      if (where && !isEmptyObject(this, where)) filtered = true;
      const proj = args[1];
      if (proj) {
        const s = constString(this.r, proj);
        if (s)
          for (const k of s.split(/\s+/)) {
            if (k && !k.startsWith("-")) cols.add(k.toLowerCase());
          }
        else {
          const o = this.objectOf(proj);
          const inner = o ? this.prop(o, "projection") : undefined;
          for (const k of this.trueKeys(inner ?? proj)) cols.add(k);
        }
      }
    }
    // Chained .select()/.project()/.limit()/.where() after find().
    const node = outermost(call);
    for (let cur: ts.Node = call; cur !== node;) {
      const p = cur.parent;
      if (ts.isPropertyAccessExpression(p) && ts.isCallExpression(p.parent)) {
        const name = p.name.text;
        const a0 = p.parent.arguments[0];
        if (/^(limit|where|findOne|sort)$/.test(name) && name !== "sort") filtered = true;
        if ((name === "select" || name === "project") && a0) {
          const s = constString(this.r, a0);
          if (s)
            for (const k of s.split(/\s+/)) {
              if (k && !k.startsWith("-")) cols.add(k.toLowerCase());
            }
          else for (const k of this.trueKeys(a0)) cols.add(k);
        }
        if (/^(count|countDocuments|estimatedDocumentCount|distinct)$/.test(name)) return undefined;
        cur = p.parent;
      } else break;
    }
    return {
      node,
      reportNode: node,
      family,
      approximate: false,
      reads: this.readsFor(stores, {
        columns: cols.size ? cols : new Set(["*"]),
        rowFiltered: filtered,
        aggregateOnly: false,
        ormWhere: where,
      }),
    };
  }

  // ---- computed store names ----------------------------------------------------------------
  /**
   * The stores a computed name may denote (`db.collection(name)`, `knex(table)`,
   * `prisma[model]`): the strings it may hold (constants, call-site arguments, arrays walked), or
   * every store when the name comes from the database's own listing (`db.listCollections()`).
   */
  storeNames(e: ts.Expression): { names: string[]; whole: boolean } {
    const c = constString(this.r, e);
    if (c !== undefined) return { names: [c], whole: false };
    if (this.fromListing(e, 0)) return { names: [], whole: true };
    return { names: stringValues(this.r, e).values.filter((x) => x.trim()), whole: false };
  }

  /** Does this name come from a call that lists the database's stores (through loops, callbacks and members)? */
  private fromListing(e: ts.Expression, depth: number): boolean {
    if (depth > 6) return false;
    let u = unwrap(e);
    while (ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u)) u = unwrap(u.expression);
    if (ts.isCallExpression(u))
      return (
        this.isListing(u) ||
        (ts.isPropertyAccessExpression(u.expression) && this.fromListing(u.expression.expression, depth + 1))
      );
    if (!ts.isIdentifier(u)) return false;
    const d = resolveIdentifier(u);
    if (!d) return false;
    if (ts.isVariableDeclaration(d)) {
      const loop = d.parent?.parent;
      if (loop && ts.isForOfStatement(loop) && d.parent === loop.initializer)
        return this.fromListing(loop.expression, depth + 1);
      // `for (const name in mongoose.connection.collections)`: the keys of a registry of stores.
      if (loop && ts.isForInStatement(loop) && d.parent === loop.initializer)
        return this.isRegistry(loop.expression);
      return !!d.initializer && this.fromListing(d.initializer, depth + 1);
    }
    if (ts.isBindingElement(d)) {
      let root: ts.Node = d;
      while (ts.isBindingElement(root)) root = root.parent.parent;
      if (ts.isVariableDeclaration(root)) {
        const loop = root.parent?.parent;
        if (loop && ts.isForOfStatement(loop) && root.parent === loop.initializer)
          return this.fromListing(loop.expression, depth + 1);
        return !!root.initializer && this.fromListing(root.initializer, depth + 1);
      }
      if (ts.isParameter(root)) return this.paramFromListing(root, depth);
      return false;
    }
    if (ts.isParameter(d)) return this.paramFromListing(d, depth);
    return false;
  }

  private paramFromListing(p: ts.ParameterDeclaration, depth: number): boolean {
    const fn = p.parent;
    const call = fn.parent;
    // `collections.map((c) => db.collection(c.name))`: the elements of the listing.
    if (call && ts.isCallExpression(call) && call.arguments.includes(fn as unknown as ts.Expression)) {
      const callee = unwrap(call.expression);
      if (
        ts.isPropertyAccessExpression(callee) &&
        /^(forEach|map|flatMap|filter|some|every|reduce|find)$/.test(callee.name.text)
      )
        return this.fromListing(callee.expression, depth + 1);
    }
    return this.r
      .parameterArguments(p)
      .args.slice(0, 8)
      .some((a) => this.fromListing(a, depth + 1));
  }

  private isListing(call: ts.CallExpression): boolean {
    const callee = unwrap(call.expression);
    if (ts.isPropertyAccessExpression(callee) && LISTINGS.test(callee.name.text)) return true;
    // `Object.keys(mongoose.models)`, `Object.keys(connection.collections)`: the names of every
    // model or collection an ORM registered.
    if (
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === "Object" &&
      /^(keys|values|entries)$/.test(callee.name.text) &&
      call.arguments[0]
    ) {
      return this.isRegistry(call.arguments[0]);
    }
    return this.r.apis(call).some((ref) => ref.steps.some((st) => st.k === "m" && LISTINGS.test(st.name)));
  }

  /** An ORM's registry of every model or collection (`mongoose.models`, `connection.collections`). */
  private isRegistry(e: ts.Expression): boolean {
    return this.r.apis(e).some((ref) => {
      const last = ref.steps[ref.steps.length - 1];
      return !!last && last.k === "m" && /^(models|collections)$/.test(last.name);
    });
  }

  /** One read per store a computed name may denote (the same columns and filter each time). */
  private readsFor(names: { names: string[]; whole: boolean }, read: Omit<TableRead, "table">): TableRead[] {
    if (names.whole) return [{ ...read, table: EVERY_COLLECTION, wholeDatabase: true }];
    return [...new Set(names.names)].map((table) => ({ ...read, table }));
  }

  // ---- helpers ----------------------------------------------------------------------------
  /** The object literal `e` holds (resolve/objects.ts: the engine's one object-literal helper). */
  objectOf(e: ts.Expression): ts.ObjectLiteralExpression | undefined {
    return objectOf(this.r, e);
  }

  /** A property's value, through spreads, last one written wins (resolve/objects.ts). */
  prop(o: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
    return propExpression(this.r, o, name);
  }

  /** Keys of `{ a: true, b: 1 }` (or an array of names). */
  trueKeys(e: ts.Expression): Set<string> {
    const out = new Set<string>();
    const o = this.objectOf(e);
    if (o) {
      for (const p of o.properties) {
        if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
        const k = propertyNameText(p.name);
        if (!k) continue;
        const v = ts.isPropertyAssignment(p) ? unwrap(p.initializer) : undefined;
        if (v && (v.kind === ts.SyntaxKind.FalseKeyword || (ts.isNumericLiteral(v) && v.text === "0")))
          continue;
        out.add(k.toLowerCase());
      }
      return out;
    }
    for (const s of stringsOf(this.r, e)) out.add(s.toLowerCase());
    return out;
  }
}

function scopeReads(s: SelectScope): TableRead[] {
  return s.tables.map((t) => ({
    table: t,
    columns: s.columns.get(t) ?? new Set<string>(),
    rowFiltered: s.hasWhere || s.hasLimit,
    aggregateOnly: s.aggregateOnly,
    where: s.where,
  }));
}

function isEmptyObject(q: QueryReader, e: ts.Expression): boolean {
  const o = q.objectOf(e);
  return !!o && o.properties.length === 0;
}

/** String values of a literal, an array of literals, or consts. */
export function stringsOf(r: Resolver, e: ts.Expression): string[] {
  const u = unwrap(e);
  if (ts.isSpreadElement(u)) return stringsOf(r, u.expression);
  if (ts.isArrayLiteralExpression(u)) return u.elements.flatMap((x) => stringsOf(r, x));
  const s = constString(r, u);
  if (s !== undefined) return [s];
  if (ts.isIdentifier(u)) {
    for (const v of r.values(u))
      if (v.kind === "node" && ts.isArrayLiteralExpression(v.node)) return stringsOf(r, v.node);
  }
  return [];
}

function tableFromAlias(t: string): string {
  return t
    .split(/\s+as\s+|\s+/i)[0]
    .split(".")
    .pop()!
    .replace(/[`"]/g, "")
    .toLowerCase();
}

/** How many steps make the knex instance: `knex(config)` (1), `.knex(config)` or a `Knex`-typed value (2). */
function knexInstanceSteps(ref: ApiRef): number {
  let lead = 0;
  while (ref.steps[lead]?.k === "a") lead++; // `(await import("knex")).default`
  const s = ref.steps.slice(lead);
  if (s[0]?.k === "c") return lead + 1;
  if (s[0]?.k === "m" && /^(knex|default|Knex)$/.test(s[0].name) && s[1]?.k === "c") return lead + 2;
  return 0;
}

/** A builder whose result was already awaited or `.then`-ed before the last call: not a builder any more. */
function consumedBefore(ref: ApiRef, from = 0): boolean {
  for (let i = from; i < ref.steps.length - 1; i++) {
    const s = ref.steps[i];
    if (s.k === "a") return true;
    if (s.k === "m" && /^(then|catch|finally)$/.test(s.name)) return true;
  }
  return false;
}

/** (method name, call node) pairs along a reference; "" names a call of the value itself. */
export function methodCalls(ref: ApiRef): Array<{ name: string; node?: CallLike }> {
  const out: Array<{ name: string; node?: CallLike }> = [];
  let pendingName = "";
  for (const st of ref.steps) {
    if (st.k === "m") {
      pendingName = st.name;
      continue;
    }
    if (st.k === "a") continue;
    out.push({ name: pendingName, node: st.node });
    pendingName = "";
  }
  return out;
}

function memberBefore(steps: Step[], i: number): string | undefined {
  const s = steps[i];
  return s && s.k === "m" ? s.name : undefined;
}

/** The call step that follows a member named by `names` ("a|b"). */
export function stepCall(ref: ApiRef, names: string): CallLike | undefined {
  const set = new Set(names.split("|"));
  for (let i = 0; i + 1 < ref.steps.length; i++) {
    const a = ref.steps[i];
    const b = ref.steps[i + 1];
    if (a.k === "m" && set.has(a.name) && b.k === "c") return b.node;
  }
  return undefined;
}

function lastCallIs(ref: ApiRef, call: CallLike): boolean {
  return lastCall(ref) === call;
}

function outermost(call: ts.Node): ts.Node {
  let cur: ts.Node = call;
  for (;;) {
    const p = cur.parent;
    if (
      p &&
      ts.isPropertyAccessExpression(p) &&
      p.expression === cur &&
      p.parent &&
      ts.isCallExpression(p.parent) &&
      p.parent.expression === p
    ) {
      cur = p.parent;
      continue;
    }
    return cur;
  }
}

/** A builder call that is not itself the receiver of a further call, nor stored and extended later. */
function isOutermostBuilderCall(call: ts.Node): boolean {
  const p = call.parent;
  if (
    p &&
    ts.isPropertyAccessExpression(p) &&
    p.expression === call &&
    p.parent &&
    ts.isCallExpression(p.parent)
  ) {
    const name = p.name.text;
    // `.then(...)`/`.catch` consume the query; everything else extends it.
    return name === "then" || name === "catch" || name === "finally" || name === "stream" || name === "pipe";
  }
  // `q = q.select(...)`: the builder is stored to be extended or consumed later.
  if (p && ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === call)
    return false;
  // `const q = db("t")` extended later as `q.where(...)` is not the query.
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) {
    const decl = p;
    const varName = p.name.text;
    const sf = call.getSourceFile();
    for (const c of fileIndex(sf).calls) {
      const callee = c.expression;
      if (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === varName &&
        !/^(then|catch|finally|stream|pipe)$/.test(callee.name.text) &&
        resolveIdentifier(callee.expression) === decl
      )
        return false;
    }
  }
  return true;
}
