import * as path from "path";

/** The repository root, from test/out/<dir>/x.js or test/<dir>/x.ts. */
export const REPO = path.resolve(__dirname, "..", "..", "..");
export const CLI = path.join(REPO, "server", "out", "cli", "main.js");
export const RULES = path.join(REPO, "rules");
