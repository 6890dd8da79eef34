/**
 * The migration record shows the shape of each query, never the values in it: string, number and
 * dollar-quoted literals become `?`, comments are dropped (they may hold values too), bind
 * parameters (`$1`, `:name`, `?`) stay. A value the code wrote into its SQL (a patient's name in a
 * WHERE clause, a date) is data, and the record copies no data.
 */

/** Words after which a double-quoted token is a value (MySQL strings), not an identifier. */
const VALUE_CONTEXT = /(?:[=<>]|\blike|\bilike|\bin\s*\(|\bbetween|\band)\s*$/i;

export function sqlShape(sql: string): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "-" && next === "-") {
      i = endOfLine(sql, i);
      out += " ";
    } else if (ch === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
      out += " ";
    } else if (ch === "'") {
      i = endOfQuoted(sql, i, "'");
      out += "?";
    } else if (ch === '"' && VALUE_CONTEXT.test(inValueContext(out))) {
      i = endOfQuoted(sql, i, '"');
      out += "?";
    } else if (ch === "$" && /[A-Za-z_$]/.test(next ?? "") === false && /\d/.test(next ?? "")) {
      const match = /^\$\d+/.exec(sql.slice(i))!; // a bind parameter: kept
      out += match[0];
      i += match[0].length;
    } else if (ch === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? sql.length : end + tag[0].length;
        out += "?";
      } else {
        out += ch;
        i++;
      }
    } else if (/\d/.test(ch) && !/[\w$.:@]/.test(sql[i - 1] ?? "")) {
      const match = /^\d[\w.]*(?:[eE][+-]?\d+)?/.exec(sql.slice(i))!;
      out += "?";
      i += match[0].length;
    } else if (
      /[A-Za-z_]/.test(ch) &&
      /[eEnNxXbBuU]/.test(ch) &&
      next === "'" &&
      !/[\w$]/.test(sql[i - 1] ?? "")
    ) {
      // E'…', N'…', X'…', B'…', U&'…' prefixes: one literal.
      i = endOfQuoted(sql, i + 1, "'");
      out += "?";
    } else {
      out += ch;
      i++;
    }
  }
  return out.replace(/\s+/g, " ").trim();
}

function inValueContext(textSoFar: string): string {
  return textSoFar.slice(-24);
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end < 0 ? text.length : end;
}

/** Index after the closing quote; a doubled quote or a backslash escapes it. */
function endOfQuoted(text: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < text.length) {
    if (text[i] === "\\") i += 2;
    else if (text[i] === quote && text[i + 1] === quote) i += 2;
    else if (text[i] === quote) return i + 1;
    else i++;
  }
  return text.length;
}
