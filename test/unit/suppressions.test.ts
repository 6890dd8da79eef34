import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeProject } from "privacy-review";

function scan(code: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-supp-"));
  fs.writeFileSync(path.join(dir, "x.ts"), code);
  try {
    return analyzeProject({ root: dir, config: {} });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const BAD = `const url = "ftp://ftp.partner.example/in";`;

describe("suppression comments", () => {
  it("hides a finding on the next line when a reason is given, and keeps the reason", () => {
    const r = scan(
      `// privacy-review-disable-next-line plaintext-transfer -- partner only offers FTP, tunnel via VPN\n${BAD}`,
    );
    const f = r.findings.find((x) => x.ruleId === "plaintext-transfer");
    assert.ok(f && f.suppression);
    assert.strictEqual(f.suppression.justification, "partner only offers FTP, tunnel via VPN");
  });
  it("supports disable-line and several ids", () => {
    const r = scan(
      `${BAD} // privacy-review-disable-line hardcoded-credentials, plaintext-transfer -- test server`,
    );
    assert.ok(r.findings.every((x) => x.suppression));
  });
  it("does not apply without a reason, and says so", () => {
    const r = scan(`// privacy-review-disable-next-line plaintext-transfer\n${BAD}`);
    assert.ok(r.findings.some((x) => x.ruleId === "plaintext-transfer" && !x.suppression));
    assert.ok(r.notices.some((n) => /reason is required/.test(n.message)));
  });
  it("reports unknown rule ids in a directive", () => {
    const r = scan(`// privacy-review-disable-next-line plain-transfer -- typo\n${BAD}`);
    assert.ok(r.notices.some((n) => /unknown rule id "plain-transfer"/.test(n.message)));
    assert.ok(r.findings.some((x) => !x.suppression));
  });
  it("ignores directive-like text inside strings", () => {
    const r = scan(`const s = "// privacy-review-disable-next-line plaintext-transfer -- no";\n${BAD}`);
    assert.ok(r.findings.some((x) => x.ruleId === "plaintext-transfer" && !x.suppression));
  });
});

describe("suppression reasons that are placeholders", () => {
  for (const placeholder of [
    "<reason>",
    "TODO",
    "todo: explain",
    "FIXME",
    "reason",
    "...",
    "…",
    "<why>",
    '""',
  ]) {
    it(`"${placeholder}" is not a reason: the finding stays, with a note saying why`, () => {
      const r = scan(`// privacy-review-disable-next-line plaintext-transfer -- ${placeholder}\n${BAD}`);
      assert.ok(
        r.findings.some((x) => x.ruleId === "plaintext-transfer" && !x.suppression),
        "the finding is not suppressed",
      );
      const note = r.notices.find((n) => /suppression of plaintext-transfer ignored/.test(n.message));
      assert.ok(note, JSON.stringify(r.notices));
      assert.match(note.message, /placeholder, not a reason|a reason is required/);
      assert.strictEqual(note.line, 0, "the note is on the directive's line");
    });
  }
  it("an empty reason after -- is not a reason", () => {
    const r = scan(`// privacy-review-disable-next-line plaintext-transfer --   \n${BAD}`);
    assert.ok(r.findings.some((x) => x.ruleId === "plaintext-transfer" && !x.suppression));
  });
  it("a real reason that mentions a word like 'reason' still counts", () => {
    const r = scan(
      `// privacy-review-disable-next-line plaintext-transfer -- the reason: partner only offers FTP inside the VPN\n${BAD}`,
    );
    assert.ok(r.findings.every((x) => x.ruleId !== "plaintext-transfer" || x.suppression));
  });
});

describe("stacked suppression directives", () => {
  it("two next-line directives above one line each suppress their own rule", () => {
    const code = [
      `// privacy-review-disable-next-line plaintext-transfer -- partner VPN only`,
      `// privacy-review-disable-next-line hardcoded-credentials -- public test account of the partner`,
      `const url = "ftp://bot:Secr3t-pass@ftp.partner.example/in";`,
    ].join("\n");
    const r = scan(code);
    const onLine = r.findings.filter((x) => x.location.start.line === 2);
    assert.ok(onLine.length >= 2, JSON.stringify(r.findings.map((x) => x.ruleId)));
    assert.deepStrictEqual(
      onLine.filter((x) => !x.suppression).map((x) => x.ruleId),
      [],
    );
    assert.deepStrictEqual(onLine.map((x) => x.suppression?.justification).sort(), [
      "partner VPN only",
      "public test account of the partner",
    ]);
  });
  it("a placeholder directive in the stack does not shift the others", () => {
    const code = [
      `// privacy-review-disable-next-line hardcoded-credentials -- <reason>`,
      `// privacy-review-disable-next-line plaintext-transfer -- partner VPN only`,
      `const url = "ftp://bot:Secr3t-pass@ftp.partner.example/in";`,
    ].join("\n");
    const r = scan(code);
    assert.ok(r.findings.some((x) => x.ruleId === "plaintext-transfer" && x.suppression));
    assert.ok(r.findings.some((x) => x.ruleId === "hardcoded-credentials" && !x.suppression));
  });
});
