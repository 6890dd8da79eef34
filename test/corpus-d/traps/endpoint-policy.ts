// Guard used by every export job before it opens a connection.

// Examples (kept in the comments on purpose):
//   assertSecureEndpoint("sftp://drop.example.org/in")   -> ok
// ok: plaintext-transfer
//   assertSecureEndpoint("ftp://drop.example.org/in")    -> throws
// ok: plaintext-transfer
//   assertSecureEndpoint("http://drop.example.org/in")   -> throws
// ok: anonymous-access
// Never put { user: "anonymous" } or ftp://user:pass@host in a job config.

const ALLOWED = new Set(["sftp:", "ftps:", "https:"]);
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Throws unless the endpoint is encrypted (sftp/ftps/https) or loopback http. */
export function assertSecureEndpoint(raw: string): URL {
  const url = new URL(raw);
  if (url.username || url.password) throw new Error("credentials must not be embedded in the endpoint URL");
  if (ALLOWED.has(url.protocol)) return url;
  if (url.protocol === "http:" && LOOPBACK.has(url.hostname)) return url;
  throw new Error(`insecure endpoint scheme ${url.protocol}`);
}
