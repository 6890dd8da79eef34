// Unit tests of the endpoint guard: the URLs below are fixtures, never connected to.
import { describe, it, expect } from "vitest";
import { assertSecureEndpoint } from "./endpoint-policy";

const REJECTED = [
  // ok: plaintext-transfer
  "ftp://drop.example.org/in",
  // ok: plaintext-transfer
  "http://drop.example.org/in",
];

describe("assertSecureEndpoint", () => {
  it("accepts sftp and https", () => {
    // ok: plaintext-transfer
    expect(assertSecureEndpoint("sftp://drop.example.org/in").protocol).toBe("sftp:");
    expect(assertSecureEndpoint("https://drop.example.org/in").protocol).toBe("https:");
  });

  it.each(REJECTED)("rejects %s", (u) => {
    expect(() => assertSecureEndpoint(u)).toThrow(/insecure/);
  });

  it("rejects embedded credentials", () => {
    // ok: plaintext-transfer
    // ok: hardcoded-credentials
    expect(() => assertSecureEndpoint("sftp://svc:Passw0rd@drop.example.org/in")).toThrow(/credentials/);
  });

  it("accepts loopback http for the sidecar", () => {
    // ok: plaintext-transfer
    expect(assertSecureEndpoint("http://127.0.0.1:8125/events").hostname).toBe("127.0.0.1");
  });
});
