/**
 * hardcoded-credentials: passwords, passphrases and private keys written into the code of
 * transfer, database or HTTP-auth clients, or inside URLs: one secret shared by everyone who can
 * read the code (citation: rules/hardcoded-credentials/meta.json).
 */
import { ts } from "ts-morph";
import { propertyNameText, unwrap } from "../ast/nodes";
import { fileIndex } from "../resolve/fileIndex";
import { connectionSites } from "./connections";
import { MessageData, Rule, RuleContext } from "./context";
import { isEnvAccess, literalOf, objectOf, propValue } from "./facts";
import { valueSet } from "../resolve/valueSets";
import { isPlaceholder, isSecretLiteral, namesTheProperty } from "../classify/secretValues";

export const ID = "hardcoded-credentials";

const SECRET_KEYS =
  /^(password|passwd|pass|pwd|passphrase|privateKey|private_key|privatekey|motDePasse|mot_de_passe|mdp|secretKey|secret_key|clientSecret|client_secret)$/i;
/** Environment variables database and transfer tools read their password from. */
const COMMAND_SECRET_ENV =
  /^(PGPASSWORD|MYSQL_PWD|SSHPASS|MONGO_PASSWORD|REDISCLI_AUTH|ISC_PASSWORD|AWS_SECRET_ACCESS_KEY|AZURE_STORAGE_KEY)$/;
const CONNECTION_KEYS =
  /^(host|hostname|server|user|username|login|port|database|db|connectionString|uri|url|dialect|client|auth|account|domain)$/i;

/** Strings that stand for a secret without being one (kept for importers; see secretValues.ts). */
export { isPlaceholder };

/** Keys whose value is a machine token (judged by entropy too), not a password someone chose. */
const TOKEN_KEYS = /^(secretKey|secret_key|clientSecret|client_secret|privateKey|private_key|privatekey)$/i;

/** Properties whose strings are hints shown to people or written for them, not configuration. */
const HINT_KEYS =
  /^(placeholder|hint|example|examples|sample|description|desc|help|helpText|tooltip|label|title|doc|docs|documentation|comment)$/i;

