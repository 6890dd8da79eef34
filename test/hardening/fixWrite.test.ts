/**
 * `scan --fix` on hostile files (issue 15): only files actually written count as fixed; a file
 * changed since it was read, read-only, linked out of the folder, hard-linked or not valid UTF-8 is
 * left byte for byte as it was, named in a notice, and the run exits 1 with its problem still listed.
 * Written files keep their encoding, byte order mark, line endings and mode; no temp file is left.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { analyzeProject } from "privacy-review";
import { applySafeFixes } from "privacy-review/internal/engine/fixes/applyFixes";
import { writeFixes } from "privacy-review/internal/cli/writeFixes";
import { asUnprivilegedUser, skipUnlessUnprivilegedUserCanRun, projectJanitor, runCli } from "../util/cli";

const FTP = `export const DROP = "ftp://ftp.partner.example/in"; // Créé\n`;
const FIXED = /sftp:\/\/ftp\.partner\.example\/in|ftps:\/\//;

function fix(dir: string, extra = {}) {
  return runCli(["scan", ".", "--fix", "--no-progress"], dir, { timeout: 60_000, ...extra });
}

describe("hardening: --fix writes", function () {
  this.timeout(120_000);
  const projects = projectJanitor();
  after(projects.clean);

  it("a plain UTF-8 file is fixed, keeps its mode, and no temp file is left", () => {
    const dir = projects.make({ "a.ts": FTP });
    fs.chmodSync(path.join(dir, "a.ts"), 0o640);
    const r = fix(dir);
    assert.match(r.err, /fixed 1 problem\(s\) in 1 file\(s\)/, r.err);
    const text = fs.readFileSync(path.join(dir, "a.ts"), "utf8");
    assert.match(text, FIXED);
    assert.match(text, /Créé/);
    assert.strictEqual(fs.statSync(path.join(dir, "a.ts")).mode & 0o777, 0o640);
    assert.deepStrictEqual(fs.readdirSync(dir), ["a.ts"]);
  });

  it("UTF-16 (LE and BE) and UTF-8 with BOM are written back in their encoding, with their mark", () => {
    const dir = projects.make({
      "le.ts": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FTP, "utf16le")]),
      "be.ts": Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(FTP, "utf16le").swap16()]),
      "bom.ts": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FTP, "utf8")]),
    });
    const r = fix(dir);
    assert.match(r.err, /in 3 file\(s\)/, r.out + r.err);
    const le = fs.readFileSync(path.join(dir, "le.ts"));
    assert.deepStrictEqual([...le.subarray(0, 2)], [0xff, 0xfe]);
    assert.match(le.subarray(2).toString("utf16le"), FIXED);
    assert.match(le.subarray(2).toString("utf16le"), /Créé/);
    const be = fs.readFileSync(path.join(dir, "be.ts"));
    assert.deepStrictEqual([...be.subarray(0, 2)], [0xfe, 0xff]);
    assert.match(Buffer.from(be.subarray(2)).swap16().toString("utf16le"), FIXED);
    const bom = fs.readFileSync(path.join(dir, "bom.ts"));
    assert.deepStrictEqual([...bom.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.strictEqual(bom.indexOf(Buffer.from([0xef, 0xbb, 0xbf]), 1), -1, "one mark, not two");
  });

  it("CRLF files keep CRLF line endings, including lines the fix adds", () => {
    const src = `import { Client } from "basic-ftp";\r\nexport async function send() {\r\n  const c = new Client();\r\n  await c.access({ host: "ftp.partner.example", user: "u", password: process.env.P });\r\n  await c.uploadFrom("/tmp/patients.csv", "in/patients.csv");\r\n}\r\n`;
    const dir = projects.make({ "crlf.ts": src });
    const r = fix(dir);
    const after = fs.readFileSync(path.join(dir, "crlf.ts"), "utf8");
    assert.notStrictEqual(after, src, r.out + r.err);
    assert.doesNotMatch(after, /[^\r]\n/, "no bare LF");
  });

  it("a Latin-1 file is not rewritten (it would lose its letters): a notice, exit 1, bytes unchanged", () => {
    const latin1 = Buffer.from(FTP, "latin1");
    const dir = projects.make({ "latin1.ts": latin1 });
    const r = fix(dir);
    assert.strictEqual(r.code, 1, r.out + r.err);
    assert.match(r.out + r.err, /latin1\.ts: not fixed: the file is not valid UTF-8/);
    assert.match(r.err, /fixed 0 problem\(s\) in 0 file\(s\)/);
    assert.match(r.out, /plaintext-transfer/, "the problem is still reported");
    assert.ok(fs.readFileSync(path.join(dir, "latin1.ts")).equals(latin1));
  });

  it("a read-only file is reported as not fixed and left alone", function () {
    skipUnlessUnprivilegedUserCanRun(this);
    const dir = projects.make({ "ro.ts": FTP });
    fs.chmodSync(path.join(dir, "ro.ts"), 0o444);
    const r = fix(dir, asUnprivilegedUser());
    assert.strictEqual(r.code, 1, r.out + r.err);
    assert.match(r.out + r.err, /ro\.ts: not fixed: the file is read-only/);
    assert.doesNotMatch(r.out + r.err, /no problems found/);
    assert.strictEqual(fs.readFileSync(path.join(dir, "ro.ts"), "utf8"), FTP);
  });

  it("a link to a file outside the folder is not written through; a link inside writes its target", () => {
    const outside = projects.make({ "o.ts": FTP });
    const dir = projects.make({ "real/in.ts": FTP });
    fs.symlinkSync(path.join(outside, "o.ts"), path.join(dir, "out.ts"));
    fs.symlinkSync("real/in.ts", path.join(dir, "in-link.ts"));
    // --follow-symlinks makes the outside file part of the scan; --fix still never writes outside.
    const r = runCli(["scan", ".", "--fix", "--follow-symlinks", "--no-progress"], dir, { timeout: 60_000 });
    assert.match(r.out + r.err, /out\.ts: not fixed: a symbolic link to a file outside the scanned folder/);
    assert.strictEqual(fs.readFileSync(path.join(outside, "o.ts"), "utf8"), FTP);
    assert.ok(fs.lstatSync(path.join(dir, "in-link.ts")).isSymbolicLink(), "the link stays a link");
    assert.match(fs.readFileSync(path.join(dir, "real/in.ts"), "utf8"), FIXED);
  });

  it("a hard-linked file is not split by a rewrite: notice, left alone", () => {
    const dir = projects.make({ "h.ts": FTP });
    fs.linkSync(path.join(dir, "h.ts"), path.join(dir, "h2.js"));
    const r = fix(dir);
    assert.match(r.out + r.err, /h\.ts: not fixed: the file has 2 hard links/);
    assert.strictEqual(fs.readFileSync(path.join(dir, "h.ts"), "utf8"), FTP);
  });

  it("a file changed on disk after it was read is not overwritten and not counted", () => {
    const dir = projects.make({ "a.ts": FTP, "b.ts": FTP });
    const res = analyzeProject({ root: dir });
    const run = applySafeFixes(res.analyzer, res.findings);
    assert.strictEqual(run.changed.size, 2);
    const edited = `// edited meanwhile\n${FTP}`;
    fs.writeFileSync(path.join(dir, "a.ts"), edited);
    const writes = writeFixes(run.changed, res.analyzer.ws);
    assert.deepStrictEqual(
      [...writes.written].map((f) => path.basename(f)),
      ["b.ts"],
    );
    assert.strictEqual(writes.notices.length, 1);
    assert.match(writes.notices[0].message, /changed on disk since it was read/);
    assert.strictEqual(writes.notices[0].level, "error");
    assert.strictEqual(fs.readFileSync(path.join(dir, "a.ts"), "utf8"), edited);
    assert.match(fs.readFileSync(path.join(dir, "b.ts"), "utf8"), FIXED);
  });

  it("a temp file left by a killed run is removed by the next write", () => {
    const dir = projects.make({ "a.ts": FTP });
    // pid 2^22+1 is above Linux's pid_max default range: no such process.
    const stale = path.join(dir, `.a.ts.privacy-review-4194305.tmp`);
    fs.writeFileSync(stale, "half a file");
    fix(dir);
    assert.deepStrictEqual(fs.readdirSync(dir), ["a.ts"]);
  });
});
