/** The rules the engine runs, with their metadata and docs read from rules/<id>/. */
import * as fs from "fs";
import * as path from "path";
import { Severity } from "../findings";
import { docUrl, RULES_DIR } from "../paths";
import { anonymousAccess } from "./anonymousAccess";
import { beyondInstructions } from "./beyondInstructions";
import { citationText, citedArticles, DecisionCitation, ReadingCitation } from "./citation";
import { Rule } from "./context";
import { hardcodedCredentials } from "./hardcodedCredentials";
import { noDeleteAfterTransfer } from "./noDeleteAfterTransfer";
import { plaintextTransfer } from "./plaintextTransfer";
import { unencryptedPatientWrite } from "./unencryptedPatientWrite";
import { unfilteredExtraction } from "./unfilteredExtraction";

export const RULES: Rule[] = [
  unencryptedPatientWrite,
  plaintextTransfer,
  anonymousAccess,
  hardcodedCredentials,
  noDeleteAfterTransfer,
  unfilteredExtraction,
  beyondInstructions,
];

export interface RuleMeta {
  id: string;
  name: string;
  defaultSeverity: Severity;
  shortDescription: string;
  /**
   * @deprecated since 0.2: the decision's articles and ours in one list, as before the split.
   * Kept for one minor version; read `decision.articles` and `ourReading.articles` instead.
   */
  articles: string[];
  /** What CNIL SAN-2022-009 found: the breached article and the paragraphs behind the finding. */
  decision: DecisionCitation;
  /** Articles that apply in our reading only, and why. */
  ourReading: ReadingCitation;
  tags: string[];
  /**
   * GitHub code scanning's `security-severity` (0.0-10.0: ≥ 9 critical, ≥ 7 high, ≥ 4 medium),
   * as a string with one decimal; the reason for the value is in the rule doc.
   */
  securitySeverity: string;
  /** SARIF `precision` (very-high, high, medium, low): how often a finding is a true problem. */
  precision: "very-high" | "high" | "medium" | "low";
  /**
   * What each finding of the rule can say, by message id (typescript-eslint's `meta.messages`):
   * a finding's `messageId` is one of these keys; the value says in a sentence what it means.
   */
  messages: Record<string, string>;
  /** One sentence on how to fix, for hovers. */
  howToFix?: string;
  /** "CNIL SAN-2022-009 found: Art. 32 (§60, §62, §69, §70) · our reading: Art. 32(1)(a)" (citationText) */
  citation: string;
  docUrl: string;
  docPath: string;
}

const metaCache = new Map<string, RuleMeta>();

export function ruleMeta(id: string, rulesDir = RULES_DIR): RuleMeta {
  const key = rulesDir + "|" + id;
  const hit = metaCache.get(key);
  if (hit) return hit;
  const dir = path.join(rulesDir, id);
  const raw = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8")) as Omit<
    RuleMeta,
    "citation" | "docUrl" | "docPath"
  >;
  const ourReading = raw.ourReading ?? { articles: [], why: "" };
  const meta: RuleMeta = {
    ...raw,
    articles: citedArticles(raw.decision, ourReading),
    ourReading,
    citation: citationText(raw.decision, ourReading),
    docUrl: docUrl(id, rulesDir),
    docPath: path.join(dir, "doc.md"),
  };
  metaCache.set(key, meta);
  return meta;
}

export function allRuleMeta(rulesDir = RULES_DIR): RuleMeta[] {
  return RULES.map((r) => ruleMeta(r.id, rulesDir));
}

/**
 * The rule's doc page as users read it (`explain`, hovers, SARIF help). The `<!-- example … -->`
 * comments that complete its code examples for test/rules/doc-examples.test.ts are left out.
 */
export function ruleDoc(id: string, rulesDir = RULES_DIR): string {
  return fs
    .readFileSync(ruleMeta(id, rulesDir).docPath, "utf8")
    .replace(/^[ \t]*<!-- example[\s\S]*?-->[ \t]*\r?\n/gm, "");
}

/** The first paragraph of the doc after the title: the short text for hovers. */
export function ruleSummary(id: string, rulesDir = RULES_DIR): string {
  const doc = ruleDoc(id, rulesDir);
  const body = doc.split(/\r?\n/).slice(1).join("\n").trim();
  return body.split(/\r?\n\s*\r?\n/)[0].trim();
}

export const KNOWN_RULE_IDS = new Set(RULES.map((r) => r.id));
