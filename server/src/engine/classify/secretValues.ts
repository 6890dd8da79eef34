/**
 * Whether a literal written where a credential goes is a secret or only stands for one. The
 * approach is the one published secret scanners take: a stop-word list (Yelp detect-secrets'
 * keyword plugin `FALSE_POSITIVES`, gitleaks' generic rule `stopwords`) plus, for machine
 * tokens, a Shannon-entropy threshold (gitleaks `entropy`, detect-secrets' high-entropy
 * plugins). Passwords people choose have low entropy, so for them only the stop words count.
 */

/** Words that name a credential (`password`, `secret`, `key`…). */
const CREDENTIAL_WORDS = new Set([
  "password",
  "passwd",
  "pass",
  "pwd",
  "passphrase",
  "passcode",
  "secret",
  "key",
  "token",
  "credential",
  "credentials",
  "changeme",
  "changeit",
  "mdp",
  "motdepasse",
]);
/** Words that mark a value as an example or a stand-in. */
const PLACEHOLDER_WORDS = new Set([
  "your",
  "example",
  "sample",
  "test",
  "testing",
  "dummy",
  "fake",
  "mock",
  "placeholder",
  "redacted",
  "replace",
  "todo",
  "foo",
  "bar",
  "baz",
  "qux",
  "none",
  "null",
  "undefined",
  "xxx",
]);
/** Filler that may sit beside those words (`rootpassword`, `my-secret-here`, `changeit`). */
const FILLER_WORDS = new Set([
  "my",
  "the",
  "a",
  "this",
  "is",
  "not",
  "real",
  "here",
  "enter",
  "insert",
  "put",
  "change",
  "me",
  "it",
  "new",
  "default",
  "dev",
  "local",
  "demo",
  "root",
  "admin",
  "user",
  "username",
  "db",
  "database",
  "master",
  "word",
]);

/** Shannon entropy of the string, in bits per character. */
export function shannonEntropy(s: string): number {
  if (!s.length) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Machine tokens below this many bits per character are words, not keys (gitleaks uses 3.5 on its generic rule). */
export const TOKEN_ENTROPY_THRESHOLD = 3;

/** Splits a run of letters into known words (`rootpassword` → root, password), or undefined. */
function segment(run: string): string[] | undefined {
  const best: Array<string[] | undefined> = [[]];
  for (let end = 1; end <= run.length; end++) {
    for (let start = 0; start < end; start++) {
      const prev = best[start];
      const word = run.slice(start, end);
      if (prev && (CREDENTIAL_WORDS.has(word) || PLACEHOLDER_WORDS.has(word) || FILLER_WORDS.has(word))) {
        best[end] = [...prev, word];
        break;
      }
    }
  }
  return best[run.length];
}

/** Strings that stand for a secret without being one. */
export function isPlaceholder(s: string): boolean {
  const t = s.trim();
  if (
    t === "" ||
    /^\$\{?[A-Za-z0-9_.]+\}?$/.test(t) ||
    t.includes("${") ||
    /^%[A-Za-z0-9_]+%$/.test(t) ||
    /^<[^>]*>$/.test(t) ||
    /^\[[^\]]*\]$/.test(t) ||
    /^\*+$/.test(t) ||
    /^x+$/i.test(t) ||
    /^(.)\1*$/.test(t) ||
    /^\{\{.*\}\}$/.test(t) ||
    /^:[A-Za-z_]+$/.test(t)
  )
    return true;
  // Written to the reader: `YourStrong!Passw0rd`, `your_api_key_here` are instructions, not values.
  const leading = t
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z]+/)
    .filter(Boolean);
  if (leading.length > 1 && leading[0].toLowerCase() === "your") return true;
  // Every word a stop word, at least one of them naming a credential or a stand-in:
  // `password`, `changeme`, `YOUR_PASSWORD`, `rootpassword`, `my-secret-here`, `test-token`.
  // A digit or a sign makes it a chosen value (`Labo2019`, `Tr4nsfer!`), kept as a secret.
  if (!/^[A-Za-z]+(?:[ _.-][A-Za-z]+)*$/.test(t)) return false;
  const words: string[] = [];
  for (const run of t
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[ _.-]+/)
    .filter(Boolean)) {
    const parts = segment(run);
    if (!parts) return false;
    words.push(...parts);
  }
  return words.some((w) => CREDENTIAL_WORDS.has(w) || PLACEHOLDER_WORDS.has(w));
}

/**
 * A value that names a property rather than holding a secret: the key's own name, perhaps with a
 * prefix, as field-name maps write it (`password: "sshPassword"`, `privateKey: "privateKey"`).
 */
export function namesTheProperty(key: string, value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(value.trim())) return false;
  const words = (x: string): string[] =>
    x
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
  const k = words(key);
  const v = words(value);
  if (!k.length || v.length < k.length) return false;
  return k.every((w, i) => v[v.length - k.length + i] === w);
}

/** A literal that is a real secret of this kind: passwords by stop words, machine tokens also by entropy. */
export function isSecretLiteral(value: string, kind: "password" | "token" = "password"): boolean {
  if (isPlaceholder(value)) return false;
  if (kind === "token" && shannonEntropy(value) < TOKEN_ENTROPY_THRESHOLD) return false;
  return true;
}
