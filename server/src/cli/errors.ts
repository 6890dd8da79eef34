/**
 * Exit codes (a contract CI scripts rely on) and the one error type a command throws to stop with
 * a one-line message and exit code 2.
 */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** Bad usage or an unreadable input: printed as one line `privacy-review: <message>`, exit 2. */
export class UsageError extends Error {}
