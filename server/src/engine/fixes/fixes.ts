/**
 * The fix engine: one place that turns a finding into text edits, used by the language server's
 * code actions and by `privacy-review scan --fix`. Each fix yields code that parses and adds no
 * compiler error; applying it twice changes nothing the second time.
 */
import { ts } from "ts-morph";
import { isFunctionLike, propertyNameText, unwrap } from "../ast/nodes";
import { resolveIdentifier } from "../ast/scopes";
import { Analyzer } from "../analyzer";
import { firstLineOf } from "../errors";
import { Finding, Notice } from "../findings";
import { TaintEngine } from "../flow/taint";
import { SinkModel } from "../models/models";
import { QueryReader } from "../queries/queries";
import { Resolver } from "../resolve/values";
import { pipelineStages, propValue, objectOf } from "../rules/facts";
import { instructedTable } from "../rules/beyondInstructions";
import { columnsReadFrom } from "./columnsRead";
import {
  afterImports,
  envExpr,
  eol,
  Fix,
  freeName,
  importLine,
  indentAt,
  indentUnit,
  isAsyncContext,
  isTypeScript,
  extendNamedImport,
  moduleBinding,
  namedBinding,
  nameIsFree,
  nodeAt,
  TextEditAt,
  topInsertion,
} from "./edits";

export { Fix, TextEditAt } from "./edits";

const ENCRYPT_FN = "encryptForExport";
const ENCRYPT_STREAM_FN = "encryptionStreamForExport";
const AUTH_FN = "requireAuthentication";
export const REASON_PLACEHOLDER = "<reason>";
/**
 * The rules whose fixes may be safe (applied by `--fix`, counted as fixable). The others only ever
 * offer fixes a person must review (encryption, a column list, instruction bounds), so `safeFixFor`
 * does not build them: on a large repository that is most of the work a scan spends on fixes.
 * `test/fix/fixes.test.ts` checks every fixture's fixes against this list.
 */
export const RULES_WITH_SAFE_FIXES: ReadonlySet<string> = new Set([
  "plaintext-transfer",
  "hardcoded-credentials",
  "anonymous-access",
  "no-delete-after-transfer",
]);

export class FixEngine {
  private r: Resolver;
  private taint: TaintEngine;
  private queries: QueryReader;

  /** Fixes that could not be built (file, rule, message), for the caller to list as notices. */
  readonly failures: Notice[] = [];

  constructor(private readonly analyzer: Analyzer) {
    this.r = new Resolver(analyzer.ws);
    this.queries = new QueryReader(this.r, analyzer.models);
    this.taint = new TaintEngine(this.r, analyzer.models, this.queries, analyzer.vocab);
  }

  /** The fixes for one finding (possibly none), best first. */
  fixesFor(f: Finding): Fix[] {
    const sf = this.analyzer.ws.get(f.location.file);
    const off = f.location.offset;
    if (!sf || !off) return [];
    const node = nodeAt(sf, off.start, off.end);
    if (!node) return [];
    try {
      switch (f.ruleId) {
        case "plaintext-transfer":
          return f.data?.fix === "none" ? [] : this.plaintext(sf, node);
        case "hardcoded-credentials":
          return this.credentials(sf, node, f);
        case "anonymous-access":
          return this.anonymous(sf, node, f);
        case "no-delete-after-transfer":
          return this.deleteInFinally(sf, node, f);
        case "unencrypted-patient-write":
          return this.encrypt(sf, node);
        case "unfiltered-extraction":
          return this.minimise(sf, node, f);
        case "beyond-instructions":
          return this.withinInstructions(sf, node, f);
        default:
          return [];
      }
    } catch (error) {
      // Not offered, and said: a fix that could not be built is a notice, never a silent "no fix".
      this.failures.push({
        file: f.location.file,
        level: "warning",
        message: `${f.ruleId}: no fix offered, building it failed: ${firstLineOf(error)}; please report this`,
      });
      return [];
    }
  }

  /** The first safe fix for a finding, if any (what `--fix` applies and the scan counts as fixable). */
  safeFixFor(f: Finding): Fix | undefined {
    if (!RULES_WITH_SAFE_FIXES.has(f.ruleId)) return undefined;
    return this.fixesFor(f).find((fix) => fix.safe);
  }

  /**
   * `// privacy-review-disable-next-line <id> -- <reason>` right above the finding's line (below
   * any directive already there). `<reason>` is the placeholder editors select for typing; left
   * as it is, it suppresses nothing.
   */
  disableFix(f: Finding): Fix | undefined {
    const sf = this.analyzer.ws.get(f.location.file);
    if (!sf) return undefined;
    const lineStart = sf.getPositionOfLineAndCharacter(f.location.start.line, 0);
    const indent = indentAt(sf, lineStart);
    return {
      title: `Disable ${f.ruleId} for this line — with reason`,
      ruleId: f.ruleId,
      safe: false,
      placeholder: REASON_PLACEHOLDER,
      edits: [
        {
          file: sf.fileName,
          start: lineStart,
          end: lineStart,
          newText: `${indent}// privacy-review-disable-next-line ${f.ruleId} -- ${REASON_PLACEHOLDER}${eol(sf)}`,
        },
      ],
    };
  }

  // ---- plaintext-transfer -------------------------------------------------------------------

