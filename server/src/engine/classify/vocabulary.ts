/**
 * Decides whether a table, column, property or type name denotes personal (often health) data,
 * from the vocabulary in rules/data/vocabulary.json plus the user's `patientData` config.
 * Names are compared as token sequences so `date_naissance`, `dateNaissance` and `DATE-NAISSANCE`
 * are one name, and a head token that is a quantity (`patientCount`) cancels the match.
 */
import * as fs from "fs";
import * as path from "path";
import { tokenize } from "../ast/nodes";

interface CategoryJson {
  label: string;
  terms: string[];
  qualified: string[];
}
interface VocabularyJson {
  categories: Record<string, CategoryJson>;
  subjects: string[];
  tableHeads: string[];
  quantities: string[];
  notPersonalTables: string[];
  weakAlone?: string[];
  fhirResources: string[];
  structures?: { hl7Segments?: Record<string, string>; fhirPaths?: Record<string, string> };
  syntheticDataModules?: string[];
}

export interface PatientDataConfig {
  tables?: string[];
  columns?: string[];
  types?: string[];
  /** Names that must never be treated as personal data. */
  notPersonal?: string[];
}

export interface Classification {
  category: string;
  label: string;
}

/** Tokens that may follow a term without changing what it denotes (`commentaire_p`, `nom_1`). */
const MODIFIERS = new Set([
  "libre",
  "texte",
  "text",
  "principal",
  "principale",
  "secondaire",
  "usuel",
  "usage",
  "complet",
  "complete",
  "full",
  "raw",
  "brut",
  "value",
  "valeur",
  "clair",
  "line",
  "ligne",
]);

export class Vocabulary {
  private terms: Array<{ tokens: string[]; category: string; qualified: boolean }> = [];
  private subjects: Set<string>;
  private subjectSeqs: string[][];
  private tableHeads: Set<string>;
  private quantities: Set<string>;
  private notPersonalTables: Set<string>;
  private readonly syntheticModules: string[];
  private weakAlone: Set<string>;
  private fhir: Set<string>;
  private hl7Segments: Map<string, string>;
  private fhirPaths: Map<string, string>;
  private labels = new Map<string, string>();
  private userTables: Set<string>;
  private userColumns: Set<string>;
  private userTypes: Set<string>;
  private userNot: Set<string>;
  /** Columns learned from schemas (table → columns), used to classify tables with telling columns. */
  private knownColumns = new Map<string, Set<string>>();

  constructor(json: VocabularyJson, user: PatientDataConfig = {}) {
    for (const [cat, c] of Object.entries(json.categories)) {
      this.labels.set(cat, c.label);
      for (const t of c.terms) this.terms.push({ tokens: tokenize(t), category: cat, qualified: false });
      for (const t of c.qualified) this.terms.push({ tokens: tokenize(t), category: cat, qualified: true });
    }
    // Longer terms first so `nom_naissance` wins over `nom`.
    this.terms.sort((a, b) => b.tokens.length - a.tokens.length);
    // Single-word subjects match a token; multi-word ones (`lab_results`) match the token sequence.
    this.subjects = new Set(json.subjects.filter((s) => tokenize(s).length === 1).map((s) => tokenize(s)[0]));
    this.subjectSeqs = json.subjects.map(tokenize).filter((t) => t.length > 1);
    this.tableHeads = new Set(json.tableHeads);
    this.quantities = new Set(json.quantities);
    this.notPersonalTables = new Set(json.notPersonalTables.map((t) => tokenize(t).join("_")));
    this.weakAlone = new Set(json.weakAlone ?? []);
    this.syntheticModules = json.syntheticDataModules ?? [];
    this.fhir = new Set(json.fhirResources);
    this.hl7Segments = new Map(Object.entries(json.structures?.hl7Segments ?? {}));
    this.fhirPaths = new Map(Object.entries(json.structures?.fhirPaths ?? {}));
    const norm = (xs: string[] | undefined): Set<string> =>
      new Set((xs ?? []).map((x) => tokenize(x).join("_")));
    this.userTables = norm(user.tables);
    this.userColumns = norm(user.columns);
    this.userTypes = norm(user.types);
    this.userNot = norm(user.notPersonal);
  }

