/**
 * The tool never opens a network connection and never starts a process while scanning, reporting
 * or serving: every such entry point of Node is intercepted in this process while the engine, the
 * record builder and a language-server session run over the corpus and the example.
 */
import * as assert from "assert";
import * as path from "path";
import { analyzeProject } from "privacy-review";
import { buildRecord } from "privacy-review/internal/engine/report/record";
import { Session } from "privacy-review/internal/lsp/session";
import { REPO } from "../util/paths";

// `import x = require()`, not `import * as`: the traps must replace the modules' own exports.
import childProcess = require("child_process");
import dgram = require("dgram");
import dns = require("dns");
import http = require("http");
import https = require("https");
import net = require("net");
import tls = require("tls");
import workerThreads = require("worker_threads");

const modules: Record<string, object> = {
  net,
  tls,
  http,
  https,
  dns,
  dgram,
  child_process: childProcess,
  worker_threads: workerThreads,
};

const TRAPS: Array<[string, string]> = [
  ["net", "connect"],
  ["net", "createConnection"],
  ["tls", "connect"],
  ["http", "request"],
  ["http", "get"],
  ["https", "request"],
  ["https", "get"],
  ["dns", "lookup"],
  ["dns", "resolve"],
  ["dgram", "createSocket"],
  ["child_process", "spawn"],
  ["child_process", "spawnSync"],
  ["child_process", "exec"],
  ["child_process", "execSync"],
  ["child_process", "execFile"],
  ["child_process", "execFileSync"],
  ["child_process", "fork"],
];

describe("safety: no network, no process", function () {
  this.timeout(120_000);
  const calls: string[] = [];
  const saved: Array<[object, string, unknown]> = [];
  let savedFetch: unknown;
  let savedConnect: unknown;

  before(() => {
    for (const [m, fn] of TRAPS) {
      const mod = modules[m];
      saved.push([mod, fn, Reflect.get(mod, fn)]);
      Reflect.set(mod, fn, (..._args: unknown[]) => {
        calls.push(`${m}.${fn}`);
        throw new Error(`${m}.${fn} called during analysis`);
      });
    }
    savedConnect = Reflect.get(net.Socket.prototype, "connect");
    Reflect.set(net.Socket.prototype, "connect", function () {
      calls.push("net.Socket.connect");
      throw new Error("socket connect during analysis");
    });
    savedFetch = Reflect.get(globalThis, "fetch");
    Reflect.set(globalThis, "fetch", () => {
      calls.push("fetch");
      throw new Error("fetch during analysis");
    });
  });
  after(() => {
    for (const [mod, fn, orig] of saved) Reflect.set(mod, fn, orig);
    Reflect.set(net.Socket.prototype, "connect", savedConnect);
    Reflect.set(globalThis, "fetch", savedFetch);
  });

  it("scans the corpora and the example, builds the record and runs a server session without touching the network or processes", async () => {
    for (const folder of ["test/corpus", "test/corpus-b", "examples/lab-migration"]) {
      const res = analyzeProject({ root: path.join(REPO, folder) });
      assert.ok(res.findings.length > 0);
      buildRecord(res.analyzer, res.findings, "test");
    }
    const s = new Session(path.join(REPO, "examples", "lab-migration"));
    await s.loadAll();
    const results = s.analyze(s.ws.files().map((f) => f.fileName));
    assert.ok([...results.values()].some((r) => r.findings.length > 0));
    assert.deepStrictEqual(calls, []);
  });
});
