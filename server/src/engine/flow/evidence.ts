/**
 * Classification where data is used (Bearer-style, structural). Data that comes from outside the
 * program — a row of a table whose name says nothing, an HTTP response, a file read or downloaded —
 * starts as an *external* flow. It becomes personal data only on evidence the code itself shows:
 * the property names read from it (`row.email`, `p.name[0].family`, `msg.PID`), the keys of the
 * objects and the CSV header rows built from it (`"Patient Last Name"`), FHIR structure
 * (`resourceType: "Patient"`), or the name of the file it is written to. Never because it came from
 * some HTTP call. Messages name what is at risk (`customer.email, phone`), never a value.
 */
import { ts } from "ts-morph";
import { propertyNameText, tokenize, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { Vocabulary } from "../classify/vocabulary";
import { constString, Resolver } from "../resolve/values";
import type { QueryInfo } from "../queries/queries";
import type { Flow, SourceInfo } from "./taint";

/** Data from outside the program that nothing has classified yet. */
export interface ExternalInfo {
  node: ts.Node;
  kind: SourceInfo["kind"];
  /** How messages name what holds it: a table, `response of axios.get`, a file name. */
  holder: string;
  query?: QueryInfo;
  /** The holder's own name names people (`members`): qualified terms such as `name` classify. */
  subject?: boolean;
}

/** Names too generic to stand for what they hold in a message (`row.email` says less than `ITSector.email`). */
const GENERIC_HOLDERS = new Set([
  "row",
  "rows",
  "item",
  "items",
  "data",
  "res",
  "resp",
  "response",
  "result",
  "results",
  "obj",
  "entry",
  "entries",
  "record",
  "records",
  "doc",
  "docs",
  "value",
  "json",
  "body",
  "element",
  "el",
  "elem",
  "line",
  "props",
  "properties",
  "attrs",
  "attributes",
  "fields",
  "payload",
  "output",
  "out",
  "input",
]);

/** Option keys that carry the column names of a table the code writes (csv-stringify, csv-writer, json2csv, exceljs). */
const HEADER_KEYS = new Set(["header", "headers", "columns", "fields", "columnNames", "keys", "head"]);
/** In a header entry object, the keys that name the column (`{ id: "email", title: "E-mail" }`). */
const HEADER_ENTRY_KEYS = ["title", "id", "key", "label", "name", "header", "value", "field"];
const MAX_FIELDS = 6;
/** Folder names that name accounts of the system rather than what a file holds (`users/`, `clients/`). */
const WEAK_FOLDERS = new Set([
  "user",
  "users",
  "client",
  "clients",
  "account",
  "accounts",
  "agent",
  "agents",
  "public",
  "shared",
]);

export function isExternal(f: Flow): boolean {
  return f.origin.kind === "ext";
}

export class Evidence {
  constructor(
    private readonly r: Resolver,
    private readonly vocab: Vocabulary,
  ) {}

  /**
   * External flows made personal by names the code reads or builds. `holderExpr` is what the name is
   * read from (its identifier names the holder in messages, and may name people); `parent` the
   * element above (`name` for `.family`).
   */
  byNames(flows: Flow[], names: string[], holderExpr?: ts.Expression, parent?: string): Flow[] {
    if (!names.length || !flows.some(isExternal)) return flows;
    const holderName = holderExpr ? nameOf(holderExpr) : undefined;
    const subjectHolder = !!holderName && this.vocab.namesSubject(holderName);
    let changed = false;
    const out = flows.map((f) => {
      if (f.origin.kind !== "ext") return f;
      const ext = f.origin.ext;
      const subject = subjectHolder || !!ext.subject;
      const risky = names.filter((n) => this.vocab.classifyUse(n, subject, parent));
      if (!risky.length) return f;
      changed = true;
      const holder =
        holderName && !GENERIC_HOLDERS.has(holderName) && holderName.length > 2 ? holderName : ext.holder;
      return classified(f, ext, holder, risky);
    });
    return changed ? out : flows;
  }

  /** Every external flow made personal by one piece of evidence about the whole value (`why`). */
  whole(flows: Flow[], why: string): Flow[] {
    if (!flows.some(isExternal)) return flows;
    return flows.map((f) => {
      if (f.origin.kind !== "ext") return f;
      const ext = f.origin.ext;
      const src: SourceInfo = {
        node: ext.node,
        kind: ext.kind,
        atRisk: `${ext.holder} (${why})`,
        query: ext.query,
      };
      return { origin: { kind: "src", src }, steps: f.steps };
    });
  }

  /**
   * Column names a header expression spells out: a string literal (`"Last Name,DOB"`), an array of
   * them, `.join()` of such an array, or a constant holding one. Empty when it is not constant.
   */
  headerNames(e: ts.Expression, depth = 0): string[] {
    if (depth > 3) return [];
    const u = unwrap(e);
    if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) return cells(u.text);
    if (ts.isTemplateExpression(u))
      return [u.head.text, ...u.templateSpans.map((s) => s.literal.text)].flatMap(cells);
    if (ts.isArrayLiteralExpression(u)) {
      const out: string[] = [];
      for (const el of u.elements) {
        const x = unwrap(ts.isSpreadElement(el) ? el.expression : el);
        if (ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x)) out.push(x.text);
        else if (ts.isObjectLiteralExpression(x)) out.push(...this.headerEntry(x));
        else if (ts.isArrayLiteralExpression(x)) out.push(...this.headerNames(x, depth + 1));
      }
      return out;
    }
    if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken)
      return [...this.headerNames(u.left, depth + 1), ...this.headerNames(u.right, depth + 1)];
    if (
      ts.isCallExpression(u) &&
      ts.isPropertyAccessExpression(u.expression) &&
      u.expression.name.text === "join"
    )
      return this.headerNames(u.expression.expression, depth + 1);
    if (ts.isIdentifier(u)) {
      const d = resolveIdentifier(u);
      if (d && ts.isVariableDeclaration(d) && d.initializer)
        return this.headerNames(d.initializer, depth + 1);
      // A helper's `header` parameter: the header rows its callers pass.
      if (d && ts.isParameter(d))
        return this.r
          .values(u)
          .flatMap((v) =>
            v.kind === "node" && ts.isArrayLiteralExpression(v.node)
              ? this.headerNames(v.node, depth + 1)
              : [],
          );
    }
    const c = ts.isPropertyAccessExpression(u) ? constString(this.r, u) : undefined;
    return c ? cells(c) : [];
  }

  /** Column names given as options of a call (`{ header: [...] }`, `{ columns: [...] }`, `{ fields: [...] }`). */
  optionHeaders(args: readonly ts.Expression[]): string[] {
    const out: string[] = [];
    for (const a of args) {
      const o = objectLiteralOf(this.r, a);
      if (!o) continue;
      for (const p of o.properties) {
        if (!ts.isPropertyAssignment(p)) continue;
        const k = propertyNameText(p.name);
        if (k && HEADER_KEYS.has(k)) {
          const v = unwrap(p.initializer);
          if (ts.isObjectLiteralExpression(v)) out.push(...this.headerEntry(v), ...objectKeys(v));
          else out.push(...this.headerNames(v));
        }
      }
    }
    return out;
  }

  /** A file name that says what it holds (`contacts_export.csv`, `patients/2024.ndjson`). */
  personalPathName(text: string): string | undefined {
    const parts = text.split(/[\\/]/).filter(Boolean);
    const base = parts.pop() ?? text;
    const stem = base.replace(/\.[^.]+$/, "");
    const names = [stem, ...parts.slice(-2)];
    // The name must say what the file is (`customers_export`, `patients`), not merely mention
    // people (`contact_properties` holds the definitions of contact fields).
    for (const n of names) {
      if (!n || /^\$\{|^x$/.test(n) || this.vocab.isDeclaredNotPersonal(n)) continue;
      if (this.vocab.isPersonalTypeName(tokenize(n).join("_"))) return base;
    }
    return undefined;
  }

  /**
   * What a file holds, from its name: HL7 v2 messages (`.hl7`), FHIR NDJSON of a personal resource
   * type (`Patient.000.ndjson`), X12 claims and remittances (`.837`, `.835`), DICOM images, or a
   * file or folder name that names people or health data (`patients/`, `lab_results.csv`).
   */
  fileContents(text: string): string | undefined {
    // Home folders (`/Users/jane/`, `/home/jane/`, `C:\\Users\\jane\\`) name the machine's user, not the data.
    const local = text.replace(/^(?:[A-Za-z]:)?[\\/](?:Users|home)[\\/][^\\/]+/i, "");
    const parts = local.split(/[\\/]/).filter(Boolean);
    const base = parts[parts.length - 1] ?? text;
    if (/\.(hl7|hl7v2|er7)$/i.test(base)) return `HL7 v2 messages (${base})`;
    if (/\.(835|837|x12)$/i.test(base)) return `X12 claims or remittances (${base})`;
    if (/\.dcm$/i.test(base)) return `DICOM images (${base})`;
    if (/\.ndjson$/i.test(base)) {
      const type = base.split(/[._-]/).find((t) => this.vocab.isFhirResource(t));
      if (type) return `FHIR ${type} resources (${base})`;
    }
    const stem = base.replace(/\.[^.]+$/, "");
    const folders = parts
      .slice(0, -1)
      .slice(-3)
      .filter((f) => !WEAK_FOLDERS.has(f.toLowerCase()));
    for (const n of [stem, ...folders]) {
      if (!n || n.includes("{") || this.vocab.isDeclaredNotPersonal(n)) continue;
      const tokens = tokenize(n);
      if (
        this.vocab.isPersonalTable(n) ||
        tokens.some((t) => this.vocab.isPersonalTable(t) && !this.vocab.isDeclaredNotPersonal(t))
      )
        return `the contents of ${n === stem ? base : n + "/…/" + base}`;
    }
    return undefined;
  }

  /**
   * Personal field names the code reads, anywhere in the same function, from the rows a query
   * returns (`const users = await X.find({})` then `users.forEach((u) => u.email)`): evidence that a
   * table whose name says nothing holds people. Empty when none classify.
   */
  fieldsReadFrom(result: ts.Node): string[] {
    let cur: ts.Node = result;
    while (
      cur.parent &&
      (ts.isAwaitExpression(cur.parent) ||
        ts.isParenthesizedExpression(cur.parent) ||
        ts.isAsExpression(cur.parent))
    )
      cur = cur.parent;
    const decl = cur.parent;
    if (!decl || !ts.isVariableDeclaration(decl) || decl.initializer !== cur) return [];
    const holders: ts.Node[] = [];
    if (ts.isIdentifier(decl.name)) holders.push(decl);
    else if (ts.isObjectBindingPattern(decl.name))
      for (const el of decl.name.elements) if (ts.isIdentifier(el.name)) holders.push(el);
    let scope: ts.Node = decl;
    while (scope.parent && !ts.isSourceFile(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
    const names = new Set<string>();
    const seen = new Set<ts.Node>();
    const visitHolder = (h: ts.Node, depth: number): void => {
      if (seen.has(h) || depth > 2) return;
      seen.add(h);
      const hname = ((h as ts.NamedDeclaration).name as ts.Identifier | undefined)?.text;
      if (!hname) return;
      const walk = (n: ts.Node): void => {
        if (ts.isIdentifier(n) && n.text === hname && n.parent && resolveIdentifier(n) === h) {
          const p = n.parent;
          if (ts.isPropertyAccessExpression(p) && p.expression === n) {
            names.add(p.name.text);
            const call = p.parent;
            if (
              ts.isCallExpression(call) &&
              /^(forEach|map|filter|flatMap|find|some|every|reduce)$/.test(p.name.text)
            ) {
              const cb = call.arguments[p.name.text === "reduce" ? 0 : 0];
              const fn = cb && unwrap(cb);
              const param =
                fn && ts.isFunctionLike(fn) ? fn.parameters[p.name.text === "reduce" ? 1 : 0] : undefined;
              if (param && ts.isIdentifier(param.name)) visitHolder(param, depth + 1);
              else if (param && ts.isObjectBindingPattern(param.name))
                for (const el of param.name.elements)
                  names.add(propertyNameText(el.propertyName) ?? (el.name as ts.Identifier).text);
            }
          } else if (
            ts.isElementAccessExpression(p) &&
            p.expression === n &&
            ts.isStringLiteral(p.argumentExpression)
          ) {
            names.add(p.argumentExpression.text);
          } else if (ts.isForOfStatement(p) && p.expression === n) {
            const v = p.initializer;
            if (
              ts.isVariableDeclarationList(v) &&
              v.declarations[0] &&
              ts.isIdentifier(v.declarations[0].name)
            )
              visitHolder(v.declarations[0], depth + 1);
          }
        }
        ts.forEachChild(n, walk);
      };
      walk(scope);
    };
    for (const h of holders) visitHolder(h, 0);
    return [...names].filter((n) => this.vocab.classifyUse(n, false));
  }

  private headerEntry(o: ts.ObjectLiteralExpression): string[] {
    for (const key of HEADER_ENTRY_KEYS) {
      for (const p of o.properties) {
        if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === key) {
          const s = constString(this.r, p.initializer);
          if (s) return [s];
        }
      }
    }
    return [];
  }
}

function classified(f: Flow, ext: ExternalInfo, holder: string, fields: string[]): Flow {
  const shown = fields.slice(0, MAX_FIELDS);
  const src: SourceInfo = {
    node: ext.node,
    kind: ext.kind,
    atRisk: formatUsage(holder, shown),
    query: ext.query,
    usage: { holder, fields: shown },
  };
  return { origin: { kind: "src", src }, steps: f.steps };
}

export function formatUsage(holder: string, fields: string[]): string {
  return holder + "." + fields.slice(0, MAX_FIELDS).join(", ") + (fields.length > MAX_FIELDS ? ", …" : "");
}

/** Two classifications of the same external value: one source naming the fields of both. */
export function mergeUsage(a: SourceInfo, b: SourceInfo): SourceInfo | undefined {
  if (!a.usage || !b.usage) return undefined;
  const fields = [...a.usage.fields];
  for (const x of b.usage.fields) if (!fields.includes(x)) fields.push(x);
  if (fields.length === a.usage.fields.length) return undefined;
  return { ...a, atRisk: formatUsage(a.usage.holder, fields), usage: { holder: a.usage.holder, fields } };
}

/** The identifier or member name that stands for an expression (`customer`, `rows`, `p.name` → `name`). */
export function nameOf(e: ts.Expression): string | undefined {
  const u = unwrap(e);
  if (ts.isIdentifier(u)) return u.text;
  if (ts.isPropertyAccessExpression(u)) return u.name.text;
  if (ts.isElementAccessExpression(u)) return nameOf(u.expression);
  if (ts.isCallExpression(u)) return nameOf(u.expression);
  return undefined;
}

/** The member an access is read below, skipping indexes: `p.name[0]` → `name`. */
export function parentName(e: ts.Expression): string | undefined {
  let u = unwrap(e);
  while (ts.isElementAccessExpression(u) && !ts.isStringLiteral(u.argumentExpression))
    u = unwrap(u.expression);
  if (ts.isPropertyAccessExpression(u)) return u.name.text;
  if (ts.isElementAccessExpression(u) && ts.isStringLiteral(u.argumentExpression))
    return u.argumentExpression.text;
  return undefined;
}

function cells(text: string): string[] {
  return text
    .split(/[,;|\t\r\n:]+/)
    .map((s) => s.trim().replace(/^["']|["']$/g, ""))
    .filter((s) => s.length > 1 && s.length < 60);
}

function objectKeys(o: ts.ObjectLiteralExpression): string[] {
  const out: string[] = [];
  for (const p of o.properties) {
    const k = (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && propertyNameText(p.name);
    if (k) out.push(k);
  }
  return out;
}

function objectLiteralOf(r: Resolver, e: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const u = unwrap(e);
  if (ts.isObjectLiteralExpression(u)) return u;
  if (ts.isIdentifier(u)) {
    for (const v of r.values(u)) if (v.kind === "node" && ts.isObjectLiteralExpression(v.node)) return v.node;
  }
  return undefined;
}
