/**
 * Citations keep what the CNIL found apart from our reading, in every output.
 *
 * The expected table below is written by hand from `shared/CASE.md` ("From failures to checks"):
 * for each rule, the one article the decision found breached for that failure and every paragraph
 * CASE.md lists for it (the failure's facts and the finding). It is not read from the code under test.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { allRuleMeta, Finding, ruleSummary } from "privacy-review";
import { ScanReport } from "privacy-review/internal/cli/format/formatter";
import { SCAN_FORMATTERS } from "privacy-review/internal/cli/format/index";
import { RECORD_FORMATTERS } from "privacy-review/internal/cli/format/record";
import { hoverFor, toDiagnostic } from "privacy-review/internal/lsp/convert";
import { MigrationRecord, recordHeader } from "privacy-review/internal/engine/report/record";
import { isRecord, parseObject, parseObjects, parseScanJson, sarifRun } from "../util/outputs";
import { CLI, REPO, RULES } from "../util/paths";

/** The three breaches of SAN-2022-009 (§82). */
const BREACHED = ["Art. 28(3)", "Art. 29", "Art. 32"];

interface Expected {
  article: string;
  /** Every paragraph CASE.md's table lists for this failure, finding included. */
  allowed: number[];
  /** The paragraph that states the breach: it must be cited. */
  finding: number;
  reading: string[];
  citation: string;
}

const EXPECTED: Record<string, Expected> = {
  "unfiltered-extraction": {
    article: "Art. 29",
    allowed: [43, 44, 45, 46, 49, 50],
    finding: 50,
    reading: ["Art. 5(1)(c)"],
    citation: "CNIL SAN-2022-009 found: Art. 29 (§43–46, §49, §50) · our reading: Art. 5(1)(c)",
  },
  "beyond-instructions": {
    article: "Art. 29",
    allowed: [44, 45, 46, 47, 48, 50],
    finding: 50,
    reading: ["Art. 28(3)(a)"],
    citation: "CNIL SAN-2022-009 found: Art. 29 (§44–48, §50) · our reading: Art. 28(3)(a)",
  },
  "unencrypted-patient-write": {
    article: "Art. 32",
    allowed: [60, 62, 69, 70],
    finding: 70,
    reading: ["Art. 32(1)(a)"],
    citation: "CNIL SAN-2022-009 found: Art. 32 (§60, §62, §69, §70) · our reading: Art. 32(1)(a)",
  },
  "plaintext-transfer": {
    article: "Art. 32",
    allowed: [60, 70],
    finding: 70,
    reading: ["Art. 32(1)(a)", "Art. 32(2)"],
    citation: "CNIL SAN-2022-009 found: Art. 32 (§60, §70) · our reading: Art. 32(1)(a), Art. 32(2)",
  },
  "anonymous-access": {
    article: "Art. 32",
    allowed: [64, 69, 70],
    finding: 70,
    reading: ["Art. 32(1)(b)"],
    citation: "CNIL SAN-2022-009 found: Art. 32 (§64, §69, §70) · our reading: Art. 32(1)(b)",
  },
  "hardcoded-credentials": {
    article: "Art. 32",
    allowed: [64, 69, 70],
    finding: 70,
    reading: ["Art. 32(1)(b)"],
    citation: "CNIL SAN-2022-009 found: Art. 32 (§64, §69, §70) · our reading: Art. 32(1)(b)",
  },
  "no-delete-after-transfer": {
    article: "Art. 32",
    allowed: [63, 69, 70],
    finding: 70,
    reading: ["Art. 5(1)(e)", "Art. 28(3)(g)"],
    citation: "CNIL SAN-2022-009 found: Art. 32 (§63, §69, §70) · our reading: Art. 5(1)(e), Art. 28(3)(g)",
  },
};

/** The migration record answers "no migration procedure / detailed account" (Art. 32, §60) and "approval not proven" (Art. 29, §47–50). */
const RECORD_CITATION = "CNIL SAN-2022-009 found: Art. 32 (§60); Art. 29 (§47–50)";
const RECORD_ALLOWED: Record<string, number[]> = { "Art. 32": [60], "Art. 29": [47, 48, 49, 50] };

/** SARIF tag slugs, written out by hand. */
const SLUG: Record<string, string> = {
  "Art. 29": "art-29",
  "Art. 32": "art-32",
  "Art. 5(1)(c)": "art-5-1-c",
  "Art. 5(1)(e)": "art-5-1-e",
  "Art. 28(3)(a)": "art-28-3-a",
  "Art. 28(3)(g)": "art-28-3-g",
  "Art. 32(1)(a)": "art-32-1-a",
  "Art. 32(1)(b)": "art-32-1-b",
  "Art. 32(2)": "art-32-2",
};

