import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter, KeyedLimiter } from '../../src/aws/index.js';
import { UsageError } from '../../src/errors.js';

/** A task that records how many tasks of its group run at once, and finishes when released. */
function tracker() {
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const releases: Array<() => void> = [];
  const task =
    (...groups: string[]) =>
    async (): Promise<void> => {
      for (const g of groups) {
        running.set(g, (running.get(g) ?? 0) + 1);
        peak.set(g, Math.max(peak.get(g) ?? 0, running.get(g)!));
      }
      await new Promise<void>((resolve) => releases.push(resolve));
      for (const g of groups) running.set(g, running.get(g)! - 1);
    };
  /** Releases every started task, repeatedly, until `done` settles. */
  const drain = async (done: Promise<unknown>): Promise<void> => {
    let finished = false;
    void done.finally(() => (finished = true));
    while (!finished) {
      releases.splice(0).forEach((r) => r());
      await new Promise((r) => setImmediate(r));
    }
  };
  return { task, peak, drain };
}

describe('KeyedLimiter', () => {
  it('bounds concurrency per key and forgets idle keys', async () => {
    const limiter = new KeyedLimiter(2);
    const t = tracker();
    const all = Promise.all([
      ...Array.from({ length: 6 }, () => limiter.run('a', t.task('a'))),
      ...Array.from({ length: 3 }, () => limiter.run('b', t.task('b'))),
    ]);
    await new Promise((r) => setImmediate(r));
    expect(limiter.active('a')).toBe(2);
    expect(limiter.pending('a')).toBe(4);
    await t.drain(all);
    expect(t.peak.get('a')).toBe(2);
    expect(t.peak.get('b')).toBe(2);
    expect(limiter.size).toBe(0);
  });

  it('passes results and failures through and frees the slot either way', async () => {
    const limiter = new KeyedLimiter(1);
    await expect(limiter.run('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run('k', () => Promise.resolve(42))).resolves.toBe(42);
    expect(limiter.size).toBe(0);
  });

  it('rejects a concurrency below 1 with a usage error', () => {
    expect(() => new KeyedLimiter(0)).toThrow(UsageError);
    expect(() => new KeyedLimiter(1.5)).toThrow(UsageError);
  });
});

describe('ConcurrencyLimiter', () => {
  it('applies the per-API, per-account and global bounds together', async () => {
    const limiter = new ConcurrencyLimiter({ global: 5, perAccount: 3, perApi: 2 });
    const t = tracker();
    const calls = [];
    for (const account of ['111111111111', '222222222222', '333333333333']) {
      for (const operation of ['ListA', 'ListB']) {
        for (let i = 0; i < 4; i++) {
          const api = `${account}:${operation}`;
          calls.push(
            limiter.run(
              { account, region: 'us-east-1', service: 'x', operation },
              t.task('global', account, api),
            ),
          );
        }
      }
    }
    await t.drain(Promise.all(calls));
    expect(t.peak.get('global')).toBe(5);
    for (const account of ['111111111111', '222222222222', '333333333333']) {
      expect(t.peak.get(account)).toBeLessThanOrEqual(3);
      expect(t.peak.get(`${account}:ListA`)).toBeLessThanOrEqual(2);
    }
    expect(limiter.active).toBe(0);
  });

  it('uses the defaults for missing bounds and validates given ones', () => {
    expect(new ConcurrencyLimiter({ perApi: 3 }).limits).toEqual({ global: 64, perAccount: 16, perApi: 3 });
    expect(() => new ConcurrencyLimiter({ perAccount: -1 })).toThrow(/concurrency.perAccount/);
  });
});