  private plaintext(sf: ts.SourceFile, node: ts.Node): Fix[] {
    const file = sf.fileName;
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateExpression(node)
    ) {
      const start = node.getStart(sf) + 1;
      const text = sf.text.slice(start, start + 7).toLowerCase();
      if (text.startsWith("ftp://"))
        return [
          {
            title: "Use ftps:// (FTP over TLS)",
            ruleId: "plaintext-transfer",
            safe: true,
            edits: [{ file, start, end: start + 3, newText: "ftps" }],
          },
        ];
      if (text.startsWith("http://"))
        return [
          {
            title: "Use https://",
            ruleId: "plaintext-transfer",
            safe: true,
            edits: [{ file, start, end: start + 4, newText: "https" }],
          },
        ];
      return [];
    }
    if (ts.isPropertyAssignment(node)) {
      const key = propertyNameText(node.name);
      const v = node.initializer;
      if (key === "secure" || key === "rejectUnauthorized" || key === "strictSSL") {
        return [
          {
            title: key === "secure" ? "Set secure: true (TLS)" : `Set ${key}: true (check certificates)`,
            ruleId: "plaintext-transfer",
            safe: true,
            edits: [{ file, start: v.getStart(sf), end: v.getEnd(), newText: "true" }],
          },
        ];
      }
      return [];
    }
    if (ts.isBinaryExpression(node) && node.parent && ts.isExpressionStatement(node.parent)) {
      const st = node.parent;
      return [
        {
          title: "Remove NODE_TLS_REJECT_UNAUTHORIZED=0 (keep certificate checks on)",
          ruleId: "plaintext-transfer",
          safe: true,
          edits: [{ file, start: st.getFullStart(), end: st.getEnd(), newText: "" }],
        },
      ];
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const arg = node.arguments?.[0];
      const o =
        arg && ts.isObjectLiteralExpression(unwrap(arg))
          ? (unwrap(arg) as ts.ObjectLiteralExpression)
          : undefined;
      if (!o) return [];
      const e = addProperty(sf, o, "secure: true");
      return e
        ? [
            {
              title: "Add secure: true (explicit FTPS)",
              ruleId: "plaintext-transfer",
              safe: true,
              edits: [e],
            },
          ]
        : [];
    }
    return [];
  }

  // ---- hardcoded-credentials ----------------------------------------------------------------

  private credentials(sf: ts.SourceFile, node: ts.Node, f: Finding): Fix[] {
    const file = sf.fileName;
    const name = typeof f.data?.name === "string" ? f.data.name : "SERVICE_PASSWORD";
    let target: ts.Node = node;
    if (ts.isPropertyAssignment(node)) target = node.initializer;
    const u = ts.isExpression(target) ? unwrap(target) : target;
    // process.env.X ?? "fallback" → process.env.X
    if (
      ts.isBinaryExpression(u) &&
      (u.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        u.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    ) {
      return [
        {
          title: "Remove the password written as a fallback (read it from the environment only)",
          ruleId: "hardcoded-credentials",
          safe: true,
          edits: [{ file, start: u.getStart(sf), end: u.getEnd(), newText: u.left.getText(sf) }],
        },
      ];
    }
    if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) {
      const m = /^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)([^@/\s]+)(@.*)$/is.exec(u.text);
      if (m && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) {
        const esc = (s: string): string => s.replace(/[`\\$]/g, (c) => "\\" + c);
        return [
          {
            title: `Read the URL's password from ${envExpr(name)}`,
            ruleId: "hardcoded-credentials",
            safe: true,
            edits: [
              {
                file,
                start: u.getStart(sf),
                end: u.getEnd(),
                newText: "`" + esc(m[1]) + "${" + envExpr(name) + "}" + esc(m[3]) + "`",
              },
            ],
          },
        ];
      }
      return [
        {
          title: `Read the secret from ${envExpr(name)}`,
          ruleId: "hardcoded-credentials",
          safe: true,
          edits: [{ file, start: u.getStart(sf), end: u.getEnd(), newText: envExpr(name) }],
        },
      ];
    }
    return [];
  }

  // ---- anonymous-access ---------------------------------------------------------------------

  private anonymous(sf: ts.SourceFile, node: ts.Node, f: Finding): Fix[] {
    if (f.data?.fix === "none") return [];
    const file = sf.fileName;
    const userKey = typeof f.data?.userKey === "string" ? f.data.userKey : "user";
    const pwKey = typeof f.data?.passwordKey === "string" ? f.data.passwordKey : "password";
    const options = ts.isPropertyAssignment(node)
      ? node.parent
      : (ts.isCallExpression(node) || ts.isNewExpression(node)) &&
          node.arguments?.[0] &&
          ts.isObjectLiteralExpression(unwrap(node.arguments[0]))
        ? (unwrap(node.arguments[0]) as ts.ObjectLiteralExpression)
        : undefined;
    // One account, one pair of variables: named after the server the options log in to.
    const prefix = options ? accountPrefix(options) : "FTP";
    const userVar = `${prefix}_USER`;
    const passwordVar = `${prefix}_PASSWORD`;
    const title = `Log in with credentials from ${userVar} / ${passwordVar}`;
    if (ts.isPropertyAssignment(node)) {
      const key = propertyNameText(node.name);
      const o = node.parent;
      const edits: TextEditAt[] = [
        {
          file,
          start: node.initializer.getStart(sf),
          end: node.initializer.getEnd(),
          newText: key === "password" || key === "pass" ? envExpr(passwordVar) : envExpr(userVar),
        },
      ];
      if (key === "user" || key === "username") {
        const pw = ["password", "pass"]
          .map((k) => o.properties.find((p) => p.name && propertyNameText(p.name) === k))
          .find(Boolean);
        if (pw && ts.isPropertyAssignment(pw))
          edits.push({
            file,
            start: pw.initializer.getStart(sf),
            end: pw.initializer.getEnd(),
            newText: envExpr(passwordVar),
          });
        else if (!pw) edits.push(propertyAfter(sf, o, node, `${pwKey}: ${envExpr(passwordVar)}`));
      }
      return [{ title, ruleId: "anonymous-access", safe: true, edits }];
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      // app.use("/exports", express.static(dir)) → an authentication slot first
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(unwrap(node.expression)) &&
        /^(use|get|all)$/.test((unwrap(node.expression) as ts.PropertyAccessExpression).name.text)
      ) {
        return this.authSlot(sf, node);
      }
      const arg = node.arguments?.[0];
      const o =
        arg && ts.isObjectLiteralExpression(unwrap(arg))
          ? (unwrap(arg) as ts.ObjectLiteralExpression)
          : undefined;
      if (!o) return [];
      const present = (k: string): boolean =>
        o.properties.some((p) => p.name && propertyNameText(p.name) === k);
      const multiline = isMultiline(sf, o);
      const props = [
        present(userKey) ? "" : `${userKey}: ${envExpr(userVar)}`,
        present(pwKey) ? "" : `${pwKey}: ${envExpr(passwordVar)}`,
      ]
        .filter(Boolean)
        .join(
          multiline && o.properties.length
            ? `,${eol(sf)}${indentAt(sf, o.properties[o.properties.length - 1].getStart(sf))}`
            : ", ",
        );
      if (!props) return [];
      const e = addProperty(sf, o, props);
      return e ? [{ title, ruleId: "anonymous-access", safe: true, edits: [e] }] : [];
    }
    return [];
  }

  private authSlot(sf: ts.SourceFile, mount: ts.CallExpression): Fix[] {
    const file = sf.fileName;
    const handler = mount.arguments.find(
      (a) => !ts.isStringLiteral(unwrap(a)) && !ts.isNoSubstitutionTemplateLiteral(unwrap(a)),
    );
    if (!handler) return [];
    const edits: TextEditAt[] = [
      { file, start: handler.getStart(sf), end: handler.getStart(sf), newText: `${AUTH_FN}, ` },
    ];
    if (!hasFunction(sf, AUTH_FN)) {
      const nl = eol(sf);
      const ts_ = isTypeScript(sf);
      const sig = ts_
        ? "(req: unknown, res: { status(code: number): { end(): unknown } }, next: () => void): void"
        : "(req, res, next)";
      const body = [
        "/**",
        " * privacy-review: authentication in front of the exported files. Complete it with your",
        " * identity check (session, OIDC, client certificate); until then every request is refused.",
        " */",
        `function ${AUTH_FN}${sig} {`,
        `${indentUnit(sf)}void req;`,
        `${indentUnit(sf)}void next; // call next() once the caller is authenticated`,
        `${indentUnit(sf)}res.status(401).end();`,
        "}",
      ].join(nl);
      edits.push({
        file,
        start: sf.text.length,
        end: sf.text.length,
        newText: (sf.text.endsWith("\n") ? "" : nl) + nl + body + nl,
      });
    }
    return [
      {
        title: "Add an authentication middleware before the static folder",
        ruleId: "anonymous-access",
        safe: false,
        edits,
      },
    ];
  }

  // ---- no-delete-after-transfer -------------------------------------------------------------

  private deleteInFinally(sf: ts.SourceFile, call: ts.Node, f: Finding): Fix[] {
    if (!ts.isCallExpression(call)) return [];
    // The statement to wrap: an expression statement (`await client.uploadFrom(f, r);`).
    let st: ts.Node = call;
    while (
      st.parent &&
      !ts.isExpressionStatement(st) &&
      (ts.isAwaitExpression(st.parent) ||
        ts.isParenthesizedExpression(st.parent) ||
        ts.isExpressionStatement(st.parent))
    )
      st = st.parent;
    if (
      !ts.isExpressionStatement(st) ||
      !st.parent ||
      !(ts.isBlock(st.parent) || ts.isSourceFile(st.parent) || ts.isCaseClause(st.parent))
    )
      return [];
    const local = this.localPath(call, f);
    if (!local) return [];
    const file = sf.fileName;
    const nl = eol(sf);
    const indent = indentAt(sf, st.getStart(sf));
    const unit = indentUnit(sf);
    const asyncCtx = isAsyncContext(st);
    const edits: TextEditAt[] = [];
    const removal = this.removalCall(sf, local, asyncCtx, edits);
    const body = sf.text.slice(st.getStart(sf), st.getEnd());
    const reindented = body
      .split(/\r?\n/)
      .map((l, i) => (i === 0 ? l : unit + l))
      .join(nl);
    const wrapped = `try {${nl}${indent}${unit}${reindented}${nl}${indent}} finally {${nl}${indent}${unit}${removal}${nl}${indent}}`;
    edits.push({ file, start: st.getStart(sf), end: st.getEnd(), newText: wrapped });
    // A removal that ran only on success moves into the finally block: drop the old statement.
    if (typeof f.data?.partialStart === "number" && typeof f.data?.partialEnd === "number") {
      const old = nodeAt(sf, f.data.partialStart, f.data.partialEnd);
      let oldSt: ts.Node | undefined = old;
      while (oldSt && !ts.isExpressionStatement(oldSt))
        oldSt =
          oldSt.parent && (ts.isAwaitExpression(oldSt.parent) || ts.isExpressionStatement(oldSt.parent))
            ? oldSt.parent
            : undefined;
      if (oldSt && oldSt.parent === st.parent && oldSt.pos > st.end)
        edits.push({ file, start: oldSt.getFullStart(), end: oldSt.getEnd(), newText: "" });
    }
    return [
      {
        title: "Remove the local file in a finally block after the transfer",
        ruleId: "no-delete-after-transfer",
        safe: true,
        edits,
      },
    ];
  }

  /**
   * The statement removing `local`, written with the file's own binding of node's fs module
   * in whatever form it is imported (namespace, default, named `rmSync` / `promises` / `rm`,
   * CommonJS); a missing name is added to an existing named import before a new import.
   */
  private removalCall(sf: ts.SourceFile, local: string, asyncCtx: boolean, edits: TextEditAt[]): string {
    const fsModules = ["fs", "node:fs", "fs-extra", "graceful-fs"];
    const fspModules = ["fs/promises", "node:fs/promises"];
    const options = "{ force: true }";
    const fsName = moduleBinding(sf, fsModules);
    if (fsName)
      return asyncCtx
        ? `await ${fsName}.promises.rm(${local}, ${options});`
        : `${fsName}.rmSync(${local}, ${options});`;
    if (asyncCtx) {
      const fspName = moduleBinding(sf, fspModules) ?? namedBinding(sf, fsModules, "promises");
      if (fspName) return `await ${fspName}.rm(${local}, ${options});`;
      const rm = namedBinding(sf, fspModules, "rm");
      if (rm) return `await ${rm}(${local}, ${options});`;
    }
    const rmSync = namedBinding(sf, fsModules, "rmSync");
    if (rmSync) return `${rmSync}(${local}, ${options});`;
    const extended = asyncCtx
      ? (extendNamedImport(sf, fspModules, "rm") ?? extendNamedImport(sf, fsModules, "rmSync"))
      : extendNamedImport(sf, fsModules, "rmSync");
    if (extended) {
      edits.push(extended.edit);
      return extended.edit.newText.includes("rmSync")
        ? `${extended.local}(${local}, ${options});`
        : `await ${extended.local}(${local}, ${options});`;
    }
    const name = freeName(sf, "fs");
    edits.push(topInsertion(sf, importLine(sf, name, "node:fs")));
    return asyncCtx
      ? `await ${name}.promises.rm(${local}, ${options});`
      : `${name}.rmSync(${local}, ${options});`;
  }

  /**
   * The text of the local path the finding names, when it can be repeated at the transfer: a
   * literal, or names all visible there (declared in a scope around the transfer).
   */
  private localPath(call: ts.CallExpression, f: Finding): string | undefined {
    const file = f.data?.pathFile,
      start = f.data?.pathStart,
      end = f.data?.pathEnd;
    if (typeof file !== "string" || typeof start !== "number" || typeof end !== "number") return undefined;
    const psf = this.analyzer.ws.get(file);
    const expr = psf && nodeAt(psf, start, end);
    if (!expr || !ts.isExpression(expr)) return undefined;
    const u = unwrap(expr);
    if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) return u.getText();
    if (psf !== call.getSourceFile()) return undefined;
    let visible = true;
    const check = (n: ts.Node): void => {
      if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
        const d = resolveIdentifier(n);
        if (!d) {
          visible = false;
          return;
        }
        let scope: ts.Node | undefined = d.parent;
        while (scope && !ts.isBlock(scope) && !ts.isSourceFile(scope) && !isFunctionLike(scope))
          scope = scope.parent;
        if (!scope || !(call.pos >= scope.pos && call.end <= scope.end) || d.pos > call.pos) visible = false;
      }
      ts.forEachChild(n, check);
    };
    check(u);
    return visible &&
      (ts.isIdentifier(u) ||
        ts.isPropertyAccessExpression(u) ||
        ts.isCallExpression(u) ||
        ts.isTemplateExpression(u))
      ? u.getText()
      : undefined;
  }

  // ---- unencrypted-patient-write ------------------------------------------------------------

  private encrypt(sf: ts.SourceFile, node: ts.Node): Fix[] {
    if (!ts.isCallExpression(node)) return [];
    const file = sf.fileName;
    const callee = unwrap(node.expression);
    const encryptor = this.analyzer.config.fix?.encryptor;
    // pipeline(src, …, fileStream): a cipher stage before the file stream
    if (this.r.apis(node).some((ref) => this.analyzer.models.match("pipelines", ref).length)) {
      const stages = pipelineStages(node);
      // `pipeline(streams)` over an array built elsewhere: no stage to put a cipher before here.
      if (stages.length < 2) return [];
      // The cipher goes before the stage that stores or sends: the file or upload stream, else the last.
      const models = this.analyzer.models;
      const isSink = (s: ts.Expression) =>
        this.r
          .apis(s)
          .some(
            (ref) =>
              models.match("writeStreams", ref).length > 0 || models.match("uploadStreams", ref).length > 0,
          );
      const last = stages.find((s, i) => i > 0 && isSink(s)) ?? stages[stages.length - 1];
      if (!last) return [];
      return [
        {
          title: "Encrypt the stream (AES-256-GCM stage before the sink)",
          ruleId: "unencrypted-patient-write",
          safe: false,
          edits: [
            {
              file,
              start: last.getStart(sf),
              end: last.getStart(sf),
              newText: `${helperName(sf, ENCRYPT_STREAM_FN)}(), `,
            },
            ...this.helperEdits(sf, true),
          ],
        },
      ];
    }
    // src.pipe(fileStream) → src.pipe(encrypt).pipe(fileStream)
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "pipe") {
      return [
        {
          title: "Encrypt the stream (AES-256-GCM) before the file",
          ruleId: "unencrypted-patient-write",
          safe: false,
          edits: [
            {
              file,
              start: callee.expression.getEnd(),
              end: callee.expression.getEnd(),
              newText: `.pipe(${helperName(sf, ENCRYPT_STREAM_FN)}())`,
            },
            ...this.helperEdits(sf, true),
          ],
        },
      ];
    }
    // Whole-payload sinks: wrap the data argument.
    for (const ref of this.r.apis(node)) {
      for (const m of this.analyzer.models.match<SinkModel>("sinks", ref)) {
        for (const d of m.data) {
          if (d === "receiver" || d === "receiver-root" || d === "*") continue;
          let e = this.taint.argExpr(node, d);
          if (!e) continue;
          // Readable.from(x): encrypt x, keep the stream
          const eu = unwrap(e);
          if (
            ts.isCallExpression(eu) &&
            eu.arguments[0] &&
            ts.isPropertyAccessExpression(eu.expression) &&
            eu.expression.name.text === "from" &&
            /Readable/.test(eu.expression.expression.getText())
          )
            e = eu.arguments[0];
          if (!this.taint.concreteFlows(e).some((fl) => fl.origin.kind === "src")) continue;
          if (ts.isIdentifier(e) && ts.isShorthandPropertyAssignment(e.parent)) {
            const sp = e.parent;
            return [
              {
                title: "Encrypt the payload (AES-256-GCM, key from EXPORT_ENCRYPTION_KEY)",
                ruleId: "unencrypted-patient-write",
                safe: false,
                edits: [
                  {
                    file,
                    start: sp.getStart(sf),
                    end: sp.getEnd(),
                    newText: `${sp.name.text}: ${encryptor?.name ?? helperName(sf, ENCRYPT_FN)}(${sp.name.text})`,
                  },
                  ...this.helperEdits(sf, false),
                ],
              },
            ];
          }
          const text = e.getText(sf);
          // A writer typed to take a string (`write: (p: string, d: string) => void`) gets the
          // ciphertext as base64, so the fix does not break the build.
          const asString = !encryptor && argumentTypedString(node, e) ? `.toString("base64")` : "";
          return [
            {
              title: encryptor
                ? `Encrypt the payload with ${encryptor.name}`
                : "Encrypt the payload (AES-256-GCM, key from EXPORT_ENCRYPTION_KEY)",
              ruleId: "unencrypted-patient-write",
              safe: false,
              edits: [
                {
                  file,
                  start: e.getStart(sf),
                  end: e.getEnd(),
                  newText: `${encryptor?.name ?? helperName(sf, ENCRYPT_FN)}(${text})${asString}`,
                },
                ...this.helperEdits(sf, false),
              ],
            },
          ];
        }
      }
    }
    return [];
  }

  /** The encryption helper (once per file), or an import of the user's encryptor. */
  private helperEdits(sf: ts.SourceFile, stream: boolean): TextEditAt[] {
    const encryptor = this.analyzer.config.fix?.encryptor;
    if (encryptor && !stream) {
      if (!encryptor.module || hasBinding(sf, encryptor.name)) return [];
      const line =
        ts.isSourceFile(sf) && /esm/.test(moduleStyleSafe(sf))
          ? `import { ${encryptor.name} } from "${encryptor.module}";`
          : `const { ${encryptor.name} } = require("${encryptor.module}");`;
      return [topInsertion(sf, line)];
    }
    const fn = helperName(sf, stream ? ENCRYPT_STREAM_FN : ENCRYPT_FN);
    if (hasFunction(sf, fn)) return [];
    const edits: TextEditAt[] = [];
    const nl = eol(sf);
    let cryptoName = moduleBinding(sf, ["crypto", "node:crypto"]);
    const lines: string[] = [];
    if (!cryptoName) {
      cryptoName = freeName(sf, "nodeCrypto");
      lines.push(importLine(sf, cryptoName, "node:crypto"));
    }
    let streamName: string | undefined;
    if (stream) {
      streamName = moduleBinding(sf, ["stream", "node:stream"]);
      if (!streamName) {
        streamName = freeName(sf, "nodeStream");
        lines.push(importLine(sf, streamName, "node:stream"));
      }
    }
    const u = indentUnit(sf);
    const t = isTypeScript(sf);
    const keyLines = [
      `${u}const key = Buffer.from(process.env.EXPORT_ENCRYPTION_KEY ?? "", "hex");`,
      `${u}if (key.length !== 32) throw new Error("EXPORT_ENCRYPTION_KEY must hold a 256-bit key as 64 hex characters");`,
      `${u}const iv = ${cryptoName}.randomBytes(12);`,
      `${u}const cipher = ${cryptoName}.createCipheriv("aes-256-gcm", key, iv);`,
    ];
    const helper = stream
      ? [
          `/** ${HELPER_MARKER} stream, key from EXPORT_ENCRYPTION_KEY; output = IV | ciphertext | auth tag. */`,
          `function ${fn}()${t ? `: ${streamName}.Transform` : ""} {`,
          ...keyLines,
          `${u}let started = false;`,
          `${u}const head = ()${t ? ": Buffer[]" : ""} => (started ? [] : ((started = true), [iv]));`,
          `${u}return new ${streamName}.Transform({`,
          `${u}${u}transform(chunk${t ? ": Buffer | string" : ""}, _encoding${t ? ": BufferEncoding" : ""}, done${t ? `: ${streamName}.TransformCallback` : ""}) {`,
          `${u}${u}${u}done(null, Buffer.concat([...head(), cipher.update(typeof chunk === "string" ? Buffer.from(chunk) : chunk)]));`,
          `${u}${u}},`,
          `${u}${u}flush(done${t ? `: ${streamName}.TransformCallback` : ""}) {`,
          `${u}${u}${u}done(null, Buffer.concat([...head(), cipher.final(), cipher.getAuthTag()]));`,
          `${u}${u}},`,
          `${u}});`,
          "}",
        ]
      : [
          `/** ${HELPER_MARKER}, key from EXPORT_ENCRYPTION_KEY; output = IV | ciphertext | auth tag. */`,
          // No declared return type: inferred from Buffer.concat, so a fetch body accepts it with the
          // project's own @types/node (Buffer<ArrayBuffer> in newer ones, Buffer in older ones).
          `function ${fn}(data${t ? ": unknown" : ""}) {`,
          `${u}const plain = typeof data === "string" ? Buffer.from(data, "utf8") : data instanceof Uint8Array ? data : Buffer.from(JSON.stringify(data), "utf8");`,
          ...keyLines,
          `${u}return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);`,
          "}",
        ];
    const text = [...lines, ...(lines.length ? [""] : []), ...helper].join(nl);
    const after = afterImports(sf);
    if (after >= 0)
      edits.push({
        file: sf.fileName,
        start: after,
        end: after,
        newText: nl + (lines.length ? "" : nl) + text + (lines.length ? "" : ""),
      });
    else edits.push(topInsertion(sf, text + nl));
    return edits;
  }

  // ---- beyond-instructions ------------------------------------------------------------------

  private withinInstructions(sf: ts.SourceFile, node: ts.Node, f: Finding): Fix[] {
    const file = sf.fileName;
    const instructed = (f.data?.instructedColumns as string[] | undefined) ?? [];
    const extra = new Set(((f.data?.extraColumns as string[] | undefined) ?? []).map((c) => c.toLowerCase()));
    const rowFilter = typeof f.data?.rowFilter === "string" ? f.data.rowFilter : undefined;
    const instructionId = typeof f.data?.instruction === "string" ? f.data.instruction : "";
    const title = `Keep to instruction ${instructionId}`;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const quote = sf.text[node.getStart(sf)];
      let sql = node.text;
      if (f.data?.star && instructed.length)
        sql = sql.replace(
          /\bselect(\s+distinct)?\s+((\w+)\.)?\*/i,
          (_m, d: string | undefined, _p, alias: string | undefined) =>
            `SELECT${d ?? ""} ${instructed.map((c) => (alias ? `${alias}.${c}` : c)).join(", ")}`,
        );
      else if (extra.size) sql = dropSelectItems(sql, extra);
      if (rowFilter) sql = addRowFilter(sql, rowFilter);
      if (sql === node.text) return [];
      const escaped =
        quote === "`"
          ? sql.replace(/[`\\]|\$\{/g, (m) => "\\" + m)
          : sql.replace(new RegExp(`[${quote}\\\\]`, "g"), (m) => "\\" + m).replace(/\n/g, "\\n");
      return [
        {
          title,
          ruleId: "beyond-instructions",
          safe: false,
          edits: [{ file, start: node.getStart(sf), end: node.getEnd(), newText: quote + escaped + quote }],
        },
      ];
    }
    if (ts.isCallExpression(node) && extra.size) {
      // knex .select("a", "b", "extra") / Prisma select: { extra: true }: drop the extra columns
      const edits: TextEditAt[] = [];
      const visit = (n: ts.Node): void => {
        if (
          ts.isCallExpression(n) &&
          ts.isPropertyAccessExpression(n.expression) &&
          n.expression.name.text === "select"
        ) {
          for (const a of n.arguments)
            if (
              (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a)) &&
              extra.has(a.text.split(".").pop()!.toLowerCase())
            )
              edits.push(removeListItem(sf, n.arguments, a));
        }
        if (
          ts.isPropertyAssignment(n) &&
          propertyNameText(n.name) === "select" &&
          ts.isObjectLiteralExpression(n.initializer)
        ) {
          for (const p of n.initializer.properties)
            if (p.name && extra.has((propertyNameText(p.name) ?? "").toLowerCase()))
              edits.push(removeListItem(sf, n.initializer.properties, p));
        }
        ts.forEachChild(n, visit);
      };
      visit(node);
      return edits.length ? [{ title, ruleId: "beyond-instructions", safe: false, edits }] : [];
    }
    return [];
  }

  // ---- unfiltered-extraction ----------------------------------------------------------------

  private minimise(sf: ts.SourceFile, node: ts.Node, f: Finding): Fix[] {
    const file = sf.fileName;
    const tables =
      (f.data?.tables as Array<{ table: string; star: boolean; columns: string[] }> | undefined) ?? [];
    // SQL: replace `*` with the instructed columns, or the ones the code reads from the rows
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateExpression(node)
    ) {
      const t = tables.find((x) => x.star);
      if (!t) return [];
      const chosen = this.explicitColumns(sf, node, t, true);
      if (!chosen) return [];
      const raw = sf.text.slice(node.getStart(sf), node.getEnd());
      const m = /\bselect\s+(distinct\s+)?((\w+)\.)?\*/i.exec(raw);
      if (!m) return [];
      const starAt = node.getStart(sf) + m.index + m[0].length - 1;
      const prefix = m[3] ? `${m[3]}.` : "";
      const list = chosen.columns.map((c, i) => (i === 0 ? c : prefix + c)).join(", ");
      return [
        {
          title: chosen.title,
          ruleId: "unfiltered-extraction",
          safe: false,
          edits: [{ file, start: starAt, end: starAt + 1, newText: list }],
        },
      ];
    }
    // ORM calls: a select skeleton
    if (ts.isCallExpression(node)) {
      const family = f.data?.family;
      const t = tables[0];
      if (!t || !t.star) return [];
      const chosen = this.explicitColumns(sf, node, t, false);
      if (!chosen) return [];
      const cols = chosen.columns;
      const arg = node.arguments[0];
      if (family === "prisma" || family === "typeorm") {
        const select = `select: { ${cols.map((c) => `${safeKey(c)}: true`).join(", ")} }`;
        if (!arg)
          return [
            {
              title: "Add a select listing the needed fields",
              ruleId: "unfiltered-extraction",
              safe: false,
              edits: [{ file, start: node.arguments.pos, end: node.arguments.end, newText: `{ ${select} }` }],
            },
          ];
        const o = ts.isObjectLiteralExpression(unwrap(arg))
          ? (unwrap(arg) as ts.ObjectLiteralExpression)
          : undefined;
        if (o && !o.properties.some((p) => p.name && propertyNameText(p.name) === "select")) {
          const e = addProperty(sf, o, select);
          return e
            ? [
                {
                  title: "Add a select listing the needed fields",
                  ruleId: "unfiltered-extraction",
                  safe: false,
                  edits: [e],
                },
              ]
            : [];
        }
      }
      if (family === "sequelize") {
        const attrs = `attributes: [${cols.map((c) => JSON.stringify(c)).join(", ")}]`;
        if (!arg)
          return [
            {
              title: "Add attributes listing the needed columns",
              ruleId: "unfiltered-extraction",
              safe: false,
              edits: [{ file, start: node.arguments.pos, end: node.arguments.end, newText: `{ ${attrs} }` }],
            },
          ];
      }
      if (family === "knex" && !/\.select\(/.test(node.getText(sf))) {
        const callee = unwrap(node.expression);
        const base =
          ts.isPropertyAccessExpression(callee) && /^(then|catch|finally)$/.test(callee.name.text)
            ? undefined
            : node;
        if (base)
          return [
            {
              title: "Add .select() with the needed columns",
              ruleId: "unfiltered-extraction",
              safe: false,
              edits: [
                {
                  file,
                  start: base.getEnd(),
                  end: base.getEnd(),
                  newText: `.select(${cols.map((c) => JSON.stringify(c)).join(", ")})`,
                },
              ],
            },
          ];
      }
    }
    void objectOf;
    void propValue;
    void isFunctionLike;
    return [];
  }

  /**
   * The columns an explicit list should name: the instruction's list for the table when an
   * instruction governs the file, else the columns the code reads from the rows. Never the
   * table's whole schema; undefined when neither is known (the rows are used whole, or unused).
   */
  private explicitColumns(
    sf: ts.SourceFile,
    node: ts.Node,
    table: { table: string; columns: string[] },
    sql: boolean,
  ): { columns: string[]; title: string } | undefined {
    for (const ins of this.analyzer.instructionsFor(sf.fileName)) {
      const key = instructedTable(ins, table.table);
      const columns = key ? ins.extract[key].columns : undefined;
      if (columns?.length)
        return { columns, title: `Select only the columns instruction ${ins.id} lists for ${key}` };
    }
    const start = node.getStart(sf);
    const q = this.queries
      .queriesIn(sf)
      .find((x) => x.reportNode.getStart(sf) === start && x.reportNode.getEnd() === node.getEnd());
    // A join: which table a column read from the rows belongs to is not known.
    if (!q || q.reads.filter((read) => !read.aggregateOnly).length !== 1) return undefined;
    const read = columnsReadFrom(q.node);
    if (!read?.length) return undefined;
    // A name the table does not have is computed or aliased elsewhere: listing it would break the query.
    const schema = new Set(table.columns.map((c) => c.toLowerCase()));
    if (schema.size && read.some((c) => !schema.has(c.toLowerCase()))) return undefined;
    // In SQL an unquoted name is folded (PostgreSQL) or returned as written (MySQL): only plain
    // lower-case names come back under the key the code reads.
    if (sql && read.some((c) => !/^[a-z_][a-z0-9_]*$/.test(c))) return undefined;
    return { columns: read, title: `Select only the columns the code reads (${read.join(", ")})` };
  }
}

/** Drop select-list items (by column name) from a SELECT. */
function dropSelectItems(sql: string, drop: Set<string>): string {
  const m = /\bselect\s+(distinct\s+)?/i.exec(sql);
  if (!m) return sql;
  const start = m.index + m[0].length;
  const fromM = /\bfrom\b/i.exec(sql.slice(start));
  if (!fromM) return sql;
  const list = sql.slice(start, start + fromM.index);
  const items: string[] = [];
  let depth = 0,
    cur = "";
  for (const ch of list) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      items.push(cur);
      cur = "";
    } else cur += ch;
  }
  items.push(cur);
  const kept = items.filter((it) => {
    const name = it
      .trim()
      .replace(/\s+as\s+\w+$/i, "")
      .split(".")
      .pop()!
      .replace(/[`"]/g, "")
      .toLowerCase();
    return !drop.has(name);
  });
  if (!kept.length || kept.length === items.length) return sql;
  return sql.slice(0, start) + kept.map((k) => k.trim()).join(", ") + " " + sql.slice(start + fromM.index);
}

