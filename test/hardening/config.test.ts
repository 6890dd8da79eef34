/**
 * Hostile configurations (issue 15): deeply nested, huge, or with an encryptor name or module that
 * would be compiled into a pattern or written into fixed code. Each is one line naming the file.
 */
import * as assert from "assert";
import { FTP_ERROR, projectJanitor, runCli } from "../util/cli";

describe("hardening: configurations", function () {
  this.timeout(120_000);
  const projects = projectJanitor();
  after(projects.clean);

  function configError(config: string): string {
    const dir = projects.make({ "privacy-review.json": config, "neighbour.ts": FTP_ERROR });
    const r = runCli(["scan", ".", "--no-progress"], dir, { timeout: 60_000 });
    assert.strictEqual(r.code, 2, r.out + r.err);
    assert.doesNotMatch(r.err, /internal error|Maximum call stack/);
    assert.strictEqual(r.err.trim().split("\n").length, 1, r.err);
    assert.match(r.err, /privacy-review\.json/);
    return r.err;
  }

  it("a config nested 6,000 levels deep is a config error naming the file and the place", () => {
    const err = configError(`{"x":`.repeat(6000) + "1" + "}".repeat(6000));
    assert.match(err, /privacy-review\.json:1:\d+: nested more than 64 levels deep/);
  });

  it("a 5 MiB config is refused with one line", () => {
    const err = configError(`{"tests": ["${"a".repeat(5 * 1024 * 1024)}"]}`);
    assert.match(err, /MiB a configuration may have/);
  });

  it("an encryptor name that is a pattern or code is refused by the schema", () => {
    assert.match(configError(`{"fix":{"encryptor":{"name":"(a+)+$"}}}`), /fix\.encryptor\.name/);
    assert.match(configError(`{"fix":{"encryptor":{"name":"enc(); process.exit"}}}`), /fix\.encryptor\.name/);
    assert.match(
      configError(`{"fix":{"encryptor":{"name":"enc","module":"x\\";require('child_process')//"}}}`),
      /fix\.encryptor\.module/,
    );
  });

  it("a user model pattern with nested repetition, or that does not compile, is refused", () => {
    const model = (pattern: string): string =>
      JSON.stringify({
        models: {
          add: [
            {
              modules: ["acme-ftp"],
              sinks: [
                {
                  path: ".send()",
                  kind: "upload",
                  data: ["0"],
                  when: [{ arg: "1", matches: pattern }],
                },
              ],
            },
          ],
        },
      });
    for (const pattern of ["(a+)+$", "([a-z]*)*x", "(unclosed"]) {
      const err = configError(model(pattern));
      assert.match(err, /models\.add\.0\.sinks\.0\.when\.0\.matches/, err);
      assert.match(err, /not a usable regular expression/, err);
    }
  });

  it("a user model pattern of ordinary shape is accepted: the scan runs and reports", () => {
    const config = {
      models: {
        add: [
          {
            modules: ["acme-ftp"],
            sinks: [{ path: ".send()", kind: "upload", data: ["0"], when: [{ arg: "1", matches: "^ftp:" }] }],
          },
        ],
      },
    };
    const dir = projects.make({ "privacy-review.json": JSON.stringify(config), "neighbour.ts": FTP_ERROR });
    const r = runCli(["scan", ".", "--no-progress"], dir, { timeout: 60_000 });
    assert.strictEqual(r.code, 1, r.err);
    assert.match(r.out, /plaintext-transfer/);
  });

  it("a valid encryptor name and module are accepted", () => {
    const dir = projects.make({
      "privacy-review.json": `{"fix":{"encryptor":{"name":"encryptForExport","module":"@acme/crypto/export"}}}`,
      "neighbour.ts": FTP_ERROR,
    });
    const r = runCli(["scan", ".", "--no-progress"], dir, { timeout: 60_000 });
    assert.strictEqual(r.code, 1, r.err);
    assert.match(r.out, /plaintext-transfer/);
  });
});
