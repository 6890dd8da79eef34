/**
 * plaintext-transfer: ftp:// and http:// endpoints, FTP clients without TLS, TLS with certificate
 * checks switched off (Art. 32(1)(a)(b); CNIL SAN-2022-009 §60).
 */
import { ts } from "ts-morph";
import { propertyNameText, unwrap } from "../ast/nodes";
import { fileIndex } from "../resolve/fileIndex";
import { resolveIdentifier } from "../ast/scopes";
import { isTestFile } from "./hardcodedCredentials";
import { connectionSites } from "./connections";
import { RuleContext, Rule } from "./context";
import { hasProp, isEnvAccess, literalOf, propValue } from "./facts";

export const ID = "plaintext-transfer";

/** Hosts whose http:// URLs are identifiers (XML namespaces, code systems), never endpoints. */
const NAMESPACE_HOSTS = /^(www\.)?(w3\.org|w3c\.org|schemas\.xmlsoap\.org|schemas\.microsoft\.com|schemas\.openxmlformats\.org|purl\.org|json-schema\.org|schema\.org|xmlns\.com|ns\.adobe\.com|hl7\.org|terminology\.hl7\.org|loinc\.org|snomed\.info|unitsofmeasure\.org|www\.nlm\.nih\.gov|ihe\.net|www\.ihe\.net|openid\.net|docs\.oasis-open\.org|example\.org|example\.com|localhost\.localdomain|interop\.esante\.gouv\.fr|xml\.insee\.fr)([/|:#?]|$)/i;
const NAMESPACE_KEYS = /^(xmlns(:\w+)?|namespace|ns|targetNamespace|\$schema|\$id|@context|@type|system|profile|definition|valueSet|codeSystem|canonical|schemaLocation)$/i;

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
      // URLs in test files are examples handed to the code under test, not endpoints.
      for (const s of isTestFile(sf.fileName) ? [] : idx.strings) {
        const text = ts.isTemplateExpression(s) ? s.head.text : s.text;
        const m = /^\s*(ftp|http):\/\/(?:[^@/\s]*@)?(\[[^\]]*\]|[^/:?#\s]*)/i.exec(text);
        if (!m) continue;
        const scheme = m[1].toLowerCase();
        const host = m[2];
        if (host && isLoopback(host)) continue;
        if (scheme === "http" && NAMESPACE_HOSTS.test(text.replace(/^\s*http:\/\//i, ""))) continue;
        if (!host && !(ts.isTemplateExpression(s) || isConcatenated(s))) continue; // a bare "http://" used in a comparison
        if (isNamespaceContext(s) || isComparison(s) || usedOnlyAsNamespace(s)) continue;
        if (scheme === "http" && /^(schemas?|ns|xmlns|namespaces?)\./i.test(host)) continue;
        ctx.report({
          ruleId: ID, node: s,
          message: scheme === "ftp"
            ? "ftp:// endpoint: FTP sends files, user names and passwords in clear; use SFTP or FTPS"
            : "http:// endpoint: data and credentials cross the network in clear; use https://",
          data: { fix: "scheme", scheme },
        });
      }
      // 2. FTP clients without TLS.
      for (const site of connectionSites(ctx, sf)) {
        const sec = site.model.secure;
        if (site.model.protocol !== "ftp" || !sec) continue;
        if (sec.never) {
          ctx.report({ ruleId: ID, node: site.call, message: "this FTP client has no TLS support: the whole session, credentials included, travels in clear; use SFTP (ssh2-sftp-client) or FTPS (basic-ftp with secure: true)", data: { fix: "none" } });
          continue;
        }
        if (sec.call) {
          if (!usesCallOnSameClient(ctx, site.call, sec.call)) {
            ctx.report({ ruleId: ID, node: site.call, message: `FTP login without ${sec.call}(): credentials and files travel in clear`, data: { fix: "none" } });
          }
          continue;
        }
        if (!sec.key) continue;
        if (site.opaqueOptions) continue;
        if (!site.options) {
          ctx.report({ ruleId: ID, node: site.call, message: `FTP connection without TLS (no ${sec.key} option): files and credentials travel in clear`, data: { fix: "add-secure", key: sec.key } });
          continue;
        }
        const hit = propValue(ctx.r, site.options, sec.key);
        if (!hit) {
          if (hasProp(ctx.r, site.options, sec.key) === "unknown") continue;
          ctx.report({ ruleId: ID, node: site.call, message: `FTP connection without TLS (no ${sec.key} option): files and credentials travel in clear`, data: { fix: "add-secure", key: sec.key } });
          continue;
        }
        const lit = literalOf(ctx.r, hit.value);
        if (!lit) continue; // decided at run time (an environment flag): not provable here
        const ok = (sec.ok ?? [true]).some((v) => v === lit.value);
        if (!ok) {
          ctx.report({ ruleId: ID, node: hit.prop, message: `${sec.key}: ${JSON.stringify(lit.value)} turns TLS off: files and credentials travel in clear`, data: { fix: "set-secure", key: sec.key } });
        }
      }
      // 3. TLS certificate checks switched off.
      for (const o of idx.objects) {
        for (const p of o.properties) {
          if (!ts.isPropertyAssignment(p)) continue;
          const name = propertyNameText(p.name);
          if (name === "rejectUnauthorized" || name === "strictSSL") {
            const lit = literalOf(ctx.r, p.initializer);
            if (lit && lit.value === false) ctx.report({ ruleId: ID, node: p, message: `${name}: false accepts any certificate: a machine in the middle can read and alter the transfer` });
          } else if (name === "checkServerIdentity" && isNoopFunction(p.initializer)) {
            ctx.report({ ruleId: ID, node: p, message: "checkServerIdentity is replaced by a function that accepts every server: a machine in the middle can read and alter the transfer" });
          }
        }
      }
      // process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"
      ts.forEachChild(sf, function visit(n): void {
        if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && isEnvAccess(n.left)) {
          const l = unwrap(n.left);
          const name = ts.isPropertyAccessExpression(l) ? l.name.text : ts.isElementAccessExpression(l) && ts.isStringLiteral(l.argumentExpression) ? l.argumentExpression.text : "";
          const v = literalOf(ctx.r, n.right);
          if (name === "NODE_TLS_REJECT_UNAUTHORIZED" && v && String(v.value) === "0") {
            ctx.report({ ruleId: ID, node: n, message: "NODE_TLS_REJECT_UNAUTHORIZED=0 switches certificate checks off for every TLS connection of the process" });
          }
        }
        ts.forEachChild(n, visit);
      });
    }
  },
};

function isConcatenated(s: ts.Node): boolean {
  const p = s.parent;
  return !!p && ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken && p.left === s;
}

function isComparison(s: ts.Node): boolean {
  const p = s.parent;
  if (!p) return false;
  if (ts.isBinaryExpression(p) && /^(===|!==|==|!=)$/.test(p.operatorToken.getText())) return true;
  if (ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) && /^(startsWith|endsWith|includes|indexOf|replace|replaceAll|test|match|split)$/.test(p.expression.name.text)) return true;
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
  if (p && ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) && /NS$|^setAttribute$/.test(p.expression.name.text)) return true;
  return false;
}

