/**
 * Which files are test code. Test files hold mock tokens, container passwords, sample URLs and fake
 * patients handed to the code under test: none of it is a decision a reviewer acts on, so by default
 * they are read (data can flow through shared helpers) but not checked. The globs follow the
 * defaults of Jest (`__tests__/`, `*.test.*`, `*.spec.*`) and the test folders Semgrep's default
 * ignore list and most repositories use (`test/`, `tests/`, `spec/`, `e2e/`, `__mocks__/`,
 * `fixtures/`). `tests` in privacy-review.json replaces them; `includeTests` (or `--include-tests`)
 * checks test code like any other.
 */
import * as path from "path";
import picomatch from "picomatch";

export const DEFAULT_TEST_GLOBS: readonly string[] = [
  "**/test/**",
  "**/tests/**",
  "**/__tests__/**",
  "**/spec/**",
  "**/__mocks__/**",
  "**/fixtures/**",
  "**/__fixtures__/**",
  "**/e2e/**",
  "**/*.test.*",
  "**/*.spec.*",
  "**/*.e2e.*",
  "**/*[-_]test.*",
  "**/*[-_]spec.*",
];

export interface TestCodeOptions {
  /** Globs of test files, relative to `root`; default DEFAULT_TEST_GLOBS. */
  globs?: readonly string[];
  /** Check test code like any other code. */
  include?: boolean;
}

/** Tells, for an absolute file name, whether it is test code that is left unchecked. */
export class TestCode {
  private readonly match: (rel: string) => boolean;

  constructor(
    private readonly root: string,
    readonly options: TestCodeOptions = {},
  ) {
    const globs = options.globs ?? DEFAULT_TEST_GLOBS;
    this.match = globs.length ? picomatch([...globs], { dot: true }) : () => false;
  }

  /** A test file by the globs, whether or not it is checked. */
  isTest(file: string): boolean {
    const rel = path.relative(this.root, path.resolve(file)).split(path.sep).join("/");
    // Outside the root (an editor buffer from elsewhere): judged by its own name only.
    return this.match(rel.startsWith("..") ? path.basename(file) : rel);
  }

  /** Test code the rules skip: a test file, unless test code is included. */
  isSkipped(file: string): boolean {
    return !this.options.include && this.isTest(file);
  }
}
