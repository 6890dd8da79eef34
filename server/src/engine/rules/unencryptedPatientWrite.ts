/**
 * unencrypted-patient-write: personal data reaching a file, stream, upload or HTTP body without an
 * encryption step in between (citation: rules/unencrypted-patient-write/meta.json).
 */
import type { Category } from "../models/models";
import { ts } from "ts-morph";
import { isFunctionLike, returnExpressions, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { Flow, union } from "../flow/taint";
import { SinkModel, TransferModel } from "../models/models";
import { fileIndex } from "../resolve/fileIndex";
import { ApiRef, constString, lastCall } from "../resolve/values";
import { argumentAt, argumentsAt, conditionHolds } from "../models/arguments";
import { contentFlows, wordShown } from "../commands/commandFacts";
import { RuleContext, Rule } from "./context";
import { Channel, requestChannel } from "./requestChannel";
import { calleeText, FileWrite, pathKeys, resolvedPipelineStages } from "./facts";
import { commandWordKeys, describeFlows, localPathOf, startsWithMllpBlock } from "./shared";

const CATS_SINKS_PIPELINES_TRANSFERS: readonly Category[] = ["sinks", "pipelines", "transfers", "downloads"];
const TRANSFERS: readonly Category[] = ["transfers"];

export const ID = "unencrypted-patient-write";

const KIND_TEXT: Record<string, string> = {
  "file-write": "a file",
  upload: "an upload",
  http: "an HTTP request body",
  email: "an e-mail",
  socket: "a plain TCP socket",
  log: "a log file",
};

export const unencryptedPatientWrite: Rule = {
  id: ID,
  run(ctx: RuleContext): void {
    const done = new Set<ts.Node>();
    const report = (
      node: ts.Node,
      flows: Flow[],
      sink: string,
      what: string,
      extra: Array<{ node: ts.Node; message: string }> = [],
      atRest?: string,
      tail = "",
      writtenPath?: ts.Expression,
    ): void => {
      const concrete = flows.filter((f) => f.origin.kind === "src");
      if (!concrete.length || done.has(node)) return;
      done.add(node);
      const src = concrete[0].origin.kind === "src" ? concrete[0].origin.src : undefined;
      // One problem, one finding: the uploads of this file are part of this finding, not their own.
      const sent = atRest ? [] : uploadsOfWrite(ctx, node, writtenPath);
      if (sent.length)
        tail += `; the unencrypted file is then uploaded with ${[...new Set(sent.map((u) => u.name))].join(", ")}`;
      extra = [
        ...extra,
        ...sent.map((u) => ({ node: u.call, message: `the unencrypted file is uploaded here (${u.name})` })),
      ];
      ctx.report({
        ruleId: ID,
        node,
        // Server-side encryption: the provider encrypts what it stores and holds the keys; the
        // content still leaves the code readable, so it is a note, not a clean upload.
        level: atRest ? "note" : undefined,
        messageId: atRest ? "encryptedAtRestByProvider" : "unencryptedWrite",
        messageData: atRest
          ? { risk: describeFlows(concrete), sink, what, atRest }
          : { risk: describeFlows(concrete), sink, what, tail },
        related: [
          ...concrete.map((f) => ({
            node: (f.origin as { src: { node: ts.Node } }).src.node,
            message: "personal data comes from here",
          })),
          ...extra,
        ],
        flows: concrete,
        data: { sink, sourceKind: src?.kind },
      });
    };

    /** Modelled sinks (fs writes, uploads, HTTP bodies), on calls and on `new` expressions alike. */
    const modelledSinks = (call: ts.CallExpression | ts.NewExpression, refs: ApiRef[]): void => {
      for (const ref of refs) {
        for (const m of ctx.models.match<SinkModel>("sinks", ref)) {
          // Writing to /dev/null stores nothing.
          const target = m.pathArg !== undefined ? argumentAt(ctx.r, call, m.pathArg) : undefined;
          if (target && /^\/dev\/null$|^NUL$/.test(constString(ctx.r, target) ?? "")) continue;
          // A request body is data in transit: an unencrypted write only over plain http:// to a
          // host that is not loopback. Over TLS it is encrypted on the way; a URL the code does not
          // show is judged where it is written (plaintext-transfer).
          const channel: Channel | undefined = m.kind === "http" ? requestChannel(ctx, call, ref) : undefined;
          if (channel && channel !== "plain" && channel !== "storage") continue;
          const flows = ctx.taint.atSink(
            union(
              ...m.data.flatMap((d) => ctx.taint.argExprs(call, d).map((e) => ctx.taint.concreteFlows(e))),
            ),
            call,
            ctx.facts.sinkPath(call, m),
          );
          const atRest = (m.encryptedAtRest ?? []).find((c) => conditionHolds(ctx.r, call, c));
          report(
            call,
            m.kind === "socket" ? union(flows, framedMessages(ctx, call, m)) : flows,
            calleeText(call),
            m.kind === "http"
              ? "an HTTP request body sent over plain http://"
              : (KIND_TEXT[m.kind] ?? m.kind),
            [],
            atRest?.arg.split(".").pop(),
            "",
            m.kind === "file-write" ? ctx.facts.sinkPath(call, m) : undefined,
          );
        }
      }
    };

    for (const sf of ctx.files) {
      commandWrites(sf);
      const idx = fileIndex(sf);
      for (const made of idx.news) {
        if (!ctx.models.mayMatch(made, CATS_SINKS_PIPELINES_TRANSFERS, sf)) continue;
        const refs = ctx.r.apis(made);
        modelledSinks(made, refs);
        if (!done.has(made)) uploadedFiles(made, refs);
      }
      for (const call of idx.calls) {
        const callee = unwrap(call.expression);
        const streamMethod =
          ts.isPropertyAccessExpression(callee) && /^(write|end|pipe)$/.test(callee.name.text);
        if (!streamMethod && !ctx.models.mayMatch(call, CATS_SINKS_PIPELINES_TRANSFERS, sf)) continue;
        const refs = ctx.r.apis(call);
        modelledSinks(call, refs);
        // A remote file saved to a local path: the local copy holds what the remote held, in clear.
        const download = ctx.taint.downloads.site(call);
        if (download && !done.has(call) && ctx.taint.downloads.localArg(download))
          report(
            call,
            ctx.taint.downloads.contents(download),
            calleeText(call),
            "a local file, downloaded in clear",
          );
        if (done.has(call)) continue;
        // ws.write(x) / ws.end(x) on a file write stream.
        if (
          ts.isPropertyAccessExpression(callee) &&
          (callee.name.text === "write" || callee.name.text === "end") &&
          call.arguments[0] &&
          ctx.facts.isWriteStream(callee.expression)
        ) {
          const streamPath = ctx.facts.writeStreamPath(callee.expression);
          report(
            call,
            ctx.taint.atSink(ctx.taint.concreteFlows(call.arguments[0]), call, streamPath),
            calleeText(call),
            "a file stream",
            [],
            undefined,
            "",
            streamPath,
          );
          continue;
        }
        // ws.write(x) on an upload stream (a cloud object's write stream, an SFTP file, a request).
        if (
          ts.isPropertyAccessExpression(callee) &&
          (callee.name.text === "write" || callee.name.text === "end") &&
          call.arguments[0] &&
          ctx.facts.isUploadStream(callee.expression)
        ) {
          const what = madeStreamKind(ctx, callee.expression);
          if (what) report(call, ctx.taint.concreteFlows(call.arguments[0]), calleeText(call), what);
          continue;
        }
        // src.pipe(fileStream), src.pipe(uploadStream)
        if (ts.isPropertyAccessExpression(callee) && callee.name.text === "pipe" && call.arguments[0]) {
          const what = ctx.facts.isWriteStream(call.arguments[0])
            ? "a file stream"
            : ctx.facts.isUploadStream(call.arguments[0])
              ? "an upload stream"
              : undefined;
          if (what) {
            const flows = ctx.taint.concreteFlows(callee.expression);
            const streamPath = ctx.facts.writeStreamPath(call.arguments[0]);
            report(
              call,
              ctx.taint.atSink(flows, call, streamPath),
              "pipe",
              what,
              [],
              undefined,
              "",
              streamPath,
            );
            continue;
          }
        }
        // pipeline(src, ..., fileStream)
        if (refs.some((ref) => ctx.models.match("pipelines", ref).length)) {
          const stages = resolvedPipelineStages(call);
          let acc: Flow[] = [];
          for (let i = 0; i < stages.length; i++) {
            const s = stages[i];
            // A stage made by a local function (`destination(name)` returning a file, upload or
            // request stream chosen by configuration): each stream it may make is its own sink,
            // reported where it is created, with this pipeline as a related location.
            const made = i > 0 ? streamsMadeBy(ctx, s) : [];
            if (made.length) {
              for (const m of made) {
                const what = madeStreamKind(ctx, m);
                const madePath = ctx.facts.writeStreamPath(m);
                if (what)
                  report(
                    m,
                    madePath ? ctx.taint.atSink(acc, call, madePath) : acc,
                    calleeText(m),
                    what,
                    [{ node: call, message: "the data is piped into the stream here" }],
                    undefined,
                    "",
                    madePath,
                  );
              }
              break;
            }
            if (i > 0 && ctx.facts.isWriteStream(s)) {
              const streamPath = ctx.facts.writeStreamPath(s);
              report(
                call,
                ctx.taint.atSink(acc, call, streamPath),
                "pipeline",
                "a file stream",
                [],
                undefined,
                "",
                streamPath,
              );
              break;
            }
            if (i > 0 && ctx.facts.isUploadStream(s)) {
              report(call, acc, "pipeline", "an upload stream");
              break;
            }
            if (ctx.facts.isCipher(s)) {
              acc = [];
              continue;
            }
            if (isFunctionLike(unwrap(s)) && i > 0) continue;
            acc = union(acc, ctx.taint.concreteFlows(s));
          }
          if (done.has(call)) continue;
          // a pipeline ending in a stream we do not model is not judged here
        }
        uploadedFiles(call, refs);
      }
    }

    /**
     * Programs the code starts: a dump written to a file (through gzip or tar, which are not
     * encryption), and a local file written in clear that a transfer tool sends.
     */
    function commandWrites(sf: ts.SourceFile): void {
      for (const run of ctx.taint.commands.runsIn(sf)) {
        for (const w of run.effects.writes) {
          const flows = contentFlows(ctx.r, ctx.vocab, run, w.content, ctx.taint.plaintextWrittenTo);
          const via = w.content.via.filter((t) => t !== w.tool);
          const tail = w.content.weak
            ? `: it is protected only by ${w.tool}'s password option, and ${w.content.weak}`
            : via.length || w.content.via.length
              ? `; ${[...new Set(w.content.via)].join(" and ")} ${w.content.via.length > 1 ? "are" : "is"} not encryption`
              : "";
          const concrete = flows.filter((f) => f.origin.kind === "src");
          if (!concrete.length || done.has(run.site)) continue;
          done.add(run.site);
          const sent = uploadsOfWrite(ctx, run.site);
          const sentTail = sent.length
            ? `; the unencrypted file is then uploaded with ${[...new Set(sent.map((u) => u.name))].join(", ")}`
            : "";
          ctx.report({
            ruleId: ID,
            node: run.site,
            messageId: "unencryptedCommandWrite",
            messageData: {
              risk: describeFlows(concrete),
              file: wordShown(w.file),
              tool: w.tool,
              tail,
              uploaded: sentTail,
            },
            related: [
              ...concrete.map((f) => ({
                node: (f.origin as { src: { node: ts.Node } }).src.node,
                message: "personal data comes from here",
              })),
              ...sent.map((u) => ({
                node: u.call,
                message: `the unencrypted file is uploaded here (${u.name})`,
              })),
            ],
            flows: concrete,
            data: { sink: w.tool, sourceKind: "dump" },
          });
        }
        for (const t of run.effects.transfers) {
          const keys = commandWordKeys(ctx, t.local);
          const writes = ctx.facts
            .fileWrites()
            .filter((fw) => fw.keys.some((k) => keys.includes(k)) && fw.plaintext.length);
          if (!writes.length) continue;
          // In clear at the far end because it was written in clear: the finding at the write (every
          // write of personal data in clear has one) names this transfer as a related location.
          if (!t.encryptedAtRest) continue;
          report(
            run.site,
            union(...writes.map((fw) => fw.plaintext)),
            t.tool,
            t.objectStorage
              ? "an upload to object storage of a file written in clear"
              : "an upload of a file written in clear",
            writes.map((fw) => ({
              node: fw.call,
              message: `the file is written in clear here (${fw.sinkName})`,
            })),
            t.encryptedAtRest,
          );
        }
      }
    }

    /** Uploading a local file that the code wrote in clear. */
    function uploadedFiles(call: ts.CallExpression | ts.NewExpression, refs: ApiRef[]): void {
      for (const ref of refs) {
        for (const m of ctx.models.match<TransferModel>("transfers", ref)) {
          // File transfers only; an e-mail attachment path is judged by no-delete-after-transfer.
          const args = ctx.models.match<SinkModel>("sinks", ref).some((s) => s.kind === "email")
            ? []
            : argumentsAt(ctx.r, call, m.localPath);
          for (const arg of args) {
            const local = localPathOf(ctx, arg);
            if (!local) continue;
            const keys = pathKeys(ctx.r, local);
            const writes = ctx.facts
              .fileWrites()
              .filter((w) => w.keys.some((k) => keys.includes(k)) && w.plaintext.length);
            if (!writes.length) continue;
            const atRest = (m.encryptedAtRest ?? []).find((c) => conditionHolds(ctx.r, call, c));
            // In clear at the far end because it was written in clear: the finding at the write (every
            // write of personal data in clear has one) names this upload as a related location.
            if (!atRest) continue;
            report(
              call,
              union(...writes.map((w) => w.plaintext)),
              calleeText(call),
              "an upload of a file written in clear",
              writes.map((w) => ({
                node: w.call,
                message: `the file is written in clear here (${w.sinkName})`,
              })),
              atRest?.arg.split(".").pop(),
            );
          }
        }
      }
    }
  },
};

/** An upload of a local file that the code wrote in clear (a transfer's local path, a command's). */
interface UploadOfWrittenFile {
  call: ts.Node;
  name: string;
  writes: FileWrite[];
}

/**
 * Every upload in the workspace of a file written in clear, computed once per analysis: the
 * write's finding names them, and they get no finding of their own (one fix, encrypting the
 * content before it is written, removes both).
 */
function uploadsOfWrittenFiles(ctx: RuleContext): UploadOfWrittenFile[] {
  return ctx.facts.cached("unencrypted-patient-write:uploads-of-written-files", () => {
    const out: UploadOfWrittenFile[] = [];
    const writesAt = (keys: string[]): FileWrite[] =>
      ctx.facts.fileWrites().filter((w) => w.keys.some((k) => keys.includes(k)) && w.plaintext.length);
    for (const sf of ctx.r.ws.files()) {
      const idx = fileIndex(sf);
      for (const call of [...idx.calls, ...idx.news]) {
        if (!ctx.models.mayMatch(call, TRANSFERS, sf)) continue;
        for (const ref of ctx.r.apis(call)) {
          for (const m of ctx.models.match<TransferModel>("transfers", ref)) {
            if (ctx.models.match<SinkModel>("sinks", ref).some((s) => s.kind === "email")) continue;
            if ((m.encryptedAtRest ?? []).some((c) => conditionHolds(ctx.r, call, c))) continue;
            for (const arg of argumentsAt(ctx.r, call, m.localPath)) {
              const local = localPathOf(ctx, arg);
              const writes = local ? writesAt(pathKeys(ctx.r, local)) : [];
              if (writes.length) out.push({ call, name: calleeText(call), writes });
            }
          }
        }
      }
      for (const run of ctx.taint.commands.runsIn(sf))
        for (const t of run.effects.transfers) {
          if (t.encryptedAtRest) continue;
          const writes = writesAt(commandWordKeys(ctx, t.local));
          if (writes.length) out.push({ call: run.site, name: t.tool, writes });
        }
    }
    return out;
  });
}

/** The uploads that send the file a reported write (its call, or the stream path it writes) produced. */
function uploadsOfWrite(
  ctx: RuleContext,
  writeCall: ts.Node,
  writtenPath?: ts.Expression,
): UploadOfWrittenFile[] {
  const keys = writtenPath ? pathKeys(ctx.r, writtenPath) : [];
  return uploadsOfWrittenFiles(ctx).filter(
    (u) =>
      u.call !== writeCall &&
      u.writes.some((w) => w.call === writeCall || w.keys.some((k) => keys.includes(k))),
  );
}

/**
 * The file, upload and request streams a call to a local function may return (directly or
 * through a variable), when the stage is such a call: `this.createDestinationStream(name)`.
 */
function streamsMadeBy(ctx: RuleContext, stage: ts.Expression): ts.CallExpression[] {
  const u = unwrap(stage);
  if (!ts.isCallExpression(u)) return [];
  const out: ts.CallExpression[] = [];
  for (const v of ctx.r.values(u.expression)) {
    if (v.kind !== "node" || !isFunctionLike(v.node)) continue;
    for (const r of returnExpressions(v.node)) {
      let e = unwrap(r);
      if (ts.isIdentifier(e)) {
        const d = resolveIdentifier(e);
        if (!d || !ts.isVariableDeclaration(d) || !d.initializer) continue;
        e = unwrap(d.initializer);
      }
      if (ts.isCallExpression(e) && (ctx.facts.isWriteStream(e) || ctx.facts.isUploadStream(e))) out.push(e);
    }
  }
  return out;
}

/** What a created stream stores or sends, for the message; undefined for a request over TLS or loopback. */
function madeStreamKind(ctx: RuleContext, made: ts.Expression): string | undefined {
  if (ctx.facts.isWriteStream(made)) return "a file stream";
  for (const ref of ctx.r.apis(made)) {
    if (!ctx.models.match("uploadStreams", ref).length) continue;
    if (!ctx.models.match("requests", ref).length) return "an upload stream";
    const opened = lastCall(ref);
    return opened && requestChannel(ctx, opened, ref) === "plain"
      ? "an HTTP request body sent over plain http://"
      : undefined;
  }
  return undefined;
}

/**
 * A socket write framed as MLLP (`VT + message + FS + CR`, VT = 0x0b) sends an HL7 v2 message,
 * whatever the code calls it: HL7 v2 messages carry the patient's identity (PID), so the write is
 * personal data by its format.
 */
function framedMessages(ctx: RuleContext, call: ts.CallExpression | ts.NewExpression, m: SinkModel): Flow[] {
  if (insideTlsCallback(ctx, call)) return [];
  for (const d of m.data)
    for (const e of ctx.taint.argExprs(call, d))
      if (startsWithMllpBlock(ctx, e))
        return [
          {
            origin: {
              kind: "src",
              src: { node: e, kind: "format", atRisk: "HL7 v2 messages (MLLP framing)" },
            },
            steps: [],
          },
        ];
  return [];
}

/**
 * The write runs in the callback of a TLS connection (`tls.connect(port, options, () => sock.write(…))`):
 * a variable that also holds a plain socket on another branch is the TLS one here.
 */
function insideTlsCallback(ctx: RuleContext, n: ts.Node): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (!isFunctionLike(p)) continue;
    const host = p.parent;
    if (host && ts.isCallExpression(host) && host.arguments.includes(p as ts.Expression))
      if (
        ctx.r
          .apis(host)
          .some((ref) => ref.module === "tls" && ref.steps.filter((st) => st.k === "c").length === 1)
      )
        return true;
  }
  return false;
}
