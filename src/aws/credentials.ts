/**
 * Credentials cached once per identity (the base credentials, and one set per member account) and
 * shared by every client of that identity, whatever its Region or service. Refresh is decided with an
 * injectable clock, happens a margin before `expiration`, and is single-flight: however many calls
 * need fresh credentials at the same moment, one fetch (one `sts:AssumeRole`) runs.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { realClock, type Clock } from '../sandbox/core/clock.js';

/** Default refresh margin: the SDK's own, five minutes before expiry. */
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** Options of {@link RefreshingCredentials}. */
export interface RefreshingCredentialsOptions {
  /** Gets a fresh set of credentials (e.g. calls `sts:AssumeRole`). */
  fetch: () => Promise<AwsCredentialIdentity>;
  /** Clock deciding whether credentials are due for refresh. @default the real clock */
  clock?: Clock;
  /** Refresh this long before `expiration`. @default 5 minutes */
  refreshMarginMs?: number;
}

/**
 * A credential provider for SDK clients that tells the SDK not to wrap it in its own per-client
 * memoization (`memoized: true`, checked by the SDK's SigV4 config resolution in
 * `@aws-sdk/core` `resolveAwsSdkSigV4Config`). The SDK then asks us before every request, and the
 * expiry decision stays with our clock instead of `Date.now()` in each of thousands of clients.
 */
export type SharedCredentialProvider = AwsCredentialIdentityProvider & { readonly memoized: true };

/** One cached identity. */
export class RefreshingCredentials {
  private current: AwsCredentialIdentity | undefined;
  private inflight: Promise<AwsCredentialIdentity> | undefined;
  private readonly clock: Clock;
  private readonly margin: number;
  private fetches = 0;

  /** The provider to hand to SDK clients. */
  readonly provider: SharedCredentialProvider;

  constructor(private readonly options: RefreshingCredentialsOptions) {
    this.clock = options.clock ?? realClock;
    this.margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.provider = Object.assign(() => this.get(), { memoized: true as const });
  }

  /** Cached credentials while they are fresh; otherwise one shared fetch. */
  async get(): Promise<AwsCredentialIdentity> {
    const cur = this.current;
    const now = this.clock.now();
    if (cur && !this.due(cur, now)) return cur;
    if (!this.inflight) {
      this.fetches++;
      this.inflight = this.options
        .fetch()
        .then((fresh) => {
          this.current = fresh;
          return fresh;
        })
        .finally(() => {
          this.inflight = undefined;
        });
    }
    try {
      return await this.inflight;
    } catch (e) {
      // A failed early refresh is not fatal while the old credentials still work.
      if (cur?.expiration && cur.expiration.getTime() > this.clock.now()) return cur;
      throw e;
    }
  }

  /** The cached credentials, without fetching. */
  peek(): AwsCredentialIdentity | undefined {
    return this.current;
  }

  /** Fetches started so far. */
  get fetchCount(): number {
    return this.fetches;
  }

  private due(c: AwsCredentialIdentity, now: number): boolean {
    return c.expiration !== undefined && c.expiration.getTime() - this.margin <= now;
  }
}

/** Normalises static credentials or a provider into a fetch function. */
export function toFetch(
  source: AwsCredentialIdentity | AwsCredentialIdentityProvider,
): () => Promise<AwsCredentialIdentity> {
  return typeof source === 'function' ? () => source() : () => Promise.resolve(source);
}