const ARTICLE = /Art\. \d+(?:\(\d+\))?(?:\([a-z]\))?/g;

/** "§43–46, §49" → [43, 44, 45, 46, 49]. */
function paragraphsIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/§(\d+)(?:[–-](\d+))?/g)) {
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    for (let n = a; n <= b; n++) out.push(n);
  }
  return out;
}

/**
 * The split of one citation string: the part before "our reading" names only the decision's
 * articles, with its paragraphs; the part after names only ours.
 */
function assertSplit(
  citation: string,
  found: Record<string, number[]>,
  reading: string[],
  where: string,
): void {
  assert.ok(
    citation.startsWith("CNIL SAN-2022-009 found: "),
    `${where}: starts with the decision: ${citation}`,
  );
  const at = citation.indexOf("our reading");
  const decisionPart = at < 0 ? citation : citation.slice(0, at);
  const readingPart = at < 0 ? "" : citation.slice(at);
  assert.deepStrictEqual(
    [...new Set(decisionPart.match(ARTICLE) ?? [])].sort(),
    Object.keys(found).sort(),
    `${where}: before "our reading" only the decision's articles: ${citation}`,
  );
  for (const a of Object.keys(found)) assert.ok(BREACHED.includes(a), `${where}: ${a} was found breached`);
  const allowed = Object.values(found).flat();
  const cited = paragraphsIn(decisionPart);
  assert.ok(cited.length > 0, `${where}: cites paragraphs`);
  for (const n of cited) {
    assert.ok(n >= 1 && n <= 88, `${where}: §${n} is a paragraph of the decision`);
    assert.ok(allowed.includes(n), `${where}: §${n} is one CASE.md lists for this failure`);
  }
  assert.deepStrictEqual(paragraphsIn(readingPart), [], `${where}: no paragraph in our reading`);
  if (reading.length) {
    assert.ok(at > 0, `${where}: has an "our reading" part: ${citation}`);
    assert.deepStrictEqual(readingPart.match(ARTICLE), reading, `${where}: our reading after the words`);
  } else assert.strictEqual(at, -1, `${where}: no empty "our reading"`);
}

