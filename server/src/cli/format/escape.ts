/**
 * Text written to a terminal or a CI log must not let a file name or a message forge lines or send
 * terminal escapes: control characters (C0, DEL, C1), line and paragraph separators and the
 * bidirectional overrides ("Trojan Source") are shown as escapes. Backslashes are kept as they are.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_TEST = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u001b": "\\e" };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** A message or any other free text, on one line with its control characters escaped. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/**
 * A path as a terminal user can open it: unchanged when it holds no unsafe character, else in
 * bash's `$'…'` quoting (`$'evil\nname.ts'`), which the shell turns back into the real name.
 */
export function displayPath(file: string): string {
  if (!UNSAFE_TEST.test(file)) return file;
  const body = file
    .replace(/[\\']/g, (c) => "\\" + c)
    .replace(UNSAFE, (ch) => {
      const code = ch.charCodeAt(0);
      // bash's $'…' knows \n, \t, \r, \e, \xHH and \uHHHH.
      return (
        NAMED[ch] ??
        (code <= 0xff
          ? `\\x${code.toString(16).padStart(2, "0")}`
          : `\\u${code.toString(16).padStart(4, "0")}`)
      );
    });
  return `$'${body}'`;
}
