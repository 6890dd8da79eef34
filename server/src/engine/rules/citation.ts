/**
 * Citations, built in one place for every output (JSON, SARIF, diagnostics, hovers, records,
 * `rules`). They keep two things apart, always in this order:
 *  - what the CNIL found in SAN-2022-009: an article it held breached and the paragraphs (§) that
 *    state the facts and the finding;
 *  - our reading: articles we think apply although the decision does not rely on them.
 * "CNIL SAN-2022-009 found: Art. 32 (§62, §70) · our reading: Art. 32(1)(a)"
 */

/** What the decision found: only articles it held breached, with the paragraphs behind the finding. */
export interface DecisionCitation {
  /** "CNIL SAN-2022-009" */
  reference: string;
  /** Among "Art. 28(3)", "Art. 29", "Art. 32": the three breaches of the decision (§82). */
  articles: string[];
  /** "§60", "§62", … */
  paragraphs: string[];
}

/** Articles that apply in our reading, not in the decision, and why we cite them. */
export interface ReadingCitation {
  articles: string[];
  why: string;
}

export const DECISION_REFERENCE = "CNIL SAN-2022-009";

/** The only articles SAN-2022-009 found breached (§82). */
export const BREACHED_ARTICLES: readonly string[] = ["Art. 28(3)", "Art. 29", "Art. 32"];

/** The words that open the second part of every citation. */
export const OUR_READING = "our reading";

/**
 * "§43–46, §49, §50": paragraphs in order, runs of three or more written as a range.
 * Anything that is not "§<number>" is kept as written.
 */
export function paragraphList(paragraphs: readonly string[]): string {
  const numbers = paragraphs.map((p) => /^§(\d+)$/.exec(p)).map((m) => (m ? Number(m[1]) : NaN));
  if (numbers.some((n) => Number.isNaN(n))) return paragraphs.join(", ");
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (j - i >= 2) parts.push(`§${sorted[i]}–${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(`§${sorted[k]}`);
    i = j + 1;
  }
  return parts.join(", ");
}

/** `Array.isArray` does not narrow a readonly array union (it narrows to `any[]`). */
function isDecisionList(
  decision: DecisionCitation | readonly DecisionCitation[],
): decision is readonly DecisionCitation[] {
  return Array.isArray(decision);
}

/**
 * The citation text. Several decision parts (one per article, same decision) are joined with "; ".
 * The reading part is left out when it names no article.
 */
export function citationText(
  decision: DecisionCitation | readonly DecisionCitation[],
  ourReading?: { articles: readonly string[] },
): string {
  const parts = isDecisionList(decision) ? decision : [decision];
  const reference = parts[0]?.reference ?? DECISION_REFERENCE;
  const found = parts.map((d) => `${d.articles.join(", ")} (${paragraphList(d.paragraphs)})`).join("; ");
  const reading = ourReading?.articles.length ? ` · ${OUR_READING}: ${ourReading.articles.join(", ")}` : "";
  return `${reference} found: ${found}${reading}`;
}

/** "Art. 5(1)(e)" → "art-5-1-e", "Art. 32" → "art-32". */
export function articleSlug(article: string): string {
  return article
    .toLowerCase()
    .replace(/^art\.\s*/, "art-")
    .replace(/\(([^)]*)\)/g, "-$1")
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/-$/, "");
}

/**
 * Tags for code-scanning UIs: `gdpr/art-32` for what the decision found, `gdpr-reading/art-32-1-a`
 * for our reading, `cnil-san-2022-009/p70` for each paragraph.
 */
export function citationTags(
  decision: DecisionCitation,
  ourReading?: { articles: readonly string[] },
): string[] {
  const ref = decision.reference.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return [
    ...decision.articles.map((a) => `gdpr/${articleSlug(a)}`),
    ...(ourReading?.articles ?? []).map((a) => `gdpr-reading/${articleSlug(a)}`),
    ...decision.paragraphs.map((p) => `${ref}/p${p.replace(/^§/, "")}`),
  ];
}

/** The old flat `articles` list (deprecated): the decision's articles, then ours, without repeats. */
export function citedArticles(
  decision: DecisionCitation,
  ourReading?: { articles: readonly string[] },
): string[] {
  return [...new Set([...decision.articles, ...(ourReading?.articles ?? [])])];
}

/**
 * What the migration record answers in the decision: no migration procedure giving the clients a
 * detailed account of the operations (Art. 32, §60), and no proof that the controllers approved
 * the extracts, which were processed beyond their instructions (Art. 29, §47–50).
 */
export const RECORD_DECISION: readonly DecisionCitation[] = [
  { reference: DECISION_REFERENCE, articles: ["Art. 32"], paragraphs: ["§60"] },
  { reference: DECISION_REFERENCE, articles: ["Art. 29"], paragraphs: ["§47", "§48", "§49", "§50"] },
];
