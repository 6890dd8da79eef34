/**
 * semgrep-style annotations in fixture files: a `// ruleid: <id>` or `// ok: <id>` comment applies
 * to the next line that is not itself an annotation (several may stack). A `ruleid:` line may name
 * the message the finding must carry, as typescript-eslint's `errors: [{ messageId }]`:
 * `// ruleid: plaintext-transfer messageId=ftpEndpoint`.
 */
import * as fs from "fs";

export interface Expectation {
  file: string;
  line: number;
  ruleId: string;
  kind: "ruleid" | "ok";
  /** The message id the finding must have (`messageId=<id>` on a `ruleid:` line). */
  messageId?: string;
}

const ANNOTATION =
  /^\s*(?:\/\/|\/\*|\*|#|--)\s*(ruleid|ok|todoruleid|todook)\s*:\s*([\w-]+(?:\s*,\s*[\w-]+)*)(?:\s+messageId=(\w+))?/;

export function readExpectations(file: string): Expectation[] {
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
  const out: Expectation[] = [];
  let pending: Array<{ kind: "ruleid" | "ok"; ids: string[]; messageId?: string }> = [];
  lines.forEach((text, i) => {
    const m = ANNOTATION.exec(text);
    if (m) {
      if (m[1] === "ruleid" || m[1] === "ok")
        pending.push({ kind: m[1], ids: m[2].split(/\s*,\s*/), messageId: m[3] });
      return;
    }
    if (!pending.length) return;
    if (!text.trim()) return;
    for (const p of pending)
      for (const id of p.ids)
        out.push({
          file,
          line: i,
          ruleId: id,
          kind: p.kind,
          ...(p.messageId ? { messageId: p.messageId } : {}),
        });
    pending = [];
  });
  return out;
}

export interface Comparison {
  truePositives: Array<{ file: string; line: number; ruleId: string }>;
  falsePositives: Array<{ file: string; line: number; ruleId: string; message: string; markedOk: boolean }>;
  falseNegatives: Array<{ file: string; line: number; ruleId: string }>;
  /** `ruleid:` lines with a `messageId=` whose line was reported, but with no finding of that id. */
  wrongMessages: Array<{ file: string; line: number; ruleId: string; want: string; got: string[] }>;
}

/** Compare findings (0-based lines) with the expectations of the given files. */
export function compare(
  files: string[],
  findings: Array<{ ruleId: string; file: string; line: number; message: string; messageId?: string }>,
  rules?: Set<string>,
): Comparison {
  const exp = files.flatMap(readExpectations).filter((e) => !rules || rules.has(e.ruleId));
  const want = new Set(exp.filter((e) => e.kind === "ruleid").map((e) => `${e.file}|${e.line}|${e.ruleId}`));
  const ok = new Set(exp.filter((e) => e.kind === "ok").map((e) => `${e.file}|${e.line}|${e.ruleId}`));
  const got = new Set<string>();
  const res: Comparison = { truePositives: [], falsePositives: [], falseNegatives: [], wrongMessages: [] };
  const messageIds = new Map<string, string[]>();
  for (const f of findings) {
    if (rules && !rules.has(f.ruleId)) continue;
    const k = `${f.file}|${f.line}|${f.ruleId}`;
    if (f.messageId) messageIds.set(k, [...(messageIds.get(k) ?? []), f.messageId]);
    if (got.has(k)) continue;
    got.add(k);
    if (want.has(k)) res.truePositives.push(f);
    else res.falsePositives.push({ ...f, markedOk: ok.has(k) });
  }
  for (const e of exp) {
    if (e.kind !== "ruleid") continue;
    const k = `${e.file}|${e.line}|${e.ruleId}`;
    if (!got.has(k)) res.falseNegatives.push(e);
    else if (e.messageId && !(messageIds.get(k) ?? []).includes(e.messageId))
      res.wrongMessages.push({ ...e, want: e.messageId, got: messageIds.get(k) ?? [] });
  }
  return res;
}
