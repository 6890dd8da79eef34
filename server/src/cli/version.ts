/** The package version, read from package.json next to the built server. */
import * as fs from "fs";
import * as path from "path";

export function packageVersion(): string {
  try {
    const file = path.resolve(__dirname, "..", "..", "..", "package.json");
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}