const CLAUSE_AFTER_WHERE = /\b(group\s+by|order\s+by|limit|offset|fetch|for\s+update)\b/i;

/**
 * Add the instructed row filter: `WHERE f` when there is none, else `WHERE (f) AND (existing)`.
 * The existing condition is parenthesised because AND binds tighter than OR:
 * `WHERE f AND a OR b` would still let every `b` row through.
 */
function addRowFilter(sql: string, filter: string): string {
  const where = /\bwhere\b/i.exec(sql);
  if (where) {
    const condStart = where.index + where[0].length;
    const rest = sql.slice(condStart);
    const tail = CLAUSE_AFTER_WHERE.exec(rest);
    const condEnd = tail ? condStart + tail.index : sql.replace(/[\s;]+$/, "").length;
    const cond = sql.slice(condStart, condEnd).trim();
    return (
      sql.slice(0, where.index) +
      `WHERE (${filter}) AND (${cond})` +
      (tail ? " " : "") +
      sql.slice(condEnd).replace(/^\s+/, tail ? "" : "")
    );
  }
  const tail = CLAUSE_AFTER_WHERE.exec(sql);
  const at = tail ? tail.index : sql.replace(/[\s;]+$/, "").length;
  return sql.slice(0, at).replace(/\s+$/, "") + ` WHERE ${filter}` + (tail ? " " : "") + sql.slice(at);
}

