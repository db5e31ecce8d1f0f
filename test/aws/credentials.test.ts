import { describe, expect, it } from 'vitest';
import type { AwsCredentialIdentity } from '@smithy/types';
import { VirtualClock } from '../../src/sandbox/core/clock.js';
import { RefreshingCredentials, toFetch } from '../../src/aws/index.js';

/** A fetch that hands out numbered credentials valid for `ttlMs` of `clock` time. */
function issuer(clock: VirtualClock, ttlMs: number) {
  let n = 0;
  let failNext = false;
  const fetch = async (): Promise<AwsCredentialIdentity> => {
    await clock.sleep(10);
    if (failNext) {
      failNext = false;
      throw new Error('sts unavailable');
    }
    n++;
    return { accessKeyId: `ASIA${n}`, secretAccessKey: `s${n}`, expiration: new Date(clock.now() + ttlMs) };
  };
  return { fetch, count: () => n, failOnce: () => (failNext = true) };
}

describe('RefreshingCredentials', () => {
  it('fetches once for many concurrent callers and serves the cache while fresh', async () => {
    const clock = new VirtualClock();
    const src = issuer(clock, 3_600_000);
    const creds = new RefreshingCredentials({ fetch: src.fetch, clock, refreshMarginMs: 300_000 });
    const got = await Promise.all(Array.from({ length: 20 }, () => creds.get()));
    expect(new Set(got.map((c) => c.accessKeyId))).toEqual(new Set(['ASIA1']));
    expect(src.count()).toBe(1);
    clock.advance(3_000_000);
    expect((await creds.get()).accessKeyId).toBe('ASIA1');
    expect(creds.fetchCount).toBe(1);
  });

  it('refreshes within the margin, single-flight', async () => {
    const clock = new VirtualClock();
    const src = issuer(clock, 3_600_000);
    const creds = new RefreshingCredentials({ fetch: src.fetch, clock, refreshMarginMs: 300_000 });
    await creds.get();
    clock.advance(3_400_000); // 200 s left, inside the 300 s margin
    const got = await Promise.all(Array.from({ length: 10 }, () => creds.get()));
    expect(got.every((c) => c.accessKeyId === 'ASIA2')).toBe(true);
    expect(src.count()).toBe(2);
  });

  it('keeps serving still-valid credentials when an early refresh fails, and fails once they expired', async () => {
    const clock = new VirtualClock();
    const src = issuer(clock, 3_600_000);
    const creds = new RefreshingCredentials({ fetch: src.fetch, clock, refreshMarginMs: 300_000 });
    await creds.get();
    clock.advance(3_400_000);
    src.failOnce();
    expect((await creds.get()).accessKeyId).toBe('ASIA1');
    clock.advance(300_000); // now expired
    src.failOnce();
    await expect(creds.get()).rejects.toThrow('sts unavailable');
    expect((await creds.get()).accessKeyId).toBe('ASIA2');
  });

  it('never refreshes credentials without an expiration', async () => {
    const clock = new VirtualClock();
    const creds = new RefreshingCredentials({
      fetch: toFetch({ accessKeyId: 'AKIA', secretAccessKey: 'x' }),
      clock,
    });
    await creds.get();
    clock.advance(365 * 24 * 3_600_000);
    await creds.get();
    expect(creds.fetchCount).toBe(1);
  });

  it('is a provider the SDK will not memoize again', async () => {
    const creds = new RefreshingCredentials({
      fetch: toFetch(() => Promise.resolve({ accessKeyId: 'A', secretAccessKey: 'B' })),
    });
    expect(creds.provider.memoized).toBe(true);
    expect((await creds.provider()).accessKeyId).toBe('A');
  });
});
