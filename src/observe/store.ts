/**
 * Slice stores for the observation of an organization. {@link MemorySliceStore} keeps every account's
 * slices (what `sra plan` and library callers use: the planner reads across accounts freely).
 * {@link SpillSliceStore} writes each account's slices to a private temporary file as soon as the
 * account is observed and reads them back on demand through a small least-recently-used cache, so the
 * memory of `sra verify` does not grow with the number of accounts: the administrator accounts every
 * control looks at stay in the cache, the others are read back once, when they are evaluated.
 */
import { SpoolFile } from '../util/spool-file.js';
import type { AccountSlices, SliceStore } from './view.js';

/** Every account's slices in memory. */
export class MemorySliceStore implements SliceStore {
  private readonly slices = new Map<string, AccountSlices>();

  put(account: string, slices: AccountSlices): void {
    this.slices.set(account, slices);
  }

  get(account: string): AccountSlices | undefined {
    return this.slices.get(account);
  }

  ids(): string[] {
    return [...this.slices.keys()];
  }

  close(): void {
    this.slices.clear();
  }
}

/** Options of {@link SpillSliceStore}. */
export interface SpillOptions {
  /** Directory the temporary directory is created in. @default os.tmpdir() */
  parent?: string;
  /** Accounts kept parsed in memory (least recently used evicted first). @default 16 */
  cacheSize?: number;
}

/**
 * Account slices in a temporary file (JSON, one record per account, mode 0600 in a directory only the
 * current user can read), with an LRU cache of parsed accounts. {@link SpillSliceStore.close} deletes
 * the file. Reads counts how often an account had to be read back (for the bench).
 */
export class SpillSliceStore implements SliceStore {
  private readonly file: SpoolFile;
  private readonly where = new Map<string, { offset: number; bytes: number }>();
  private readonly cache = new Map<string, AccountSlices>();
  private readonly cacheSize: number;
  /** How many times an account's slices were read back from the file. */
  readBacks = 0;

  constructor(options: SpillOptions = {}) {
    this.file = new SpoolFile({
      label: 'inventory spool',
      prefix: 'sra-kit-inventory-',
      name: 'slices.json',
      ...(options.parent ? { parent: options.parent } : {}),
    });
    this.cacheSize = Math.max(1, options.cacheSize ?? 16);
  }

  put(account: string, slices: AccountSlices): void {
    const data = Buffer.from(JSON.stringify(slices), 'utf8');
    this.where.set(account, { offset: this.file.append(data), bytes: data.length });
    this.cache.delete(account);
  }

  get(account: string): AccountSlices | undefined {
    const hit = this.cache.get(account);
    if (hit) {
      // Most recently used last.
      this.cache.delete(account);
      this.cache.set(account, hit);
      return hit;
    }
    const at = this.where.get(account);
    if (!at) return undefined;
    const buffer = this.file.read(at.offset, at.bytes);
    this.readBacks++;
    const slices = JSON.parse(buffer.toString('utf8', 0, at.bytes)) as AccountSlices;
    this.cache.set(account, slices);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return slices;
  }

  ids(): string[] {
    return [...this.where.keys()];
  }

  /** Closes and deletes the file. Safe to call twice. */
  close(): void {
    this.file.close();
    this.cache.clear();
  }
}