function removeListItem(sf: ts.SourceFile, list: ts.NodeArray<ts.Node>, item: ts.Node): TextEditAt {
  const i = list.indexOf(item);
  const file = sf.fileName;
  if (i < list.length - 1)
    return { file, start: item.getStart(sf), end: list[i + 1].getStart(sf), newText: "" };
  if (i > 0) return { file, start: list[i - 1].getEnd(), end: item.getEnd(), newText: "" };
  return { file, start: item.getStart(sf), end: item.getEnd(), newText: "" };
}

function safeKey(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
}

function moduleStyleSafe(sf: ts.SourceFile): string {
  return /\bimport\s|\bexport\s/.test(sf.text) || /\.(ts|mts|tsx)$/.test(sf.fileName) ? "esm" : "cjs";
}

/** Marks the helpers the encryption fix inserts, so a second fix in the file reuses them. */
const HELPER_MARKER = "privacy-review: AES-256-GCM";

/**
 * The name of the encryption helper in this file: `base` when it is free or already our helper,
 * else `base2`, `base3`… A function of the user's that only has the name is never called as
 * encryption (a name proves nothing; the body does).
 */
function helperName(sf: ts.SourceFile, base: string): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    const existing = sf.statements.find(
      (st): st is ts.FunctionDeclaration => ts.isFunctionDeclaration(st) && st.name?.text === name,
    );
    if (existing) {
      if (sf.text.slice(existing.getFullStart(), existing.getEnd()).includes(HELPER_MARKER)) return name;
      continue;
    }
    if (nameIsFree(sf, name)) return name;
  }
}

