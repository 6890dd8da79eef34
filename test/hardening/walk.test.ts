/**
 * The file walk on hostile trees (issue 15): named pipes under source, ignore and config names
 * never block the scan (each is a notice naming it), symbolic links are not followed out of the
 * scanned folder unless `--follow-symlinks`, links to `/` or `..` are loops, unreadable files are
 * listed. Each run has a time limit: a hang fails the test instead of blocking the suite.
 */
import * as assert from "assert";
import { parseScanJson } from "../util/outputs";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
  asUnprivilegedUser,
  skipUnlessUnprivilegedUserCanRun,
  FTP_ERROR,
  projectJanitor,
  runCli,
} from "../util/cli";

const LIMIT = { timeout: 30_000 };
const OUTSIDE_FINDING = `export const OUT = "ftp://outside.example/in";\n`;

function mkfifo(file: string): void {
  execFileSync("mkfifo", [file]);
}

describe("hardening: file walk", function () {
  this.timeout(120_000);
  const projects = projectJanitor();
  after(projects.clean);

  for (const name of ["sub/.gitignore", ".gitignore", "tsconfig.json", "pipe.ts"]) {
    it(`a named pipe as ${name} is a notice; the scan ends and reports the other file`, () => {
      const dir = projects.make({ "neighbour.ts": FTP_ERROR, "sub/ok.ts": "export const a = 1;\n" });
      mkfifo(path.join(dir, name));
      const r = runCli(["scan", ".", "--no-progress"], dir, LIMIT);
      assert.notStrictEqual(r.code, null, "the scan ended");
      assert.strictEqual(r.code, 1, r.out + r.err);
      assert.match(r.out, /neighbour\.ts[\s\S]*plaintext-transfer/);
      assert.match(r.out + r.err, new RegExp(`${name.replace(".", "\\.")}: .*named pipe`));
    });
  }

  it("a named pipe as privacy-review.json is a config error naming it (exit 2), not a hang", () => {
    const dir = projects.make({ "neighbour.ts": FTP_ERROR });
    mkfifo(path.join(dir, "privacy-review.json"));
    const r = runCli(["scan", ".", "--no-progress"], dir, LIMIT);
    assert.strictEqual(r.code, 2, r.out + r.err);
    assert.match(r.err, /privacy-review\.json: .*named pipe/);
    assert.strictEqual(r.err.trim().split("\n").length, 1, r.err);
  });

  it("a named pipe named on the command line is refused, not opened", () => {
    const dir = projects.make({ "neighbour.ts": FTP_ERROR });
    mkfifo(path.join(dir, "given.ts"));
    const r = runCli(["scan", "given.ts", "neighbour.ts", "--no-progress"], dir, LIMIT);
    assert.strictEqual(r.code, 2, r.out + r.err);
    assert.match(r.err, /given\.ts.*named pipe/);
  });

  it("symbolic links out of the folder, to `..` and to `/` are skipped with notices; links inside are read", () => {
    const outside = projects.make({ "o.ts": OUTSIDE_FINDING });
    const dir = projects.make({ "neighbour.ts": FTP_ERROR, "sub/x.ts": "export const x = 1;\n" });
    fs.symlinkSync(outside, path.join(dir, "outlink"));
    fs.symlinkSync(path.join(outside, "o.ts"), path.join(dir, "outfile.ts"));
    fs.symlinkSync("..", path.join(dir, "up"));
    fs.symlinkSync("/", path.join(dir, "root"));
    fs.symlinkSync("..", path.join(dir, "sub", "loop"));
    fs.symlinkSync("/etc/passwd", path.join(dir, "passwd.ts"));
    fs.symlinkSync("sub", path.join(dir, "inside"));
    const r = runCli(["scan", ".", "--format", "json", "--no-progress"], dir, LIMIT);
    assert.strictEqual(r.code, 1, r.err);
    const json = parseScanJson(r.out);
    const text = JSON.stringify(json);
    assert.ok(!text.includes("outside.example"), "nothing read from outside the folder");
    assert.ok(
      json.findings.some((f) => f.file === "neighbour.ts"),
      text,
    );
    const noticeFor = (name: string): string => json.notices.find((n) => n.file === name)?.message ?? "";
    assert.match(noticeFor("outlink"), /outside the scanned folder.*--follow-symlinks/);
    assert.match(noticeFor("outfile.ts"), /outside the scanned folder/);
    assert.match(noticeFor("passwd.ts"), /outside the scanned folder/);
    assert.match(noticeFor("up"), /loop/);
    assert.match(noticeFor("root"), /loop/);
    // sub/loop leads back to the scanned folder: read once, not again through the link.
    assert.ok(!text.includes("sub/loop/neighbour.ts"), text);
    assert.strictEqual(noticeFor("inside"), "", "a link inside the folder is not a notice");
  });

  it("--follow-symlinks reads a linked folder outside, and still stops at loops", () => {
    const outside = projects.make({ "o.ts": OUTSIDE_FINDING });
    const dir = projects.make({ "neighbour.ts": FTP_ERROR });
    fs.symlinkSync(outside, path.join(dir, "outlink"));
    fs.symlinkSync("/", path.join(dir, "root"));
    const r = runCli(["scan", ".", "--follow-symlinks", "--no-progress"], dir, LIMIT);
    assert.strictEqual(r.code, 1, r.err);
    assert.match(r.out, /outlink\/o\.ts[\s\S]*plaintext-transfer/);
    assert.match(r.out, /root: skipped: .*loop/);
  });

  it("an unreadable file is listed by name; the others are reported", function () {
    skipUnlessUnprivilegedUserCanRun(this);
    const dir = projects.make({ "neighbour.ts": FTP_ERROR, "locked.ts": FTP_ERROR });
    fs.chmodSync(path.join(dir, "locked.ts"), 0o000);
    const r = runCli(["scan", ".", "--no-progress"], dir, { ...LIMIT, ...asUnprivilegedUser() });
    assert.strictEqual(r.code, 1, r.out + r.err);
    assert.match(r.out, /neighbour\.ts[\s\S]*plaintext-transfer/);
    assert.match(r.out + r.err, /locked\.ts: cannot read: permission denied/);
  });
});