  label(category: string): string {
    return this.labels.get(category) ?? category;
  }

  forgetLearned(): void {
    this.knownColumns.clear();
  }

  learnTable(table: string, columns: Iterable<string>): void {
    const key = tokenize(table).join("_");
    let set = this.knownColumns.get(key);
    if (!set) {
      set = new Set();
      this.knownColumns.set(key, set);
    }
    for (const c of columns) set.add(c.toLowerCase());
  }

  columnsOf(table: string): string[] | undefined {
    const s = this.knownColumns.get(tokenize(table).join("_"));
    return s ? [...s] : undefined;
  }

  /** A column or property name. `inPersonalTable` admits qualified terms (`name` in `patients`). */
  classifyName(name: string, inPersonalTable = false): Classification | undefined {
    const tokens = tokenize(name);
    if (!tokens.length) return undefined;
    const joined = tokens.join("_");
    if (this.userNot.has(joined)) return undefined;
    if (this.userColumns.has(joined)) return { category: "configured", label: "configured personal data" };
    const head = tokens[tokens.length - 1];
    if (this.quantities.has(head) && !this.isTermToken(head)) return undefined;
    const hasSubject = this.hasSubject(tokens);
    for (const term of this.terms) {
      const at = indexOfSeq(tokens, term.tokens);
      if (at < 0) continue;
      const tail = tokens.slice(at + term.tokens.length);
      if (!tail.every((t) => t.length <= 2 || /^\d+$/.test(t) || MODIFIERS.has(t) || this.subjects.has(t)))
        continue;
      if (term.qualified && !(inPersonalTable || hasSubject)) continue;
      return { category: term.category, label: this.label(term.category) };
    }
    return undefined;
  }

  /**
   * A column or field name that says it holds personal data for the write rules: like
   * `classifyName`, except account secrets (passwords, keys, tokens): a credential copied somewhere
   * is judged by hardcoded-credentials and the transport rules, it is not data about a person.
   */
  classifyData(name: string, inPersonalTable = false): Classification | undefined {
    const c = this.classifyName(name, inPersonalTable);
    return c && c.category !== "credentials" ? c : undefined;
  }

  private isTermToken(t: string): boolean {
    return this.terms.some((x) => x.tokens.length === 1 && x.tokens[0] === t && !x.qualified);
  }

  /**
   * A property name read from data that comes from outside the program (a response, a file, a row of
   * a table whose name says nothing): personal when it classifies, except account secrets (a
   * `password` field of a response is a credential, judged by hardcoded-credentials, not patient data).
   * `parent` is the element it is read below (`name` for `p.name[0].family`); `subject` says the
   * holder's own name names people (`customer.name`).
   */
  classifyUse(name: string, subject: boolean, parent?: string): Classification | undefined {
    const seg = this.hl7Segments.get(name);
    if (seg) return { category: seg, label: this.label(seg) };
    if (parent) {
      const p = this.fhirPaths.get(parent + "." + name);
      if (p) return { category: p, label: this.label(p) };
    }
    const own = this.fhirPaths.get(name);
    if (own && !name.includes(".")) return { category: own, label: this.label(own) };
    const c = this.classifyName(name, subject);
    if (!c || c.category === "credentials") return undefined;
    return c;
  }

  /** A field that describes no one on its own (`sex`, `address`): personal only beside others. */
  isWeakAlone(name: string): boolean {
    return this.weakAlone.has(tokenize(name).join("_"));
  }

  /** A name that says it holds people (`customer`, `patientRows`, `members`). */
  namesSubject(name: string): boolean {
    const tokens = tokenize(name);
    return tokens.length > 0 && this.hasSubject(tokens);
  }

  /** A FHIR resource type that holds data about a person (`Patient`, `Observation`). */
  isFhirResource(name: string): boolean {
    return this.fhir.has(name);
  }

  /** Is the module specifier a generator of fake records (Faker and the like)? `a/*` names a/x too. */
  isSyntheticDataModule(spec: string): boolean {
    return this.syntheticModules.some((m) =>
      m.endsWith("/*") ? spec.startsWith(m.slice(0, -1)) : spec === m,
    );
  }

