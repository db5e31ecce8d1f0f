/**
 * Progress reporting for long runs (`sra verify` over many accounts). On a terminal, one line on
 * standard error is redrawn in place: `[██████░░░░░░] 42/100 label`; everywhere else nothing is
 * written, so logs and pipes stay clean. Hand-written rather than a dependency: a single redrawn line
 * is a few lines of code, and it stays testable through an injected `write`.
 */
import { truncate } from './common.js';
import { sanitizeForTerminal } from './style.js';

/** Reports the progress of a run of `total` steps. */
export interface ProgressReporter {
  /** Starts (or restarts) with the number of steps. */
  start(total: number): void;
  /** One step is done; `label` names it (e.g. the account just read). */
  tick(label?: string): void;
  /** The run is over: clears the line. Safe to call more than once, or without `start`. */
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Draw a progress line (the CLI passes true only when standard error is a terminal). */
  enabled: boolean;
  /** Writes raw text to the terminal (standard error). */
  write: (text: string) => void;
  /** Terminal width in columns. @default 80 */
  columns?: number;
}

/** A reporter that does nothing (pipes, files, CI logs). */
export class SilentProgress implements ProgressReporter {
  start(): void {}
  tick(): void {}
  stop(): void {}
}

/** Carriage return plus "erase to end of line": redraws the line in place. */
const REDRAW = '\r\u001b[K';
const BAR_WIDTH = 20;

/** A single-line progress bar redrawn in place on a terminal. */
export class TtyProgress implements ProgressReporter {
  private total = 0;
  private done = 0;
  private active = false;
  private readonly columns: number;

  constructor(
    private readonly write: (text: string) => void,
    columns = 80,
  ) {
    this.columns = Math.max(20, columns);
  }

  start(total: number): void {
    this.total = Math.max(0, Math.floor(total));
    this.done = 0;
    this.active = true;
    this.draw('');
  }

  tick(label = ''): void {
    if (!this.active) return;
    this.done = Math.min(this.total, this.done + 1);
    this.draw(label);
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.write(REDRAW);
  }

  /** The line for the current state (without the redraw prefix); exposed for tests. */
  line(label: string): string {
    const ratio = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(ratio * BAR_WIDTH);
    const bar = `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`;
    const count = `${this.done}/${this.total}`;
    const head = `${bar} ${count}`;
    // Keep the line one column short of the edge so the terminal never wraps it.
    const room = this.columns - 1 - head.length - 1;
    const tail = label && room > 1 ? ` ${truncate(sanitizeForTerminal(label), room)}` : '';
    return head + tail;
  }

  private draw(label: string): void {
    this.write(REDRAW + this.line(label));
  }
}

/** A TTY progress line when enabled, a silent reporter otherwise. */
export function createProgress(options: ProgressOptions): ProgressReporter {
  return options.enabled ? new TtyProgress(options.write, options.columns) : new SilentProgress();
}
