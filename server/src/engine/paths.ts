import * as path from "path";

/** rules/ at the package root: rule metadata, docs, vocabulary, models, schema. */
export const RULES_DIR = path.resolve(__dirname, "..", "..", "..", "rules");

/** Stable public address of a rule's documentation page (the page's source is rules/<id>/doc.md). */
export const DOCS_BASE = "https://privacy-review.dev/rules/";

export function docUrl(ruleId: string): string {
  return DOCS_BASE + ruleId;
}