  /**
   * A table the vocabulary or the user declares to hold no personal data (reference and lookup
   * tables, catalogues, configuration): its rows are not classified by the fields read either.
   */
  isDeclaredNotPersonal(name: string): boolean {
    if (isCatalogueName(name)) return true;
    const bare = name.split(".").pop() ?? name;
    const tokens = tokenize(bare);
    if (!tokens.length) return false;
    const joined = tokens.join("_");
    if (this.userNot.has(joined) || this.notPersonalTables.has(joined)) return true;
    if (this.notPersonalTables.has(tokens[tokens.length - 1])) return true;
    return REFERENCE_PREFIXES.has(tokens[0]) && tokens.length > 1;
  }

  /** A table or collection name (schema prefix ignored). */
  isPersonalTable(name: string): boolean {
    if (isCatalogueName(name)) return false;
    const bare = name.split(".").pop() ?? name;
    const tokens = tokenize(bare);
    if (!tokens.length) return false;
    const joined = tokens.join("_");
    if (this.userNot.has(joined)) return false;
    if (this.fhir.has(bare)) return true;
    if (this.userTables.has(joined)) return true;
    if (this.notPersonalTables.has(joined)) return false;
    const head = tokens[tokens.length - 1];
    if (this.notPersonalTables.has(head) || this.quantities.has(head)) return false;
    // Reference/lookup tables (`ref_grades`, `lookup_services`) describe codes, not people.
    if (REFERENCE_PREFIXES.has(tokens[0]) && tokens.length > 1) return false;
    const known = this.knownColumns.get(joined);
    if (known && this.declaresNothingPersonal(known)) return false;
    if (this.hasSubject(tokens)) return true;
    if (this.classifyName(bare)) return true;
    if (known) for (const c of known) if (this.classifyName(c)) return true;
    return false;
  }

  /**
   * The workspace declares the table (CREATE TABLE, an ORM model) with content columns, and none
   * of its columns holds data about anyone, even read as a personal table's, nor points at a person
   * (`patient_uuid`): `account(number, label, parent)`, `icd10(code, label)`. The declaration
   * outweighs a name that could name people or health. A table of keys only (`consultations(id)`,
   * whose rows matter through their relations) is left to its name.
   */
  private declaresNothingPersonal(columns: Set<string>, depth = 0): boolean {
    let content = false;
    for (const c of columns) {
      const key = /^(.*?)_?(id|uuid)$/i.exec(c);
      if (key) {
        if (key[1] && this.pointsAtPerson(key[1], depth)) return false;
        continue;
      }
      if (this.classifyName(c, true)) return false;
      content = true;
    }
    return content;
  }

  /**
   * A key column's stem (`patient` of `patient_uuid`) names people, unless the workspace declares
   * that table and it holds nothing personal (`account_id` into a chart of accounts).
   */
  private pointsAtPerson(stem: string, depth: number): boolean {
    if (!this.namesSubject(stem)) return false;
    const target = this.knownColumns.get(tokenize(stem).join("_"));
    return !(target && depth < 2 && this.declaresNothingPersonal(target, depth + 1));
  }

  /** A TypeScript type name (`Patient`, `IPatientRow`, FHIR `Observation`). */
  isPersonalTypeName(name: string): boolean {
    const bare = /^I[A-Z][a-z]/.test(name) ? name.slice(1) : name;
    if (this.fhir.has(bare)) return true;
    const tokens = tokenize(bare);
    if (!tokens.length) return false;
    const joined = tokens.join("_");
    if (this.userNot.has(joined)) return false;
    if (this.userTypes.has(joined) || this.userTables.has(joined)) return true;
    const head = tokens[tokens.length - 1];
    if (this.subjects.has(head) || this.subjects.has(singular(head))) return true;
    if (this.subjectSeqs.some((seq) => endsWith(tokens, seq))) return true;
    if (this.tableHeads.has(head) && this.hasSubject(tokens)) return true;
    return false;
  }

  private hasSubject(tokens: string[]): boolean {
    if (tokens.some((t) => this.subjects.has(t) || this.subjects.has(singular(t)))) return true;
    return this.subjectSeqs.some(
      (seq) => indexOfSeq(tokens, seq) >= 0 || indexOfSeq(tokens.map(singular), seq.map(singular)) >= 0,
    );
  }

