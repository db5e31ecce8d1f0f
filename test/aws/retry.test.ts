import { describe, expect, it } from 'vitest';
import { Retry } from '@smithy/util-retry';
import type { RetryErrorInfo } from '@smithy/types';
import { awsError } from '../../src/sandbox/core/errors.js';
import { isNoAnswerError, JitteredBackoff, SraRetryStrategy } from '../../src/aws/index.js';

describe('JitteredBackoff', () => {
  it('draws from [0, min(cap, base × 2^attempt)) with our base for each SDK base', () => {
    const top = new JitteredBackoff(10, 100, 1000, () => 0.999999);
    const bottom = new JitteredBackoff(10, 100, 1000, () => 0);
    top.setDelayBase(Retry.delay());
    expect(top.computeNextBackoffDelay(0)).toBe(9);
    expect(top.computeNextBackoffDelay(3)).toBe(79);
    top.setDelayBase(Retry.throttlingDelay());
    expect(top.computeNextBackoffDelay(0)).toBe(99);
    expect(top.computeNextBackoffDelay(5)).toBe(999); // capped
    bottom.setDelayBase(Retry.throttlingDelay());
    expect(bottom.computeNextBackoffDelay(4)).toBe(0);
  });
});

describe('isNoAnswerError', () => {
  it('recognises timeouts and connection failures only', () => {
    expect(isNoAnswerError(Object.assign(new Error('x'), { name: 'TimeoutError' }))).toBe(true);
    expect(isNoAnswerError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isNoAnswerError(awsError('ThrottlingException', 'slow'))).toBe(false);
    expect(isNoAnswerError(undefined)).toBe(false);
  });
});

/** Retry info as the SDK's retry middleware builds it. */
const info = (errorType: RetryErrorInfo['errorType'], error: unknown): RetryErrorInfo => ({
  errorType,
  error: error as RetryErrorInfo['error'],
});

describe('SraRetryStrategy', () => {
  const throttled = info('THROTTLING', awsError('Throttling', 'Rate exceeded'));
  const timedOut = info('TRANSIENT', Object.assign(new Error('slow'), { name: 'TimeoutError' }));
  const fast = { baseDelayMs: 0, throttlingBaseDelayMs: 0, maxDelayMs: 0, minSendRate: 1e6 };

  it('allows maxAttempts attempts for throttling', async () => {
    const s = new SraRetryStrategy({ ...fast, maxAttempts: 4 });
    let token = await s.acquireInitialRetryToken('');
    let retries = 0;
    for (;;) {
      try {
        token = await s.refreshRetryTokenForRetry(token, throttled);
        retries++;
      } catch {
        break;
      }
    }
    expect(retries).toBe(3);
    expect(await s.maxAttemptsProvider()).toBe(4);
  });

  it('allows only maxAttemptsOnTimeout attempts when nothing answers', async () => {
    const s = new SraRetryStrategy({ ...fast, maxAttempts: 8, maxAttemptsOnTimeout: 2 });
    const token = await s.acquireInitialRetryToken('');
    const second = await s.refreshRetryTokenForRetry(token, timedOut);
    await expect(s.refreshRetryTokenForRetry(second, timedOut)).rejects.toThrow();
  });

  it('does not retry client errors', async () => {
    const s = new SraRetryStrategy(fast);
    const token = await s.acquireInitialRetryToken('');
    const denied = info('CLIENT_ERROR', awsError('AccessDenied', 'no', { status: 403 }));
    await expect(s.refreshRetryTokenForRetry(token, denied)).rejects.toThrow();
  });
});
