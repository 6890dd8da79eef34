/**
 * When the language server analyses: every change marks its file dirty with a stamp; after a
 * short debounce one run takes every dirty file at once (documents opened or edited in the same
 * tick are analysed together, none is dropped). A run whose inputs changed while it ran is
 * superseded: it publishes nothing and its files are analysed again with the newer text.
 */

export interface AnalysisRun {
  /** The files whose change started this run. */
  changed: string[];
  /** True once a file this run reads changed after it started: its results must not be published. */
  isStale(files: Iterable<string>): boolean;
}

/** Runs one batch; resolves to false when it gave up because its inputs changed (nothing published). */
export type AnalysisRunner = (run: AnalysisRun) => Promise<boolean>;

export class AnalysisQueue {
  private clock = 0;
  private readonly lastChange = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;

  constructor(private readonly runner: AnalysisRunner) {}

  /** A file changed (opened, edited, saved or touched by a config change): analyse it after `delayMs`. */
  touch(file: string, delayMs: number): void {
    if (this.stopped) return;
    this.lastChange.set(file, ++this.clock);
    this.dirty.add(file);
    this.arm(delayMs);
  }

  /** A change is on its way (read, not yet handled): runs reading this file are stale from now on. */
  noteIncoming(file: string): void {
    this.lastChange.set(file, ++this.clock);
  }

  /** Stops scheduling (shutdown); a run in progress finishes without starting another. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get idle(): boolean {
    return !this.running && !this.dirty.size;
  }

  /** Debounce: the run starts `delayMs` after the latest change. */
  private arm(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  private async flush(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      while (this.dirty.size && !this.stopped) {
        const changed = [...this.dirty];
        this.dirty.clear();
        const startedAt = this.clock;
        const isStale = (files: Iterable<string>): boolean => {
          for (const f of files) if ((this.lastChange.get(f) ?? 0) > startedAt) return true;
          return false;
        };
        // A runner that throws has reported its failure; retrying the same text would fail again.
        const completed = await this.runner({ changed, isStale }).catch(() => true);
        if (!completed) {
          // Superseded: analyse these files again, with their newest text, once the newer
          // change's debounce has passed.
          for (const f of changed) this.dirty.add(f);
          if (!this.timer) this.arm(0);
          return;
        }
      }
    } finally {
      this.running = false;
    }
  }
}
