/** What every rule gets: the resolvers, the models, the taint engine, and a way to report. */
import { ts } from "ts-morph";
import { Vocabulary } from "../classify/vocabulary";
import { Flow, TaintEngine } from "../flow/taint";
import { Models } from "../models/models";
import { QueryReader } from "../queries/queries";
import { Resolver } from "../resolve/values";
import { WorkspaceFacts } from "./facts";

/** Values for a message template's `{{placeholders}}`. */
export type MessageData = Readonly<Record<string, string | number>>;

export interface Report {
  ruleId: string;
  node: ts.Node;
  /**
   * What the finding says: a key of the rule's `messages` in meta.json (typescript-eslint's
   * `messageId`), whose template the analyzer fills with `messageData` (`{{option}}` → "secure").
   */
  messageId: string;
  /**
   * The template's placeholders: names from the code (a table, a column, an option, a callee, a
   * file expression), counts, or a phrase the rule picks; never a value the code holds (a secret,
   * a literal from a query).
   */
  messageData?: MessageData;
  related?: Array<{ node: ts.Node; message: string }>;
  flows?: Flow[];
  data?: Record<string, unknown>;
  /** "note": the finding is reported at note level whatever the rule's severity (e.g. encrypted at rest by the provider). */
  level?: "note";
}

export interface RuleContext {
  r: Resolver;
  models: Models;
  queries: QueryReader;
  taint: TaintEngine;
  vocab: Vocabulary;
  facts: WorkspaceFacts;
  /** Files whose findings are wanted (the rest may still be read to follow data). */
  files: ts.SourceFile[];
  /** Per-file instruction lookup (beyond-instructions); undefined when none are configured. */
  instructionsFor?: (file: string) => import("../config/config").Instruction[];
  report(r: Report): void;
}

export interface Rule {
  id: string;
  run(ctx: RuleContext): void;
}
