/**
 * The one failure the engine expects inside its analyses and handles where it happens: code nested
 * too deeply to follow (the stack runs out, a RangeError). Every other error propagates to the
 * analyzer's per-rule, per-file catch, which records it as a notice naming the file and the rule.
 */
export function isTooDeep(error: unknown): boolean {
  return error instanceof RangeError;
}

/** In a catch that handles only "too deep to follow": any other error is not ours to hide. */
export function rethrowUnlessTooDeep(error: unknown): void {
  if (!isTooDeep(error)) throw error;
}

/** The first line of an error's message, for a notice. */
export function firstLineOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}