function hasFunction(sf: ts.SourceFile, name: string): boolean {
  return sf.statements.some((s) => ts.isFunctionDeclaration(s) && s.name?.text === name);
}

/** Does `text` use `name` as a whole word (the name is matched literally, never as a pattern)? */
export function mentionsName(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`).test(text);
}

function hasBinding(sf: ts.SourceFile, name: string): boolean {
  return mentionsName(sf.text.slice(0, Math.max(0, afterImports(sf))), name);
}

function isMultiline(sf: ts.SourceFile, o: ts.ObjectLiteralExpression): boolean {
  return (
    sf.getLineAndCharacterOfPosition(o.getStart(sf)).line !==
    sf.getLineAndCharacterOfPosition(o.getEnd()).line
  );
}

/** A new property right after `after`, on its own line when the object is written one per line. */
function propertyAfter(
  sf: ts.SourceFile,
  o: ts.ObjectLiteralExpression,
  after: ts.ObjectLiteralElementLike,
  text: string,
): TextEditAt {
  const file = sf.fileName;
  if (!isMultiline(sf, o)) return { file, start: after.getEnd(), end: after.getEnd(), newText: `, ${text}` };
  const indent = indentAt(sf, after.getStart(sf));
  const isLast = o.properties[o.properties.length - 1] === after;
  if (isLast && !o.properties.hasTrailingComma)
    return { file, start: after.getEnd(), end: after.getEnd(), newText: `,${eol(sf)}${indent}${text}` };
  const comma = sf.text.indexOf(",", after.getEnd()) + 1;
  return { file, start: comma, end: comma, newText: `${eol(sf)}${indent}${text},` };
}

/**
 * The environment-variable prefix of the account an option object logs in with: the server's
 * name from its `host` (`ftp.partner.example` → `PARTNER_FTP`, `MAINT_HOST` → `MAINT_FTP`), so
 * two servers never share a password variable; `FTP` when the host says nothing.
 */
function accountPrefix(o: ts.ObjectLiteralExpression): string {
  const host = o.properties.find((p) => p.name && propertyNameText(p.name) === "host");
  let text: string | undefined;
  if (host && ts.isPropertyAssignment(host)) {
    let v: ts.Expression = unwrap(host.initializer);
    if (ts.isIdentifier(v)) {
      const d = resolveIdentifier(v);
      if (d && ts.isVariableDeclaration(d) && d.initializer && ts.isStringLiteralLike(unwrap(d.initializer)))
        v = unwrap(d.initializer);
      else text = v.text.replace(/_?(HOST|SERVER|ADDR|ADDRESS|URL)$/i, "");
    }
    if (ts.isStringLiteralLike(v)) {
      const labels = v.text
        .replace(/^[a-z]+:\/\//i, "")
        .split(/[.:/]/)
        .map((l) => l.replace(/^(s?ftps?|www)[-_]?/i, ""))
        .filter((l) => l && !/^\d+$/.test(l));
      text = labels[0];
    }
  }
  const name = (text ?? "")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
  return name && !/^\d/.test(name) ? `${name}_FTP` : "FTP";
}

/** Insert `text` as the last property of an object literal, with the right commas. */
export function addProperty(
  sf: ts.SourceFile,
  o: ts.ObjectLiteralExpression,
  text: string,
): TextEditAt | undefined {
  const file = sf.fileName;
  const props = o.properties;
  if (!props.length) {
    const open = o.getStart(sf) + 1;
    return { file, start: open, end: o.getEnd() - 1, newText: ` ${text} ` };
  }
  const last = props[props.length - 1];
  const multiline =
    sf.getLineAndCharacterOfPosition(last.getStart(sf)).line !==
    sf.getLineAndCharacterOfPosition(o.getStart(sf)).line;
  const trailingComma = props.hasTrailingComma;
  if (multiline) {
    const indent = indentAt(sf, last.getStart(sf));
    const at = trailingComma ? sf.text.indexOf(",", last.getEnd()) + 1 : last.getEnd();
    return {
      file,
      start: at,
      end: at,
      newText: `${trailingComma ? "" : ","}${eol(sf)}${indent}${text}${trailingComma ? "," : ""}`,
    };
  }
  const at = last.getEnd();
  return { file, start: at, end: at, newText: `, ${text}` };
}

/** Is `arg` passed where the callee, a parameter with a function type, declares `string`? */
function argumentTypedString(call: ts.CallExpression, arg: ts.Expression): boolean {
  const i = call.arguments.indexOf(arg);
  const callee = unwrap(call.expression);
  if (i < 0 || !ts.isIdentifier(callee)) return false;
  const d = resolveIdentifier(callee);
  const t = d && (ts.isParameter(d) || ts.isVariableDeclaration(d)) ? d.type : undefined;
  const p = t && ts.isFunctionTypeNode(t) ? t.parameters[i] : undefined;
  return !!p?.type && p.type.kind === ts.SyntaxKind.StringKeyword;
}
