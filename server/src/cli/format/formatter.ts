/**
 * The scan output formats (`--format text|json|sarif`) share one interface: a formatter turns a
 * finished scan into the text written to standard output or `--output`. Add a format by writing a
 * Formatter and registering it in `format/index.ts`.
 */
import { Finding, Notice } from "../../engine/findings";

export interface FixOutput {
  file: string;
  output: string;
  fixes: number;
}

export interface ScanReport {
  findings: Finding[];
  notices: Notice[];
  /** The scanned root: JSON and SARIF paths are relative to it. */
  root: string;
  fileCount: number;
  durationMs: number;
  toolVersion: string;
  /** `--fix-dry-run`: the files the safe fixes would change, with their new text. */
  fixes?: FixOutput[];
  /** The findings a safe fix (`--fix`) can fix. */
  fixable?: ReadonlySet<Finding>;
  /** `--sarif-category`: SARIF `automationDetails.id`. */
  sarifCategory?: string;
}

export interface FormatOptions {
  /** ANSI colours (text only: a terminal, no NO_COLOR, no --output). */
  color: boolean;
  /** `--quiet`: errors only. */
  quiet: boolean;
  /** Text paths are relative to this folder (default: the current one)… */
  cwd?: string;
  /** …unless `--absolute-paths`. */
  absolutePaths?: boolean;
}

export interface Formatter {
  /** The `--format` value. */
  readonly name: string;
  format(report: ScanReport, options: FormatOptions): string;
}
