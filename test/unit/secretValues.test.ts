import * as assert from "assert";
import {
  isPlaceholder,
  isSecretLiteral,
  namesTheProperty,
  shannonEntropy,
} from "privacy-review/internal/engine/classify/secretValues";
import { isCatalogueName, loadVocabulary } from "privacy-review/internal/engine/classify/vocabulary";
import { RULES } from "../util/paths";

describe("secret values (hardcoded-credentials)", () => {
  it("takes placeholders and stop-word values for stand-ins", () => {
    for (const v of [
      "",
      "password",
      "changeme",
      "secret",
      "xxx",
      "***",
      "<password>",
      "${DB_PASSWORD}",
      "YOUR_PASSWORD",
      "rootpassword",
      "testpassword",
      "my-secret-here",
      "YourStrong!Passw0rd",
      "{{ secrets.db }}",
    ])
      assert.strictEqual(isPlaceholder(v), true, v);
  });
  it("keeps values someone chose as secrets", () => {
    for (const v of [
      "Labo2019",
      "Tr4nsfer!2024",
      "admin",
      "lab-secret",
      "104753014",
      "this-is-our-big-secret",
    ])
      assert.strictEqual(isPlaceholder(v), false, v);
  });
  it("recognises field-name maps", () => {
    assert.strictEqual(namesTheProperty("password", "sshPassword"), true);
    assert.strictEqual(namesTheProperty("privateKey", "sshPrivateKey"), true);
    assert.strictEqual(namesTheProperty("password", "Labo2019"), false);
    assert.strictEqual(namesTheProperty("password", "ssh Password!"), false);
  });
  it("judges machine tokens by entropy, passwords by stop words only", () => {
    assert.ok(shannonEntropy("aaaa") === 0);
    assert.ok(shannonEntropy("9f8Kq2LmZx7RtVw4NpYc") > 4);
    assert.strictEqual(isSecretLiteral("aaaa-bbbb", "token"), false);
    assert.strictEqual(isSecretLiteral("9f8Kq2LmZx7RtVw4NpYc", "token"), true);
    assert.strictEqual(isSecretLiteral("aaaa-bbbb", "password"), true);
  });
});

describe("catalogue names (vocabulary)", () => {
  const v = loadVocabulary(RULES);
  it("never takes the database's own catalogue for personal tables", () => {
    for (const n of [
      "user_tables",
      "USER_VIEWS",
      "pg_user",
      "information_schema.columns",
      "sys.tables",
      "mysql.user",
      "V$SESSION",
      "sqlite_master",
    ]) {
      assert.strictEqual(isCatalogueName(n), true, n);
      assert.strictEqual(v.isPersonalTable(n), false, n);
    }
  });
  it("still takes tables about users for personal tables", () => {
    for (const n of ["users", "user_accounts", "user_profiles", "public.users"]) {
      assert.strictEqual(isCatalogueName(n), false, n);
      assert.strictEqual(v.isPersonalTable(n), true, n);
    }
  });
});
