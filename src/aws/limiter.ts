/**
 * Bounded concurrency for AWS calls: one limit per API (account + Region + operation, the unit AWS
 * throttles), one per account (so a fan-out spreads over accounts instead of piling onto one) and one
 * for the whole run. Built on p-limit; a key's limiter is dropped as soon as nobody uses it, so memory
 * stays flat with the number of accounts × Regions × APIs touched.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { UsageError } from '../errors.js';

interface Entry {
  limit: LimitFunction;
  /** Callers running or queued on this key. */
  users: number;
}

/** A family of concurrency limiters, one per key, each allowing `concurrency` tasks at once. */
export class KeyedLimiter {
  private readonly entries = new Map<string, Entry>();

  /** @param concurrency tasks allowed to run at once per key (a positive integer). */
  constructor(readonly concurrency: number) {
    assertConcurrency('concurrency', concurrency);
  }

  /** Runs `fn` once fewer than {@link concurrency} tasks of the same `key` are running. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { limit: pLimit(this.concurrency), users: 0 };
      this.entries.set(key, entry);
    }
    entry.users++;
    try {
      return await entry.limit(fn);
    } finally {
      entry.users--;
      if (entry.users === 0 && this.entries.get(key) === entry) this.entries.delete(key);
    }
  }

  /** Tasks of `key` that are running right now. */
  active(key: string): number {
    return this.entries.get(key)?.limit.activeCount ?? 0;
  }

  /** Tasks of `key` that wait for a slot. */
  pending(key: string): number {
    return this.entries.get(key)?.limit.pendingCount ?? 0;
  }

  /** Keys with running or waiting tasks. */
  get size(): number {
    return this.entries.size;
  }
}

/** Concurrency bounds of {@link ConcurrencyLimiter}. */
export interface ConcurrencyOptions {
  /** Calls in flight across the whole run. @default 64 */
  global?: number;
  /** Calls in flight into one account (all Regions and services). @default 16 */
  perAccount?: number;
  /** Calls in flight to one API: same account, Region, service and operation. @default 8 */
  perApi?: number;
}

/** Defaults of {@link ConcurrencyOptions}. */
export const DEFAULT_CONCURRENCY: Readonly<Required<ConcurrencyOptions>> = {
  global: 64,
  perAccount: 16,
  perApi: 8,
};

/** What a limited call is about. */
export interface LimitTarget {
  /** Account of the call. */
  account: string;
  /** Region of the call. */
  region: string;
  /** Service key. */
  service: string;
  /** Operation. */
  operation: string;
}

/**
 * The three nested limits. Slots are taken from the most specific limit to the least (API, then
 * account, then global) and every caller takes them in that order, so no cycle — and no deadlock —
 * can form, and a call never holds a global slot while it waits behind its own account.
 */
export class ConcurrencyLimiter {
  private readonly perApi: KeyedLimiter;
  private readonly perAccount: KeyedLimiter;
  private readonly global: KeyedLimiter;
  /** The bounds in force. */
  readonly limits: Readonly<Required<ConcurrencyOptions>>;

  constructor(options: ConcurrencyOptions = {}) {
    this.limits = { ...DEFAULT_CONCURRENCY, ...stripUndefined(options) };
    this.perApi = new KeyedLimiter(checked('concurrency.perApi', this.limits.perApi));
    this.perAccount = new KeyedLimiter(checked('concurrency.perAccount', this.limits.perAccount));
    this.global = new KeyedLimiter(checked('concurrency.global', this.limits.global));
  }

  /** Runs `fn` within all three limits. */
  run<T>(target: LimitTarget, fn: () => Promise<T>): Promise<T> {
    const api = `${target.account}|${target.region}|${target.service}:${target.operation}`;
    return this.perApi.run(api, () => this.perAccount.run(target.account, () => this.global.run('*', fn)));
  }

  /** Calls running right now across the run. */
  get active(): number {
    return this.global.active('*');
  }
}

function stripUndefined(o: ConcurrencyOptions): ConcurrencyOptions {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as ConcurrencyOptions;
}

function checked(name: string, n: number): number {
  assertConcurrency(name, n);
  return n;
}

function assertConcurrency(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`${name} must be a whole number of at least 1, got ${String(n)}`, {
      hint: 'Use a positive integer, e.g. --concurrency 32.',
    });
  }
}
