/**
 * One problem, one finding: an extract written in clear and then uploaded is one
 * unencrypted-patient-write finding at the write, with the upload as a related location. The
 * bundled example has three such extracts (lab B's export), each sent with basic-ftp's uploadFrom.
 */
import * as assert from "assert";
import * as path from "path";
import { REPO } from "../util/paths";
import { runCli } from "../util/cli";

const EXAMPLE = path.join(REPO, "examples", "lab-migration");

interface Located {
  file: string;
  line: number;
  message: string;
}
interface JsonFinding extends Located {
  ruleId: string;
  related: Located[];
}

describe("CLI: one finding for a write in clear and its upload", function () {
  this.timeout(120_000);

  it("reports each extract at its write, names the upload, and reports nothing at the upload", () => {
    const r = runCli(["scan", EXAMPLE, "--format", "json", "--fail-on", "none"]);
    assert.strictEqual(r.code, 0, r.err);
    const findings = (JSON.parse(r.out) as { findings: JsonFinding[] }).findings.filter(
      (f) => f.ruleId === "unencrypted-patient-write",
    );
    const exportFile = "src/migrations/lab-b/export.ts";
    assert.deepStrictEqual(
      findings.map((f) => ({
        at: `${f.file}:${f.line}`,
        uploads: f.related.filter((x) => /uploaded here/.test(x.message)).map((x) => `${x.file}:${x.line}`),
        message: / the unencrypted file is then uploaded with (pub|priv)\.uploadFrom$/.test(f.message),
      })),
      [
        { at: `${exportFile}:25`, uploads: [`${exportFile}:32`], message: true },
        { at: `${exportFile}:26`, uploads: [`${exportFile}:33`], message: true },
        { at: `${exportFile}:27`, uploads: [`${exportFile}:40`], message: true },
      ],
    );
  });
});