function finding(ruleId: string, file: string): Finding {
  const severity = allRuleMeta().find((m) => m.id === ruleId)!.defaultSeverity;
  return {
    ruleId,
    messageId: "example",
    severity,
    message: `a ${ruleId} finding`,
    location: { file, start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
    related: [],
    flow: [],
    fingerprint: `fp-${ruleId}`,
  };
}

/** The citation parts of a rule's meta.json, as written (before the registry builds its text). */
interface MetaCitation {
  decision: { reference: string; articles: string[]; paragraphs: string[] };
  ourReading: { articles: string[]; why: string };
  articles: string[];
}

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((x) => typeof x === "string");

function readMetaCitation(id: string): MetaCitation {
  const raw = parseObject(fs.readFileSync(path.join(RULES, id, "meta.json"), "utf8"), `${id}/meta.json`);
  const { decision, ourReading, articles } = raw;
  assert.ok(
    isRecord(decision) && isRecord(ourReading),
    `${id}/meta.json has decision and ourReading objects`,
  );
  const { reference, articles: decided, paragraphs } = decision;
  const { articles: read, why } = ourReading;
  assert.ok(typeof reference === "string" && isStrings(decided) && isStrings(paragraphs), `${id}: decision`);
  assert.ok(isStrings(read) && typeof why === "string" && isStrings(articles), `${id}: ourReading, articles`);
  return {
    decision: { reference, articles: decided, paragraphs },
    ourReading: { articles: read, why },
    articles,
  };
}

function scanOutput(format: string, findings: Finding[]): string {
  const report: ScanReport = {
    findings,
    notices: [],
    root: path.join(REPO, "examples", "lab-migration"),
    fileCount: 1,
    durationMs: 0,
    toolVersion: "0.0.0-test",
  };
  return SCAN_FORMATTERS.get(format)!.format(report, { color: false, quiet: false });
}

describe("citations: what the CNIL found, apart from our reading", () => {
  const metas = allRuleMeta();
  const root = path.join(REPO, "examples", "lab-migration");
  const file = path.join(root, "a.ts");

  it("covers every rule, and every rule is in the expected table", () => {
    assert.deepStrictEqual(metas.map((m) => m.id).sort(), Object.keys(EXPECTED).sort());
  });

  for (const id of Object.keys(EXPECTED)) {
    const e = EXPECTED[id];
    describe(id, () => {
      const raw = readMetaCitation(id);
      const meta = () => metas.find((m) => m.id === id)!;

      it("meta.json: the decision cites only a breached article, with paragraphs CASE.md lists", () => {
        assert.strictEqual(raw.decision.reference, "CNIL SAN-2022-009");
        assert.deepStrictEqual(raw.decision.articles, [e.article]);
        const cited = raw.decision.paragraphs.map((p) => {
          assert.match(p, /^§\d+$/);
          return Number(p.slice(1));
        });
        for (const n of cited) {
          assert.ok(n >= 1 && n <= 88, `§${n} is a paragraph of the decision (1–88)`);
          assert.ok(e.allowed.includes(n), `§${n} is among ${e.allowed.join(", ")}`);
        }
        assert.ok(cited.includes(e.finding), `cites the finding §${e.finding}`);
      });

      it("meta.json: our reading holds the other articles, with a reason", () => {
        assert.deepStrictEqual(raw.ourReading.articles, e.reading);
        for (const a of raw.ourReading.articles)
          assert.ok(!BREACHED.includes(a), `${a} is not a decision article`);
        assert.ok(raw.ourReading.why.length > 40, "says why");
        for (const n of paragraphsIn(raw.ourReading.why)) assert.ok(n >= 1 && n <= 88, `§${n} in why`);
      });

      it("keeps the deprecated flat articles as the union (meta.json and rules --json)", () => {
        assert.deepStrictEqual(raw.articles, [e.article, ...e.reading]);
        assert.deepStrictEqual(meta().articles, [e.article, ...e.reading]);
      });

      it("builds the citation with the decision first and our reading after the words", () => {
        assert.strictEqual(meta().citation, e.citation);
        assertSplit(meta().citation, { [e.article]: e.allowed }, e.reading, "citation");
      });

      it("JSON finding, text line and diagnostic carry that citation", () => {
        const f = finding(id, file);
        const json = parseScanJson(scanOutput("json", [f]));
        assert.strictEqual(json.findings[0].citation, e.citation);
        const text = scanOutput("text", [f]);
        assert.ok(text.includes(`↳ ${e.citation}`), text);
        assert.strictEqual(toDiagnostic(f).message, `a ${id} finding (${e.citation})`);
      });

      it("hover: the why-text names none of our articles; the citation line shows the split", () => {
        const value = hoverFor([finding(id, file)]).contents as { value: string };
        const lines = value.value.split("\n");
        const why = lines.find((l) => l.startsWith("**Why:**"))!;
        assert.ok(why && why.length > 30, "has a why line");
        for (const a of e.reading) assert.ok(!why.includes(a), `why-text does not cite ${a}: ${why}`);
        assert.ok(!/Art\. (5|9)\b/.test(why), `why-text cites no article of our reading: ${why}`);
        assert.ok(lines.includes(`**Citation:** ${e.citation}`), value.value);
        assertSplit(
          lines.find((l) => l.startsWith("**Citation:**"))!.slice(14),
          { [e.article]: e.allowed },
          e.reading,
          "hover",
        );
      });

      it("doc: first paragraph (the hover text) cites none of our reading; the citation line matches", () => {
        const summary = ruleSummary(id);
        assert.ok(summary.includes("SAN-2022-009"), "the summary names the decision");
        for (const a of [...e.reading, "Art. 9", "Art. 5("]) assert.ok(!summary.includes(a), `summary: ${a}`);
        const doc = fs.readFileSync(path.join(RULES, id, "doc.md"), "utf8");
        assert.ok(doc.includes(`\n**Citation:** ${e.citation}\n`), "the doc shows the citation line");
        for (const n of paragraphsIn(doc)) assert.ok(n >= 1 && n <= 88, `doc cites §${n}`);
      });

      it("docs/LEGAL-NOTES.md lists the change to this citation", () => {
        const notes = fs.readFileSync(path.join(REPO, "docs", "LEGAL-NOTES.md"), "utf8");
        const row = notes.split("\n").find((l) => l.startsWith(`| \`${id}\` |`));
        assert.ok(row && row.includes(`| ${e.citation} |`), `legal notes row for ${id}: ${row}`);
        for (const n of paragraphsIn(notes)) assert.ok(n >= 1 && n <= 88, `legal notes cite §${n}`);
      });

      it("README rule table shows the same citation", () => {
        const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
        const row = readme.split("\n").find((l) => l.startsWith(`| \`${id}\` |`));
        assert.ok(row, "has a row");
        assert.ok(row.includes(`| ${e.citation} |`), row);
      });
    });
  }

  it("`privacy-review rules --json` adds decision and ourReading and keeps every older field", () => {
    const { spawnSync } = require("child_process") as typeof import("child_process");
    const r = spawnSync(process.execPath, [CLI, "rules", "--json"], { encoding: "utf8" });
    assert.strictEqual(r.status, 0, r.stderr);
    const listed = parseObjects(r.stdout, "rules --json");
    assert.deepStrictEqual(listed.map((m) => m.id).sort(), Object.keys(EXPECTED).sort());
    for (const m of listed) {
      const e = EXPECTED[m.id as string];
      for (const key of [
        "id",
        "name",
        "defaultSeverity",
        "shortDescription",
        "articles",
        "tags",
        "citation",
        "docUrl",
      ])
        assert.ok(key in m, `${String(m.id)}: keeps ${String(key)}`);
      assert.deepStrictEqual(m.decision, {
        reference: "CNIL SAN-2022-009",
        articles: [e.article],
        paragraphs: (m.decision as { paragraphs: string[] }).paragraphs,
      });
      assert.deepStrictEqual((m.ourReading as { articles: string[] }).articles, e.reading);
      assert.deepStrictEqual(m.articles, [e.article, ...e.reading]);
      assert.strictEqual(m.citation, e.citation);
    }
  });

  describe("SARIF", () => {
    const rules = sarifRun(scanOutput("sarif", [])).tool.driver.rules ?? [];
    for (const id of Object.keys(EXPECTED)) {
      const e = EXPECTED[id];
      it(`${id}: help text and tags keep the decision apart from our reading`, () => {
        const r = rules.find((x) => x.id === id)!;
        const help = r.help?.text ?? "";
        assert.ok(help.endsWith(`(${e.citation})`), help);
        const tags = r.properties?.tags ?? [];
        assert.deepStrictEqual(
          tags.filter((t) => t.startsWith("gdpr/")),
          [`gdpr/${SLUG[e.article]}`],
        );
        assert.deepStrictEqual(
          tags.filter((t) => t.startsWith("gdpr-reading/")),
          e.reading.map((a) => `gdpr-reading/${SLUG[a]}`),
        );
        for (const t of tags.filter((x) => x.startsWith("cnil-san-2022-009/p")))
          assert.ok(e.allowed.includes(Number(t.slice("cnil-san-2022-009/p".length))), t);
        assert.ok(tags.includes(`cnil-san-2022-009/p${e.finding}`));
        assert.ok(!tags.some((t) => /^GDPR Art\./.test(t)), "no mixed article tags");
      });
    }
  });

  describe("migration record: one header for md, html and json", () => {
    const rec: MigrationRecord = {
      generatedAt: "2024-01-01T00:00:00.000Z",
      tool: { name: "privacy-review", version: "0.0.0-test" },
      root: "example",
      header: recordHeader(),
      instructions: [],
      totals: {
        scripts: 1,
        findings: 1,
        byRule: { "no-delete-after-transfer": 1 },
        unencryptedSinks: 0,
        plaintextEndpoints: 0,
      },
      scripts: [
        {
          file: "a.ts",
          instructions: [],
          sources: [],
          sinks: [],
          endpoints: [],
          deletions: [],
          findings: [
            {
              line: 1,
              ruleId: "no-delete-after-transfer",
              severity: "warning",
              message: "kept",
              citation: EXPECTED["no-delete-after-transfer"].citation,
            },
          ],
        },
      ],
    };

    it("the header cites the decision's findings the record answers, with no reading mixed in", () => {
      assert.strictEqual(rec.header.citation, RECORD_CITATION);
      assertSplit(rec.header.citation, RECORD_ALLOWED, [], "record header");
      for (const text of [rec.header.summary, rec.header.basis])
        assert.ok(!/Art\. \d/.test(text) && !/§/.test(text), `header prose cites nothing by itself: ${text}`);
    });

    it("every record format (md, html, json, and any added later) shows the same header", () => {
      const names = [...RECORD_FORMATTERS.keys()];
      for (const name of ["md", "html", "json"]) assert.ok(names.includes(name), `has ${name}`);
      const htmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/'/g, "&#39;");
      for (const [name, formatter] of RECORD_FORMATTERS) {
        const out = formatter.format(rec);
        if (name === "json") {
          assert.deepStrictEqual(parseObject(out, "the JSON record").header, rec.header);
          continue;
        }
        const shown = name === "html" ? htmlEscape : (s: string) => s;
        for (const part of [rec.header.summary, rec.header.basis, RECORD_CITATION])
          assert.ok(out.includes(shown(part)), `${name}: ${part}`);
        const header = out.slice(0, out.indexOf(RECORD_CITATION) + RECORD_CITATION.length);
        assert.ok(!/Art\. 28\(3\)\(a\)|GDPR Art\./.test(header), `${name}: no older mixed header`);
        assert.ok(
          out.includes(`(${EXPECTED["no-delete-after-transfer"].citation})`),
          `${name}: finding citation`,
        );
      }
    });
  });
});
