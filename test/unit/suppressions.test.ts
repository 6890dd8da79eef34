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