export const hardcodedCredentials: Rule = {
  id: ID,
  run(ctx: RuleContext): void {
    const done = new Set<ts.Node>();
    // `name`: the environment variable the fix reads the secret from.
    const report = (node: ts.Node, messageId: string, messageData: MessageData, name?: string): void => {
      if (done.has(node)) return;
      done.add(node);
      ctx.report({ ruleId: ID, node, messageId, messageData, data: { fix: "env", name } });
    };
    // Every literal the value may take (`process.env.P || "x"`, `dev ? "x" : process.env.P`, a
    // schema default, `config.get("P", "x")`): a literal secret among them is in the code.
    // A placeholder (`password`, `changeme`, `${…}`), a field name (`password: "sshPassword"`) or,
    // for machine tokens, a low-entropy word is not a secret (rules/hardcoded-credentials/doc.md).
    const secretValue = (e: ts.Expression, key = "password"): ts.Node | undefined => {
      if (isEnvAccess(unwrap(e))) return undefined;
      const kind = TOKEN_KEYS.test(key) ? "token" : "password";
      for (const l of valueSet(ctx.r, e).literals)
        if (typeof l.value === "string" && isSecretLiteral(l.value, kind) && !namesTheProperty(key, l.value))
          return l.node;
      return undefined;
    };

    for (const sf of ctx.files) {
      // 1. Options of known connection calls (FTP, SFTP, SSH, databases, SMTP), including nested ones.
      for (const site of connectionSites(ctx, sf)) {
        if (site.options && anonymousLogin(ctx, site.options)) continue;
        const keys = site.model.password ?? ["password", "pass", "passphrase", "privateKey"];
        if (site.options) {
          for (const k of [
            ...keys,
            "connection.password",
            "auth.pass",
            "auth.password",
            "authentication.options.password",
          ]) {
            const hit = propValue(ctx.r, site.options, k);
            if (!hit) continue;
            const node = secretValue(hit.value, lastKey(k));
            if (node)
              report(
                reportNode(hit.prop, node),
                "clientSecret",
                { key: lastKey(k), protocol: site.model.protocol },
                envName(site.model.protocol, lastKey(k)),
              );
          }
        }
        if (site.model.positionalPassword !== undefined) {
          const a = site.call.arguments?.[site.model.positionalPassword];
          const node = a && secretValue(a);
          if (node)
            report(
              node,
              "clientSecret",
              { key: "password", protocol: site.model.protocol },
              envName(site.model.protocol, "password"),
            );
        }
      }
      // 1b. Programs the code starts: passwords in the command line or in the environment it is given.
      for (const run of ctx.taint.commands.runsIn(sf)) {
        for (const sec of run.effects.secrets)
          report(run.site, "commandLineSecret", { secret: sec.what }, "DB_PASSWORD");
        const env = run.options && propValue(ctx.r, run.options, "env");
        const envObj = env && objectOf(ctx.r, env.value);
        for (const p of envObj ? envObj.properties : []) {
          if (!ts.isPropertyAssignment(p)) continue;
          const k = propertyNameText(p.name) ?? "";
          if (!COMMAND_SECRET_ENV.test(k)) continue;
          const node = secretValue(p.initializer);
          if (node) report(reportNode(p, node), "commandEnvironmentSecret", { variable: k }, k);
        }
      }
      const idx = fileIndex(sf);
      // 2. Credential-shaped objects anywhere: a secret key next to connection keys, or inside `auth`.
      for (const o of idx.objects) {
        const props = o.properties.filter(ts.isPropertyAssignment);
        const names = o.properties.map((p) => (p.name ? (propertyNameText(p.name) ?? "") : ""));
        const ownerKey = ts.isPropertyAssignment(o.parent) ? (propertyNameText(o.parent.name) ?? "") : "";
        if (anonymousLogin(ctx, o)) continue;
        const credentialShaped =
          names.some((n) => CONNECTION_KEYS.test(n)) ||
          /^(auth|credentials|connection|ftp|sftp|ssh|smtp|db|database)$/i.test(ownerKey);
        for (const p of props) {
          const k = propertyNameText(p.name) ?? "";
          if (!SECRET_KEYS.test(k)) continue;
          const lit = literalOf(ctx.r, p.initializer);
          const isPem =
            lit && typeof lit.value === "string" && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(lit.value);
          if (!credentialShaped && !isPem) continue;
          const node = secretValue(p.initializer, k);
          if (node)
            report(reportNode(p, node), "secretProperty", { key: k }, envName(ownerKey || "service", k));
        }
        // Authorization: "Basic dXNlcjpwYXNz"
        for (const p of props) {
          const k = propertyNameText(p.name) ?? "";
          if (!/^authorization$/i.test(k)) continue;
          const lit = literalOf(ctx.r, p.initializer);
          const fixed =
            lit && typeof lit.value === "string" ? /^(Basic|Bearer)\s+(\S{6,})/i.exec(lit.value) : null;
          if (lit && fixed && isSecretLiteral(fixed[2], "token"))
            report(reportNode(p, lit.node), "authorizationHeader", {}, "API_AUTHORIZATION");
        }
      }
      // 3. URLs with a password: ftp://user:secret@host
      for (const s of idx.strings) {
        const text = ts.isTemplateExpression(s) ? s.head.text : s.text;
        const m = /^\s*[a-z][a-z0-9+.-]*:\/\/([^:/@\s]+):([^@/\s]+)@/i.exec(text);
        if (!m) continue;
        if (isPlaceholder(m[2]) || m[2].includes("${") || isHint(s)) continue;
        report(s, "urlPassword", {}, envName("url", "password"));
      }
    }
  },
};

/** A string shown to people as a hint or an example (`placeholder: "ftp://user:pass@host"`). */
function isHint(s: ts.Node): boolean {
  const p = s.parent;
  if (!p) return false;
  if (ts.isJsxAttribute(p)) return HINT_KEYS.test(p.name.getText());
  if (!ts.isPropertyAssignment(p) || p.initializer !== s) return false;
  const key = propertyNameText(p.name) ?? "";
  return HINT_KEYS.test(key.split(".").pop() ?? key);
}

/** Anonymous FTP logins conventionally give an e-mail address as password: not a secret. */
function anonymousLogin(ctx: RuleContext, o: ts.ObjectLiteralExpression): boolean {
  for (const k of ["user", "username"]) {
    const hit = propValue(ctx.r, o, k);
    const lit = hit && literalOf(ctx.r, hit.value);
    if (lit && typeof lit.value === "string" && /^(anonymous|ftp|anon|guest)$/i.test(lit.value)) return true;
  }
  return false;
}

function reportNode(prop: ts.Node, literal: ts.Node): ts.Node {
  return literal.pos >= prop.pos &&
    literal.end <= prop.end &&
    literal.getSourceFile() === prop.getSourceFile()
    ? prop
    : literal;
}

function lastKey(k: string): string {
  return k.split(".").pop() ?? k;
}

function envName(owner: string, key: string): string {
  const o = owner.replace(/[^A-Za-z0-9]+/g, "_").toUpperCase();
  const k = key
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase();
  return `${o}_${k === "PASS" ? "PASSWORD" : k}`;
}