  isQuantityName(name: string): boolean {
    const tokens = tokenize(name);
    return tokens.length > 0 && this.quantities.has(tokens[tokens.length - 1]);
  }
}

const REFERENCE_PREFIXES = new Set([
  "ref",
  "reference",
  "referentiel",
  "lookup",
  "lkp",
  "dim",
  "nomenclature",
  "param",
  "params",
  "parametre",
  "parametres",
  "enum",
  "dict",
  "dictionnaire",
  "catalog",
  "catalogue",
]);

/**
 * Schemas that hold a database's own catalogue (what tables, columns, roles and sessions exist),
 * never rows about people: `information_schema.columns`, `sys.tables`, `pg_catalog.pg_user`.
 */
const CATALOGUE_SCHEMAS = new Set(["information_schema", "pg_catalog", "sys", "performance_schema", "mysql"]);
/** Oracle data-dictionary views come in three scopes: `USER_TABLES`, `ALL_TABLES`, `DBA_TABLES`. */
const ORACLE_DICTIONARY_SCOPES = new Set(["user", "all", "dba", "cdb"]);
const ORACLE_DICTIONARY_VIEWS = new Set([
  "tables",
  "views",
  "tab_columns",
  "tab_cols",
  "tab_comments",
  "col_comments",
  "objects",
  "indexes",
  "ind_columns",
  "constraints",
  "cons_columns",
  "sequences",
  "source",
  "triggers",
  "synonyms",
  "users",
  "role_privs",
  "sys_privs",
  "tab_privs",
  "procedures",
  "dependencies",
  "segments",
  "mviews",
  "types",
  "lobs",
  "tab_partitions",
  "jobs",
  "scheduler_jobs",
  "tablespaces",
  "db_links",
]);
/** Catalogue tables that stand alone (SQLite's schema table, SQL Server's compatibility views). */
const CATALOGUE_TABLES = new Set([
  "sqlite_master",
  "sqlite_schema",
  "sqlite_sequence",
  "sqlite_temp_master",
  "sysobjects",
  "syscolumns",
  "sysusers",
  "sysdatabases",
  "dual",
]);

/**
 * A name from the database's own catalogue, never a personal table, whatever its words say
 * (`user_tables` is Oracle's list of tables, `pg_user` PostgreSQL's list of roles). Matched on
 * the name as written (schema, then the table's own name), not on its vocabulary tokens.
 */
export function isCatalogueName(name: string): boolean {
  const parts = name
    .split(".")
    .map((p) => p.replace(/^["`[]|["`\]]$/g, "").toLowerCase())
    .filter(Boolean);
  if (!parts.length) return false;
  const table = parts[parts.length - 1];
  if (parts.slice(0, -1).some((schema) => CATALOGUE_SCHEMAS.has(schema))) return true;
  if (table === "information_schema" || CATALOGUE_TABLES.has(table)) return true;
  // PostgreSQL reserves the `pg_` prefix for its system catalogues and views.
  if (/^pg_[a-z_]+$/.test(table)) return true;
  const scope = /^([a-z]+)_(.+)$/.exec(table);
  if (scope && ORACLE_DICTIONARY_SCOPES.has(scope[1]) && ORACLE_DICTIONARY_VIEWS.has(scope[2])) return true;
  return /^v\$/.test(table) || /^gv\$/.test(table);
}

function endsWith(tokens: string[], seq: string[]): boolean {
  return tokens.length >= seq.length && seq.every((t, i) => tokens[tokens.length - seq.length + i] === t);
}

function singular(t: string): string {
  return t.length > 3 && t.endsWith("s") ? t.slice(0, -1) : t;
}

function indexOfSeq(hay: string[], needle: string[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

let vocabJson: VocabularyJson | undefined;

export function loadVocabulary(rulesDir: string, user?: PatientDataConfig): Vocabulary {
  if (!vocabJson)
    vocabJson = JSON.parse(
      fs.readFileSync(path.join(rulesDir, "data", "vocabulary.json"), "utf8"),
    ) as VocabularyJson;
  return new Vocabulary(vocabJson, user);
}
