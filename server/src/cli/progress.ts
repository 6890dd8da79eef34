/**
 * Progress on stderr through every phase of a run (reading, analysing, writing). Shown on a
 * terminal, never in CI logs (the CI variable) unless asked with --progress; --no-progress hides
 * it. On a terminal one line is redrawn; elsewhere (asked for in a log) a line per phase and at
 * most one every few seconds.
 */
import { ProgressPhase } from "../engine/analyzer";

const TERMINAL_INTERVAL_MS = 100;
const LOG_INTERVAL_MS = 5_000;

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export class Progress {
  private lastWrite = 0;
  private lastPhase = "";
  private drawn = false;

  private constructor(
    private readonly stream: ProgressStream,
    private readonly enabled: boolean,
    private readonly terminal: boolean,
  ) {}

  /** `asked` is --progress (true), --no-progress (false) or neither (undefined). */
  static forStream(stream: ProgressStream, asked: boolean | undefined): Progress {
    const terminal = !!stream.isTTY;
    const enabled = asked ?? (terminal && !process.env.CI);
    return new Progress(stream, enabled, terminal);
  }

  /** For the engine's callback: counts of files read, or of (rule, file) steps analysed. */
  readonly onEngineProgress = (done: number, total: number, phase: ProgressPhase): void => {
    if (phase === "reading") this.show("reading", `${done}/${total} files`);
    else this.show("analysing", `${total ? Math.floor((100 * done) / total) : 100}%`);
  };

  /** A phase without counts ("writing record.html"). */
  step(phase: string, detail = ""): void {
    this.show(phase, detail, true);
  }

  /** Clears the redrawn line before the results are printed. */
  finish(): void {
    if (this.enabled && this.terminal && this.drawn) this.stream.write("\r\u001b[K");
    this.drawn = false;
  }

  private show(phase: string, detail: string, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    const newPhase = phase !== this.lastPhase;
    const interval = this.terminal ? TERMINAL_INTERVAL_MS : LOG_INTERVAL_MS;
    if (!force && !newPhase && now - this.lastWrite < interval) return;
    this.lastWrite = now;
    this.lastPhase = phase;
    const text = `privacy-review: ${phase}${detail ? " " + detail : ""}…`;
    if (this.terminal) {
      this.stream.write(`\r\u001b[K${text}`);
      this.drawn = true;
    } else this.stream.write(text + "\n");
  }
}
