/**
 * Source encodings: UTF-8 (with or without a byte order mark) and UTF-16/UTF-32 with a byte order
 * mark, decoded for the parser and encoded back the same way by `--fix`. A file that is not valid
 * UTF-8 and has no such mark (Latin-1, Windows-1252) is read with U+FFFD replacements, so it is
 * flagged `lossy`: writing it back would lose its accented letters.
 */

export type EncodingName = "utf8" | "utf16le" | "utf16be" | "utf32le" | "utf32be";

export interface FileEncoding {
  name: EncodingName;
  /** A byte order mark was present. For UTF-8 it stays in the text; for the others it is taken off. */
  bom: boolean;
  /** Not valid UTF-8: the decoded text is not the file's text and must not be written back. */
  lossy: boolean;
}

const UTF8_DECODER = new TextDecoder("utf-8", { fatal: true });

function startsWith(buf: Buffer, bytes: number[]): boolean {
  return buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);
}

/** The encoding a byte order mark announces, if any (UTF-32 checked before UTF-16: FF FE 00 00). */
export function bomEncoding(buf: Buffer): EncodingName | undefined {
  if (startsWith(buf, [0xff, 0xfe, 0, 0])) return "utf32le";
  if (startsWith(buf, [0, 0, 0xfe, 0xff])) return "utf32be";
  if (startsWith(buf, [0xff, 0xfe])) return "utf16le";
  if (startsWith(buf, [0xfe, 0xff])) return "utf16be";
  if (startsWith(buf, [0xef, 0xbb, 0xbf])) return "utf8";
  return undefined;
}

export function decode(buf: Buffer): { text: string; encoding: FileEncoding } {
  const marked = bomEncoding(buf);
  if (marked && marked !== "utf8") {
    const body = buf.subarray(marked.startsWith("utf32") ? 4 : 2);
    return { text: decodeWide(body, marked), encoding: { name: marked, bom: true, lossy: false } };
  }
  let lossy = false;
  try {
    UTF8_DECODER.decode(buf);
  } catch {
    lossy = true; // expected: not valid UTF-8, decoded with replacement characters and said so
  }
  return { text: buf.toString("utf8"), encoding: { name: "utf8", bom: marked === "utf8", lossy } };
}

function decodeWide(body: Buffer, name: EncodingName): string {
  if (name === "utf16le") return body.toString("utf16le");
  if (name === "utf16be") {
    const swapped = Buffer.from(body.subarray(0, body.length - (body.length % 2)));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  let out = "";
  const littleEndian = name === "utf32le";
  for (let i = 0; i + 4 <= body.length; i += 4) {
    const code = littleEndian ? body.readUInt32LE(i) : body.readUInt32BE(i);
    out += code <= 0x10ffff ? String.fromCodePoint(code) : "\uFFFD";
  }
  return out;
}

/** The bytes to write for `text` in the file's own encoding (its BOM put back for UTF-16/32). */
export function encode(text: string, encoding: FileEncoding): Buffer {
  switch (encoding.name) {
    case "utf8":
      return Buffer.from(text, "utf8");
    case "utf16le":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    case "utf16be": {
      const body = Buffer.from(text, "utf16le");
      body.swap16();
      return Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
    }
    default: {
      const codes = [...text].map((c) => c.codePointAt(0)!);
      const body = Buffer.alloc(4 * (codes.length + 1));
      const littleEndian = encoding.name === "utf32le";
      [0xfeff, ...codes].forEach((c, i) =>
        littleEndian ? body.writeUInt32LE(c, 4 * i) : body.writeUInt32BE(c, 4 * i),
      );
      return body;
    }
  }
}
