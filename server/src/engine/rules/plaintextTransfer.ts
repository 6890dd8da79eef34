/**
 * plaintext-transfer: ftp:// and http:// endpoints, FTP clients without TLS, TLS with certificate
 * checks switched off (citation: rules/plaintext-transfer/meta.json).
 */
import { ts } from "ts-morph";
import { isFunctionLike, propertyNameText, unwrap } from "../ast/nodes";
import { fileIndex } from "../resolve/fileIndex";
import { resolveIdentifier } from "../ast/scopes";
import { packageNameOf } from "../load/packageRoot";
import { connectionSites } from "./connections";
import { RuleContext, Rule } from "./context";
import { startsWithMllpBlock } from "./shared";
import { MLLP_EVIDENCE } from "../flow/taint";
import { hasProp, isEnvAccess, literalOf, propValue } from "./facts";
import { argumentAt } from "../models/arguments";
import { valueSet } from "../resolve/valueSets";
import { wordNode } from "../commands/commandFacts";
import type { Word } from "../commands/shellWords";
import { channelOf, requestUrlText } from "./requestChannel";

export const ID = "plaintext-transfer";

/** Hosts whose http:// URLs are identifiers (XML namespaces, code systems), never endpoints. */
const NAMESPACE_HOSTS =
  /^(www\.)?(w3\.org|w3c\.org|schemas\.xmlsoap\.org|schemas\.microsoft\.com|schemas\.openxmlformats\.org|purl\.org|json-schema\.org|schema\.org|xmlns\.com|ns\.adobe\.com|hl7\.org|terminology\.hl7\.org|loinc\.org|snomed\.info|unitsofmeasure\.org|www\.nlm\.nih\.gov|ihe\.net|www\.ihe\.net|openid\.net|docs\.oasis-open\.org|example\.org|example\.com|localhost\.localdomain|interop\.esante\.gouv\.fr|xml\.insee\.fr|www\.ama-assn\.org|ama-assn\.org|nucc\.org|[\w.]*nlm\.nih\.gov|[\w.]*nih\.gov|www\.cms\.gov|cms\.gov|va\.gov|ihtsdo\.org|www\.whocc\.no|www\.who\.int|who\.int|fdasis\.nlm\.nih\.gov|www\.fda\.gov|fhir\.org|[\w.]*\.fhir\.org|terminology\.[\w.]+|openehr\.org|dicom\.nema\.org|www\.nubc\.org|www\.ada\.org|www\.cdc\.gov|cdc\.gov|ietf\.org|www\.iana\.org)([/|:#?]|$)/i;
const NAMESPACE_KEYS =
  /^(xmlns(:\w+)?|namespace|ns|targetNamespace|\$schema|\$id|@context|@type|system|profile|definition|valueSet|codeSystem|canonical|schemaLocation)$/i;

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h.endsWith(".localhost") || /^127\./.test(h) || h === "::1" || h === "0.0.0.0";
}

export const plaintextTransfer: Rule = {
  id: ID,
  run(ctx: RuleContext): void {
    for (const sf of ctx.files) {
      const idx = fileIndex(sf);
      // 1. ftp:// and http:// endpoints written in the code.
      for (const s of idx.strings) {
        const text = ts.isTemplateExpression(s) ? s.head.text : s.text;
        const m = /^\s*(ftp|http|ws):\/\/(?:[^@/\s]*@)?(\[[^\]]*\]|[^/:?#\s]*)/i.exec(text);
        if (!m) continue;
        const scheme = m[1].toLowerCase();
        const host = m[2];
        if (host && isLoopback(host)) continue;
        if (scheme === "ws") {
          // A WebSocket URL names no identifier: only one with a host written is judged here
          // (`ws://${location.host}` follows the page's own scheme).
          if (!host || isComparison(s)) continue;
          ctx.report({
            ruleId: ID,
            node: s,
            messageId: "wsEndpoint",
            data: { fix: "none" },
          });
          continue;
        }
        if (scheme === "http" && NAMESPACE_HOSTS.test(text.replace(/^\s*http:\/\//i, ""))) continue;
        if (!host && !(ts.isTemplateExpression(s) || isConcatenated(s))) continue; // a bare "http://" used in a comparison
        if (isNamespaceContext(s) || isComparison(s) || usedOnlyAsNamespace(s)) continue;
        if (scheme === "http" && /^(schemas?|ns|xmlns|namespaces?)\./i.test(host)) continue;
        // FHIR canonical URLs (profiles, value sets, code systems, extensions) name definitions.
        if (scheme === "http" && CANONICAL_PATH.test(text) && !isDirectCallArgument(s)) continue;
        // http:// URIs also name things (FHIR code systems, identifiers): only endpoints are reported.
        if (
          scheme === "http" &&
          !(ts.isTemplateExpression(s) && !host) &&
          endpointUse(ctx, s, 0) === "identifier"
        )
          continue;
        ctx.report({
          ruleId: ID,
          node: s,
          messageId: scheme === "ftp" ? "ftpEndpoint" : "httpEndpoint",
          data: { fix: "scheme", scheme },
        });
      }
      // 1b. Programs the code starts: ftp:// and http:// targets, certificate or host-key checks switched off.
      for (const run of ctx.taint.commands.runsIn(sf)) {
        for (const t of run.effects.plaintextTargets)
          ctx.report({
            ruleId: ID,
            node: run.site,
            messageId: t.what === "ftp://" ? "commandFtpTarget" : "commandHttpTarget",
            data: { fix: "none" },
          });
        for (const i of run.effects.insecure)
          ctx.report({
            ruleId: ID,
            // Where the option is written (`["-o", "StrictHostKeyChecking=no"]` in an argv builder),
            // when that is in the same file as the command.
            node: insecureOptionNode(i.word, run.site),
            messageId: "commandChecksOff",
            messageData: { option: i.what },
            data: { fix: "none" },
          });
      }
      // 1c. Raw TCP channels: MLLP libraries, and net sockets or servers that carry HL7 or personal data.
      for (const site of connectionSites(ctx, sf)) {
        const proto = site.model.protocol;
        if (!/^(tcp|mllp)(-server)?$/.test(proto)) continue;
        if (
          site.options &&
          ["tls", "secure", "ssl", "tlsOptions"].some((k) => hasProp(ctx.r, site.options!, k) !== "no")
        )
          continue;
        const server = proto.endsWith("-server");
        if (!server && toLoopback(ctx, site)) continue;
        const carries = proto.startsWith("mllp")
          ? "HL7 messages (an MLLP library)"
          : MLLP_EVIDENCE.test(sf.text) || handedToMllpModule(ctx, site.call) || framedWrites(ctx, site.call)
            ? "HL7 messages (MLLP framing)"
            : personalWrites(ctx, site.call)
              ? "personal data"
              : undefined;
        if (!carries) continue;
        ctx.report({
          ruleId: ID,
          node: site.call,
          messageId: "plainTcp",
          messageData: {
            channel: server
              ? carries === "personal data"
                ? "a plain TCP server sends"
                : "a plain TCP server receives"
              : "a plain TCP connection carries",
            carries,
          },
          data: { fix: "none" },
        });
      }
      // 1d. node's http module never speaks TLS: a request to a URL the code does not show (a
      // configured destination) that carries personal data crosses the network in clear.
      for (const call of idx.calls) {
        const callee = unwrap(call.expression);
        if (!ts.isPropertyAccessExpression(callee) || !/^(request|get)$/.test(callee.name.text)) continue;
        const ref = ctx.r
          .apis(call)
          .find((a) => a.module === "http" && ctx.models.match("requests", a).length);
        if (!ref) continue;
        if (channelOf(requestUrlText(ctx, call, ref)) !== "unknown") continue;
        if (!personalWrites(ctx, call)) continue;
        ctx.report({
          ruleId: ID,
          node: call,
          messageId: "nodeHttpModule",
          data: { fix: "none" },
        });
      }
      // 2. FTP clients without TLS.
      for (const site of connectionSites(ctx, sf)) {
        const sec = site.model.secure;
        if (site.model.protocol !== "ftp" || !sec) continue;
        if (sec.never) {
          ctx.report({
            ruleId: ID,
            node: site.call,
            messageId: "ftpClientWithoutTls",
            data: { fix: "none" },
          });
          continue;
        }
        if (sec.call) {
          if (!usesCallOnSameClient(ctx, site.call, sec.call)) {
            ctx.report({
              ruleId: ID,
              node: site.call,
              messageId: "ftpLoginWithoutSecureCall",
              messageData: { secureCall: sec.call },
              data: { fix: "none" },
            });
          }
          continue;
        }
        if (!sec.key) continue;
        if (site.opaqueOptions) continue;
        if (!site.options) {
          ctx.report({
            ruleId: ID,
            node: site.call,
            messageId: "ftpWithoutSecureOption",
            messageData: { option: sec.key },
            data: { fix: "add-secure", key: sec.key },
          });
          continue;
        }
        const hit = propValue(ctx.r, site.options, sec.key);
        if (!hit) {
          if (hasProp(ctx.r, site.options, sec.key) === "unknown") continue;
          ctx.report({
            ruleId: ID,
            node: site.call,
            messageId: "ftpWithoutSecureOption",
            messageData: { option: sec.key },
            data: { fix: "add-secure", key: sec.key },
          });
          continue;
        }
        // Every literal the option may take: `secure: process.env.FTP_SECURE || false` may be false.
        // A value decided only at run time (an environment flag with no fallback) is not provable.
        const vs = valueSet(ctx.r, hit.value);
        const okValues = sec.ok ?? [true];
        const bad = vs.literals.find((l) => !okValues.some((v) => v === l.value));
        if (bad) {
          const alone = !vs.open && vs.literals.length === 1;
          ctx.report({
            ruleId: ID,
            node: alone ? hit.prop : reportNode(hit.prop, bad.node),
            messageId: alone ? "secureOff" : "secureFallsBackOff",
            messageData: { option: sec.key, value: JSON.stringify(bad.value) },
            data: alone ? { fix: "set-secure", key: sec.key } : { fix: "none" },
          });
        }
      }
      // 3. TLS certificate checks switched off.
      for (const o of idx.objects) {
        for (const p of o.properties) {
          if (!ts.isPropertyAssignment(p)) continue;
          const name = propertyNameText(p.name);
          if (name === "rejectUnauthorized" || name === "strictSSL") {
            const vs = valueSet(ctx.r, p.initializer);
            const off = vs.literals.find((l) => l.value === false);
            if (off && !vs.open && vs.literals.length === 1)
              ctx.report({
                ruleId: ID,
                node: p,
                messageId: "certificateCheckOff",
                messageData: { option: name },
              });
            else if (off)
              ctx.report({
                ruleId: ID,
                node: reportNode(p, off.node),
                messageId: "certificateCheckMayBeOff",
                messageData: { option: name },
              });
          } else if (name === "checkServerIdentity" && isNoopFunction(p.initializer)) {
            ctx.report({
              ruleId: ID,
              node: p,
              messageId: "serverIdentityAcceptsAll",
            });
          }
        }
      }
      // process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"
      for (const n of idx.assignmentExprs) {
        if (n.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !isEnvAccess(n.left)) continue;
        const l = unwrap(n.left);
        const name = ts.isPropertyAccessExpression(l)
          ? l.name.text
          : ts.isElementAccessExpression(l) && ts.isStringLiteral(l.argumentExpression)
            ? l.argumentExpression.text
            : "";
        const v = valueSet(ctx.r, n.right).literals.find((l) => String(l.value) === "0");
        if (name === "NODE_TLS_REJECT_UNAUTHORIZED" && v) {
          ctx.report({
            ruleId: ID,
            node: n,
            messageId: "tlsChecksOffForProcess",
          });
        }
      }
    }
  },
};

const IDENTIFIER_SIBLINGS = new Set([
  "system",
  "code",
  "display",
  "resourceType",
  "extension",
  "coding",
  "valueSet",
  "definition",
  "codeSystem",
  "identifier",
  "profile",
  "oid",
]);
/** The path of a FHIR canonical URL: a definition's identity, not a place data is sent to. */
const CANONICAL_PATH =
  /^\s*http:\/\/[^/\s]+(\/[^\s]*)?\/(StructureDefinitions?|ValueSet|CodeSystem|NamingSystem|ConceptMap|SearchParameter|OperationDefinition|extensions?)(\/|$|#|\?)/;

/** `fetch("http://…")`: the literal itself is an argument of a call. */
function isDirectCallArgument(s: ts.Node): boolean {
  let cur: ts.Node = s;
  while (cur.parent && (ts.isParenthesizedExpression(cur.parent) || ts.isAsExpression(cur.parent)))
    cur = cur.parent;
  const p = cur.parent;
  return (
    !!p && (ts.isCallExpression(p) || ts.isNewExpression(p)) && (p.arguments ?? []).some((a) => a === cur)
  );
}

/**
 * An object that is a record in a list (an element of an array literal, or nested in one): data
 * such as seed rows, fixtures or FHIR resources, whose URL values describe things rather than
 * configure a client.
 */
function isRecordInList(o: ts.ObjectLiteralExpression): boolean {
  let cur: ts.Node = o;
  for (let depth = 0; cur.parent && depth < 12; depth++) {
    const p: ts.Node = cur.parent;
    if (ts.isArrayLiteralExpression(p)) return true;
    if (
      ts.isPropertyAssignment(p) ||
      ts.isObjectLiteralExpression(p) ||
      ts.isParenthesizedExpression(p) ||
      ts.isAsExpression(p) ||
      ts.isSatisfiesExpression(p)
    ) {
      cur = p;
      continue;
    }
    return false;
  }
  return false;
}

const PARSE_ONLY =
  /^(parse|URLSearchParams|set|get|has|delete|startsWith|endsWith|includes|indexOf|match|test|replace|split)$/;
const IDENTIFIER_NAME =
  /SYSTEM|NAMESPACE|(^|_)NS($|_)|SCHEMA|(^|_)OID|PROFILE|EXTENSION|IDENTIFIER|CODE_?SYSTEM|VALUE_?SET|TERMINOLOGY|(_|^)TYPE$/i;

/**
 * How an http:// literal is used: as an endpoint (requested, configured as a URL, built from a
 * host) or as an identifier (a FHIR code system, a map key, a namespace). Unknown uses count as
 * endpoints: the safe side for a review tool.
 */
function endpointUse(ctx: RuleContext, n: ts.Node, depth: number): "endpoint" | "identifier" {
  if (depth > 3) return "endpoint";
  let cur: ts.Node = n;
  // Climb through wrappers that keep the value: parentheses, `??`/`||` fallbacks, `as`.
  while (
    cur.parent &&
    (ts.isParenthesizedExpression(cur.parent) ||
      ts.isAsExpression(cur.parent) ||
      (ts.isBinaryExpression(cur.parent) &&
        /^(\?\?|\|\|)$/.test(cur.parent.operatorToken.getText()) &&
        cur.parent.right === cur))
  )
    cur = cur.parent;
  const p = cur.parent;
  if (!p) return "endpoint";
  if (ts.isCallExpression(p) || ts.isNewExpression(p)) {
    const callee = unwrap(p.expression);
    const name = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : "";
    if (PARSE_ONLY.test(name) && ((p.arguments ?? []) as readonly ts.Node[]).indexOf(cur) === 0)
      return "identifier";
    return "endpoint";
  }
  if (ts.isPropertyAssignment(p) && p.initializer === cur) {
    const key = propertyNameText(p.name) ?? "";
    if (NAMESPACE_KEYS.test(key) || /^[\d.]+$/.test(key)) return "identifier";
    const siblings = p.parent.properties.map((x) => (x.name ? (propertyNameText(x.name) ?? "") : ""));
    // FHIR elements: `{ url, valueString }` is an extension, `{ system, code }` a coding.
    if (siblings.some((k) => IDENTIFIER_SIBLINGS.has(k) || /^value[A-Z]/.test(k))) return "identifier";
    if (isRecordInList(p.parent)) return "identifier";
    return propertyPathUse(ctx, p, depth);
  }
  if (ts.isVariableDeclaration(p) && p.initializer === cur && ts.isIdentifier(p.name)) {
    const name = p.name.text;
    const uses = usesOf(ctx, p, n);
    if (!uses.length) return IDENTIFIER_NAME.test(name) ? "identifier" : "endpoint";
    return uses.some((u) => endpointUse(ctx, u, depth + 1) === "endpoint") ? "endpoint" : "identifier";
  }
  if (ts.isBinaryExpression(p) && /^(===|!==|==|!=)$/.test(p.operatorToken.getText())) return "identifier";
  // `${BASE}/coverage-reference`: the template is what is used; judge its use.
  if (ts.isTemplateSpan(p) && p.expression === cur) return endpointUse(ctx, p.parent, depth + 1);
  if (ts.isShorthandPropertyAssignment(p)) return endpointUse(ctx, p, depth + 1);
  return "endpoint";
}

/** Where a variable is read: in its file, else (an exported constant) in the files that import it. */
function usesOf(ctx: RuleContext, decl: ts.VariableDeclaration, value: ts.Node): ts.Identifier[] {
  if (!ts.isIdentifier(decl.name)) return [];
  const name = decl.name.text;
  const uses: ts.Identifier[] = [];
  const visit = (x: ts.Node): void => {
    if (ts.isIdentifier(x) && x.text === name && x !== decl.name && resolveIdentifier(x) === decl)
      uses.push(x);
    ts.forEachChild(x, visit);
  };
  visit(decl.getSourceFile());
  if (uses.length || !isExported(decl)) return uses;
  const home = decl.getSourceFile();
  const homePackage = packageNameOf(home.fileName, ctx.r.ws.root);
  for (const sf of ctx.r.ws.files()) {
    if (uses.length > 40) break;
    // Only a file that imports the module (or a barrel re-exporting it) can use the constant:
    // walking every file that merely contains the name made many same-named exports quadratic.
    if (sf === home || !sf.text.includes(name)) continue;
    if (ctx.r.importsFile(sf, home)) {
      const look = (x: ts.Node): void => {
        if (
          ts.isIdentifier(x) &&
          x.text === name &&
          !ts.isImportSpecifier(x.parent) &&
          ctx.r.values(x).some((v) => v.kind === "node" && v.node === value)
        )
          uses.push(x);
        ts.forEachChild(x, look);
      };
      look(sf);
    } else if (homePackage && packageOf(sf) !== homePackage) {
      uses.push(...importedByPackageName(sf, name, homePackage));
    }
  }
  return uses;

  function packageOf(sf: ts.SourceFile): string | undefined {
    return packageNameOf(sf.fileName, ctx.r.ws.root);
  }
}

/**
 * Reads of `name` in a file of another package of the monorepo that imports it by the package's
 * name (`import { X } from "utils"`, `from "utils/lib/fhir"`), which the workspace's own module
 * resolution does not follow: an identifier base defined in one package and compared in another.
 */
function importedByPackageName(sf: ts.SourceFile, name: string, pkg: string): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const look = (x: ts.Node): void => {
    if (ts.isIdentifier(x) && x.text === name && !ts.isImportSpecifier(x.parent)) {
      const d = resolveIdentifier(x);
      if (d && ts.isImportSpecifier(d) && !d.propertyName) {
        const spec = d.parent.parent.parent.moduleSpecifier;
        if (ts.isStringLiteral(spec) && (spec.text === pkg || spec.text.startsWith(pkg + "/"))) out.push(x);
      }
    }
    ts.forEachChild(x, look);
  };
  look(sf);
  return out;
}

/**
 * A value inside a constant object (`X = { coverage: { url: … } }`): judged by the reads of its
 * property path (`X.coverage.url`). When the code reads it, and only to compare it (`ext.url ===
 * X.coverage.url`) or as an identifier, it names something; any other use, or a read of part of
 * the object as a whole, keeps it an endpoint.
 */
function propertyPathUse(
  ctx: RuleContext,
  prop: ts.PropertyAssignment,
  depth: number,
): "endpoint" | "identifier" {
  const path: string[] = [];
  let cur: ts.Node = prop;
  while (ts.isPropertyAssignment(cur)) {
    const key = propertyNameText(cur.name);
    if (!key) return "endpoint";
    path.unshift(key);
    const obj: ts.Node = cur.parent;
    cur = obj.parent;
    if (!ts.isPropertyAssignment(cur) && !(ts.isVariableDeclaration(cur) && cur.initializer === obj))
      return "endpoint";
  }
  if (!ts.isVariableDeclaration(cur) || !cur.initializer) return "endpoint";
  let reads = 0;
  for (const use of usesOf(ctx, cur, cur.initializer)) {
    let at: ts.Expression = use;
    let i = 0;
    while (i < path.length && ts.isPropertyAccessExpression(at.parent) && at.parent.expression === at) {
      if (at.parent.name.text !== path[i]) break;
      at = at.parent;
      i++;
    }
    if (i === path.length) {
      reads++;
      if (endpointUse(ctx, at, depth + 1) === "endpoint") return "endpoint";
    } else if (!(ts.isPropertyAccessExpression(at.parent) && at.parent.expression === at)) {
      return "endpoint"; // part of the object used as a whole
    }
  }
  return reads ? "identifier" : "endpoint";
}

/** The property when the literal is written inside it, else the literal (a config module, a schema default). */
function reportNode(prop: ts.Node, literal: ts.Node): ts.Node {
  return literal.pos >= prop.pos &&
    literal.end <= prop.end &&
    literal.getSourceFile() === prop.getSourceFile()
    ? prop
    : literal;
}

function isExported(d: ts.VariableDeclaration): boolean {
  const st = d.parent?.parent;
  return (
    !!st &&
    ts.isVariableStatement(st) &&
    !!ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  );
}

function isConcatenated(s: ts.Node): boolean {
  const p = s.parent;
  return !!p && ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken && p.left === s;
}

function isComparison(s: ts.Node): boolean {
  const p = s.parent;
  if (!p) return false;
  if (ts.isBinaryExpression(p) && /^(===|!==|==|!=)$/.test(p.operatorToken.getText())) return true;
  if (
    ts.isCallExpression(p) &&
    ts.isPropertyAccessExpression(p.expression) &&
    /^(startsWith|endsWith|includes|indexOf|replace|replaceAll|test|match|split)$/.test(
      p.expression.name.text,
    )
  )
    return true;
  if (ts.isCaseClause(p)) return true;
  return false;
}

function isNamespaceContext(s: ts.Node): boolean {
  const p = s.parent;
  if (p && ts.isPropertyAssignment(p) && p.initializer === s) {
    const k = propertyNameText(p.name);
    if (k && NAMESPACE_KEYS.test(k)) return true;
  }
  if (p && ts.isJsxAttribute(p)) return /^xmlns/.test(p.name.getText());
  // setAttribute("xmlns", "http://...") / createElementNS("http://...", ...)
  if (
    p &&
    ts.isCallExpression(p) &&
    ts.isPropertyAccessExpression(p.expression) &&
    /NS$|^setAttribute$/.test(p.expression.name.text)
  )
    return true;
  return false;
}

/** `const NS = "http://…"` whose every use is an XML namespace (`xmlns="${NS}"`, createElementNS(NS, …)). */
function usedOnlyAsNamespace(s: ts.Node): boolean {
  const decl = s.parent;
  if (!decl || !ts.isVariableDeclaration(decl) || decl.initializer !== s || !ts.isIdentifier(decl.name))
    return false;
  const name = decl.name.text;
  let uses = 0;
  let allNamespace = true;
  const visit = (n: ts.Node): void => {
    if (!allNamespace) return;
    if (ts.isIdentifier(n) && n.text === name && n !== decl.name && resolveIdentifier(n) === decl) {
      uses++;
      const p = n.parent;
      if (ts.isTemplateSpan(p) && p.expression === n) {
        const tpl = p.parent;
        const i = tpl.templateSpans.indexOf(p);
        const before = i === 0 ? tpl.head.text : tpl.templateSpans[i - 1].literal.text;
        if (!/xmlns(:[\w-]+)?\s*=\s*["']?$/.test(before)) allNamespace = false;
      } else if (!isNamespaceContext(n)) {
        allNamespace = false;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(s.getSourceFile());
  return uses > 0 && allNamespace;
}

function isNoopFunction(e: ts.Expression): boolean {
  const u = unwrap(e);
  if (!(ts.isArrowFunction(u) || ts.isFunctionExpression(u))) return false;
  const b = u.body;
  if (!ts.isBlock(b))
    return (
      b.kind === ts.SyntaxKind.UndefinedKeyword ||
      (ts.isIdentifier(b) && b.text === "undefined") ||
      b.kind === ts.SyntaxKind.NullKeyword
    );
  return (
    b.statements.length === 0 ||
    (b.statements.length === 1 && ts.isReturnStatement(b.statements[0]) && !b.statements[0].expression)
  );
}

/** `client.useTLS()` on the same client variable somewhere in the file. */
function usesCallOnSameClient(
  ctx: RuleContext,
  call: ts.CallExpression | ts.NewExpression,
  method: string,
): boolean {
  const callee = ts.isCallExpression(call) ? unwrap(call.expression) : undefined;
  if (!callee || !ts.isPropertyAccessExpression(callee)) return false;
  const recv = unwrap(callee.expression);
  const recvText = recv.getText();
  for (const c of fileIndex(call.getSourceFile()).calls) {
    const ce = unwrap(c.expression);
    if (
      ts.isPropertyAccessExpression(ce) &&
      ce.name.text === method &&
      unwrap(ce.expression).getText() === recvText
    )
      return true;
  }
  void ctx;
  return false;
}

/** MLLP framing (start block 0x0B, end block 0x1C 0x0D) or an HL7 message header written in the file. */

/**
 * The socket this call creates (a client's, or a server's connection callback parameter) is handed
 * to code of a module this file imports that frames MLLP (`new Network(socket)`, where the
 * imported module writes `\x0b…\x1c\r`): the channel carries what that module frames.
 */
function handedToMllpModule(ctx: RuleContext, call: ts.CallExpression | ts.NewExpression): boolean {
  const sf = call.getSourceFile();
  const framing = [...ctx.r.importedFiles(sf)].some((t) => MLLP_EVIDENCE.test(t.text));
  if (!framing) return false;
  const uses = fileIndex(sf).argUses;
  let host: ts.Node = call;
  while (host.parent && (ts.isAwaitExpression(host.parent) || ts.isParenthesizedExpression(host.parent)))
    host = host.parent;
  const holder = host.parent && ts.isVariableDeclaration(host.parent) ? host.parent : undefined;
  if (holder && (uses.get(holder) ?? []).length) return true;
  // net.createServer((socket) => new Handler(socket)): the connection callback's first parameter.
  const cb = call.arguments?.find((a) => isFunctionLike(unwrap(a)));
  const param = cb && (unwrap(cb) as ts.FunctionLikeDeclaration).parameters[0];
  return !!param && (uses.get(param) ?? []).length > 0;
}

/** Personal data written to the socket this call creates (`sock.write(hl7Message)`). */
function personalWrites(ctx: RuleContext, call: ts.CallExpression | ts.NewExpression): boolean {
  return socketWrites(ctx, call).some((c) =>
    ctx.taint.concreteFlows(c.arguments[0]).some((f) => f.origin.kind === "src"),
  );
}

/** An MLLP frame written to the socket this call creates (`sock.write(mllp.frame(message))`). */
function framedWrites(ctx: RuleContext, call: ts.CallExpression | ts.NewExpression): boolean {
  return socketWrites(ctx, call).some((c) => startsWithMllpBlock(ctx, c.arguments[0]));
}

/**
 * The write, end and send calls on the socket this call creates, in its file: on the variable
 * that holds it, on the connection callback's socket, or on any receiver whose value is this
 * socket (a class field set in the constructor, a helper that returns it).
 */
function socketWrites(ctx: RuleContext, call: ts.CallExpression | ts.NewExpression): ts.CallExpression[] {
  const out = new Set(directSocketWrites(call));
  for (const c of fileIndex(call.getSourceFile()).calls) {
    if (out.has(c)) continue;
    const ce = unwrap(c.expression);
    if (!ts.isPropertyAccessExpression(ce) || !/^(write|end|send)$/.test(ce.name.text) || !c.arguments[0])
      continue;
    const holds = ctx.r
      .values(ce.expression)
      .some((v) =>
        v.kind === "api" ? v.ref.steps.some((st) => st.k === "c" && st.node === call) : v.node === call,
      );
    if (holds) out.add(c);
  }
  return [...out];
}

function directSocketWrites(call: ts.CallExpression | ts.NewExpression): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  let host: ts.Node = call;
  while (host.parent && (ts.isAwaitExpression(host.parent) || ts.isParenthesizedExpression(host.parent)))
    host = host.parent;
  // `new net.Socket()` then `sock.connect(...)`: the variable is the socket's.
  const decl = host.parent && ts.isVariableDeclaration(host.parent) ? host.parent : receiverDecl(call);
  // `net.createServer((socket) => socket.write(...))`: the connection callback's socket.
  const cb = call.arguments?.find((a) => isFunctionLike(unwrap(a)));
  const param = cb && (unwrap(cb) as ts.FunctionLikeDeclaration).parameters[0];
  const holders = [decl, param].filter((d): d is ts.Node => !!d);
  if (!holders.length) return out;
  for (const c of fileIndex(call.getSourceFile()).calls) {
    const ce = unwrap(c.expression);
    if (!ts.isPropertyAccessExpression(ce) || !/^(write|end|send)$/.test(ce.name.text) || !c.arguments[0])
      continue;
    const root = unwrap(ce.expression);
    const d = ts.isIdentifier(root) ? resolveIdentifier(root) : undefined;
    if (!d || !holders.includes(d)) continue;
    out.push(c);
  }
  return out;
}

function receiverDecl(call: ts.CallExpression | ts.NewExpression): ts.Node | undefined {
  const ce = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(ce)) return undefined;
  const root = unwrap(ce.expression);
  return ts.isIdentifier(root) ? resolveIdentifier(root) : undefined;
}

/** A client channel whose host is loopback (`net.connect(6661, "127.0.0.1")`, `{ host: "localhost" }`). */
function toLoopback(
  ctx: RuleContext,
  site: { call: ts.CallExpression | ts.NewExpression; model: { hostArg?: number | string } },
): boolean {
  const hosts: ts.Expression[] = [];
  if (site.model.hostArg !== undefined) {
    const h = argumentAt(ctx.r, site.call, site.model.hostArg);
    if (h) hosts.push(h);
  }
  // net.connect(port, host) and socket.connect(port, host): the host is the second argument.
  const second = site.call.arguments?.[1];
  if (second) hosts.push(second);
  return hosts.some((h) => {
    const v = literalOf(ctx.r, h);
    return !!v && typeof v.value === "string" && isLoopback(v.value);
  });
}

/** The node of a command word that switches a check off, or the command's site when elsewhere. */
function insecureOptionNode(word: Word, site: ts.Node): ts.Node {
  const at = wordNode(word);
  return at.getSourceFile() === site.getSourceFile() ? at : site;
}
