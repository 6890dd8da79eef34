/** Every rule has metadata, a doc page with the fixed sections, and fixtures. */
import * as assert from "assert";
import { fileURLToPath } from "url";
import * as fs from "fs";
import * as path from "path";
import { allRuleMeta, RULES as ENGINE_RULES, ruleSummary } from "privacy-review";
import { RULES } from "../util/paths";

const SECTIONS = [
  "## What it flags",
  "## Why it matters",
  "## How to fix",
  "## How to suppress",
  "## When not to apply",
];

/** The rule ids users write in privacy-review.json and suppressions: written here, never read from the engine. */
const PUBLIC_RULE_IDS = [
  "anonymous-access",
  "beyond-instructions",
  "hardcoded-credentials",
  "no-delete-after-transfer",
  "plaintext-transfer",
  "unencrypted-patient-write",
  "unfiltered-extraction",
];

function assertPublicRuleIds(ids: string[]): void {
  assert.deepStrictEqual([...ids].sort(), PUBLIC_RULE_IDS, "rule ids are a stable contract");
}

describe("rule metadata and docs", () => {
  it("lists the public rule ids (a stable contract)", () => {
    assertPublicRuleIds(ENGINE_RULES.map((r) => r.id));
  });
  it("fails the contract when a rule is removed or an id renamed", () => {
    const ids = ENGINE_RULES.map((r) => r.id);
    assert.throws(() => assertPublicRuleIds(ids.filter((id) => id !== "anonymous-access")));
    assert.throws(() =>
      assertPublicRuleIds(ids.map((id) => (id === "plaintext-transfer" ? "cleartext" : id))),
    );
  });
  for (const meta of allRuleMeta()) {
    describe(meta.id, () => {
      it("has complete metadata citing an article and the decision", () => {
        assert.match(meta.name, /\S/);
        assert.ok(["error", "warning", "note"].includes(meta.defaultSeverity));
        assert.ok(
          meta.decision.articles.length > 0 && meta.decision.articles.every((a) => /^Art\. \d+/.test(a)),
        );
        assert.ok(meta.ourReading.articles.every((a) => /^Art\. \d+/.test(a)));
        assert.strictEqual(meta.decision.reference, "CNIL SAN-2022-009");
        assert.ok(
          meta.decision.paragraphs.length > 0 && meta.decision.paragraphs.every((p) => /^§\d+$/.test(p)),
        );
        // The bundled page, readable offline; no public site is linked.
        assert.match(meta.docUrl, /^file:\/\/.+\/rules\/[a-z-]+\/doc\.md$/);
        assert.ok(fs.existsSync(fileURLToPath(meta.docUrl)), meta.docUrl);
      });
      it("declares its message ids, each with a message template", () => {
        const entries = Object.entries(meta.messages ?? {});
        assert.ok(entries.length > 0, "meta.json has messages");
        for (const [id, template] of entries) {
          assert.match(id, /^[a-z][A-Za-z]+$/, `message id ${id} is camelCase`);
          // Placeholders are {{camelCase}}; no other brace, no trailing space or full stop (the
          // outputs add the citation after the message).
          const rest = template.replace(/\{\{[a-z][A-Za-z]*\}\}/g, "");
          assert.ok(
            !/[{}]/.test(rest),
            `message ${id}: a malformed placeholder in ${JSON.stringify(template)}`,
          );
          assert.match(template, /^\S.*[^\s.]$/, `message ${id}: one line, no trailing space or full stop`);
        }
      });
      it("has a doc page with every fixed section and the citation in its summary", () => {
        const doc = fs.readFileSync(meta.docPath, "utf8");
        assert.ok(doc.startsWith(`# ${meta.id}`), "title line names the rule id");
        for (const s of SECTIONS) assert.ok(doc.includes(s), `section "${s}"`);
        const summary = ruleSummary(meta.id);
        assert.ok(summary.includes("CNIL SAN-2022-009"), "summary cites the decision");
        assert.ok(
          doc.includes(`${summary}\n\n**Citation:** ${meta.citation}\n`),
          "the citation line follows the summary",
        );
        assert.ok(
          doc.includes(`privacy-review-disable-next-line ${meta.id} --`),
          "shows how to suppress this rule",
        );
      });
      it("has annotated fixtures", () => {
        const dir = path.join(RULES, meta.id, "fixtures");
        assert.ok(fs.existsSync(dir) && fs.readdirSync(dir).length > 0);
      });
    });
  }
});
