/** The rules the engine runs, with their metadata and docs read from rules/<id>/. */
import * as fs from "fs";
import * as path from "path";
import { Severity } from "../findings";
import { docUrl, RULES_DIR } from "../paths";
import { anonymousAccess } from "./anonymousAccess";
import { beyondInstructions } from "./beyondInstructions";
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
  articles: string[];
  decision: { reference: string; paragraphs: string[] };
  tags: string[];
  /** One sentence on how to fix, for hovers. */
  howToFix?: string;
  /** "Art. 32(1)(a), Art. 9; CNIL SAN-2022-009 §60, §62" */
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
  const meta: RuleMeta = {
    ...raw,
    citation: `${raw.articles.join(", ")}; ${raw.decision.reference} ${raw.decision.paragraphs.join(", ")}`,
    docUrl: docUrl(id),
    docPath: path.join(dir, "doc.md"),
  };
  metaCache.set(key, meta);
  return meta;
}

export function allRuleMeta(rulesDir = RULES_DIR): RuleMeta[] {
  return RULES.map((r) => ruleMeta(r.id, rulesDir));
}

export function ruleDoc(id: string, rulesDir = RULES_DIR): string {
  return fs.readFileSync(ruleMeta(id, rulesDir).docPath, "utf8");
}

/** The first paragraph of the doc after the title: the short text for hovers. */
export function ruleSummary(id: string, rulesDir = RULES_DIR): string {
  const doc = ruleDoc(id, rulesDir);
  const body = doc.split(/\r?\n/).slice(1).join("\n").trim();
  return body.split(/\r?\n\s*\r?\n/)[0].trim();
}

export const KNOWN_RULE_IDS = new Set(RULES.map((r) => r.id));
