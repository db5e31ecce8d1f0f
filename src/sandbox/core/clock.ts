/**
 * Time for the sandbox and for everything that waits on AWS (credential expiry, polling with
 * deadlines, token buckets). Tests use {@link VirtualClock} so that "wait 5 minutes for GuardDuty to
 * propagate" costs no real time; benchmarks use {@link RealClock}.
 */

/** A source of time that can also wait. */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** Wall-clock time. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }
}

/**
 * Simulated time that jumps forward whenever somebody sleeps on it. `sleep(ms)` advances the clock
 * to at least `now + ms` and resolves on the next turn of the event loop, so concurrent callers still
 * interleave but nothing waits for real.
 */
export class VirtualClock implements Clock {
  private current: number;

  /** @param start epoch milliseconds the clock starts at. @default Date.UTC(2026, 0, 1) */
  constructor(start: number = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  sleep(ms: number): Promise<void> {
    const target = this.current + Math.max(0, ms);
    return new Promise((resolve) =>
      setImmediate(() => {
        if (target > this.current) this.current = target;
        resolve();
      }),
    );
  }
  /** Moves the clock forward by `ms` without anybody sleeping. */
  advance(ms: number): void {
    this.current += Math.max(0, ms);
  }
}

/** The process-wide real clock. */
export const realClock: Clock = new RealClock();
