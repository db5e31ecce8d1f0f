/**
 * The retry strategy of every client: the SDK's own `AdaptiveRetryStrategy` (standard retry rules,
 * retry quota and client-side rate limiting that slows down after throttling), with
 * - jittered exponential backoff whose bases and cap we choose (tests use a few milliseconds);
 * - fewer attempts for timeouts and unreachable endpoints than for throttling, so a Region that does
 *   not answer fails in seconds while a throttled API still gets its full patience.
 * Adaptive mode assumes one client per throttled resource; we create one client (and so one rate
 * limiter) per account × Region × service, which is the scope AWS throttles at.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
import { AdaptiveRetryStrategy, DefaultRateLimiter, Retry } from '@smithy/util-retry';
import type {
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken,
  StandardRetryBackoffStrategy,
  StandardRetryToken,
} from '@smithy/types';

/** Retry settings. Every field is optional. */
export interface RetryOptions {
  /** Attempts per call, first one included. @default 8 */
  maxAttempts?: number;
  /** Attempts for a call whose attempts time out or cannot connect. @default 3 */
  maxAttemptsOnTimeout?: number;
  /** Backoff base for transient errors (5xx, timeouts), in ms. @default the SDK's (50 ms) */
  baseDelayMs?: number;
  /** Backoff base after throttling, in ms. @default the SDK's (1 s) */
  throttlingBaseDelayMs?: number;
  /** Cap of one backoff, in ms. @default 20 000 (the SDK's cap) */
  maxDelayMs?: number;
  /** Floor of the adaptive send rate after throttling, requests per second. @default the SDK's (0.5) */
  minSendRate?: number;
}

/** Default attempts per call (first attempt included). */
export const DEFAULT_MAX_ATTEMPTS = 8;
/** Default attempts for timeouts and connection failures. */
export const DEFAULT_MAX_ATTEMPTS_ON_TIMEOUT = 3;

/**
 * "Full jitter" exponential backoff: a random delay in [0, min(cap, base × 2^attempt)). The SDK calls
 * `setDelayBase` with its throttling base after a throttling error and with its transient base
 * otherwise; we map each to our own base.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export class JitteredBackoff implements StandardRetryBackoffStrategy {
  private base: number;

  constructor(
    private readonly transientBase: number,
    private readonly throttlingBase: number,
    private readonly cap: number,
    private readonly random: () => number = Math.random,
  ) {
    this.base = transientBase;
  }

  /** Receives the SDK's choice of base (throttling or transient). */
  setDelayBase(sdkBase: number): void {
    this.base = sdkBase === Retry.throttlingDelay() ? this.throttlingBase : this.transientBase;
  }

  /** Delay before retry number `attempt + 1`, in ms. */
  computeNextBackoffDelay(attempt: number): number {
    return Math.floor(this.random() * Math.min(this.cap, this.base * 2 ** attempt));
  }
}

const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const CONNECT_CODES = new Set([
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** True for errors that mean "no answer" rather than "AWS answered with an error". */
export function isNoAnswerError(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | undefined;
  return (
    (typeof e?.name === 'string' && TIMEOUT_NAMES.has(e.name)) ||
    (typeof e?.code === 'string' && CONNECT_CODES.has(e.code))
  );
}

/** The retry strategy described in the module comment. One instance per client. */
export class SraRetryStrategy implements RetryStrategyV2 {
  /** Reported to the SDK's user agent. */
  readonly mode = 'adaptive';
  private readonly inner: AdaptiveRetryStrategy;
  private readonly maxAttempts: number;
  private readonly maxAttemptsOnTimeout: number;

  constructor(options: RetryOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.maxAttemptsOnTimeout = Math.min(
      options.maxAttemptsOnTimeout ?? DEFAULT_MAX_ATTEMPTS_ON_TIMEOUT,
      this.maxAttempts,
    );
    const backoff = new JitteredBackoff(
      options.baseDelayMs ?? Retry.delay(),
      options.throttlingBaseDelayMs ?? Retry.throttlingDelay(),
      options.maxDelayMs ?? 20_000,
    );
    this.inner = new AdaptiveRetryStrategy(this.maxAttempts, {
      maxAttempts: this.maxAttempts,
      backoff,
      rateLimiter: new DefaultRateLimiter(
        options.minSendRate !== undefined ? { minFillRate: options.minSendRate } : undefined,
      ),
    });
  }

  /** Before the first attempt (waits when the adaptive rate limiter is engaged). */
  acquireInitialRetryToken(scope: string | undefined): Promise<RetryToken> {
    // Older clients (e.g. Route 53 Resolver, served here only up to 3.654) leave the partition out of
    // the handler context, so the scope arrives undefined; newer clients default it to ''.
    return this.inner.acquireInitialRetryToken(scope ?? '');
  }

  /** After a failed attempt: waits the backoff and allows another attempt, or throws to give up. */
  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    if (isNoAnswerError(errorInfo.error) && token.getRetryCount() + 1 >= this.maxAttemptsOnTimeout) {
      throw new Error('no more attempts for calls that do not answer');
    }
    return this.inner.refreshRetryTokenForRetry(token as StandardRetryToken, errorInfo);
  }

  /** After a successful attempt. */
  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token as StandardRetryToken);
  }

  /** Attempts per call (used by the SDK for the `amz-sdk-request` header). */
  maxAttemptsProvider(): Promise<number> {
    return Promise.resolve(this.maxAttempts);
  }
}