/** `const NS = "http://…"` whose every use is an XML namespace (`xmlns="${NS}"`, createElementNS(NS, …)). */
function usedOnlyAsNamespace(s: ts.Node): boolean {
  const decl = s.parent;
  if (!decl || !ts.isVariableDeclaration(decl) || decl.initializer !== s || !ts.isIdentifier(decl.name)) return false;
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
  if (!ts.isBlock(b)) return b.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isIdentifier(b) && b.text === "undefined") || b.kind === ts.SyntaxKind.NullKeyword;
  return b.statements.length === 0 || (b.statements.length === 1 && ts.isReturnStatement(b.statements[0]) && !b.statements[0].expression);
}

/** `client.useTLS()` on the same client variable somewhere in the file. */
function usesCallOnSameClient(ctx: RuleContext, call: ts.CallExpression | ts.NewExpression, method: string): boolean {
  const callee = ts.isCallExpression(call) ? unwrap(call.expression) : undefined;
  if (!callee || !ts.isPropertyAccessExpression(callee)) return false;
  const recv = unwrap(callee.expression);
  const recvText = recv.getText();
  for (const c of fileIndex(call.getSourceFile()).calls) {
    const ce = unwrap(c.expression);
    if (ts.isPropertyAccessExpression(ce) && ce.name.text === method && unwrap(ce.expression).getText() === recvText) return true;
  }
  void ctx;
  return false;
}
