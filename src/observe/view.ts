/**
 * The inventory as controls and role inference read it: the organization-wide part in memory (accounts,
 * organization slices, unreachable list) and each account's slices fetched on demand from a
 * {@link SliceStore}. With a memory store it is a saved {@link Inventory}; with a spill store
 * (`src/observe/store.ts`) only a few accounts' slices are in memory at a time, which keeps verify's
 * memory flat however many accounts the organization has.
 *
 * Cross-account questions ("does any account subscribe to Shield Advanced?", "who owns this bucket?")
 * read every account: they go through {@link InventoryView.memo} so each is answered once per run.
 */
import type { Inventory } from './types.js';

/** The organization-wide part of an {@link Inventory}: everything but the per-account slices. */
export type InventoryHeader = Omit<Inventory, 'account' | 'region'>;

/** One account's slices: account scope by collector id, region scope by Region then collector id. */
export interface AccountSlices {
  /** Account-scope slices by collector id. */
  account: Record<string, unknown>;
  /** Region-scope slices: Region → collector id → slice. */
  region: Record<string, Record<string, unknown>>;
}

/** Where observed accounts' slices are kept. */
export interface SliceStore {
  /** Records an observed account's slices (once per account). */
  put(account: string, slices: AccountSlices): void;
  /** An account's slices, or `undefined` when it was not observed (unreachable or filtered out). */
  get(account: string): AccountSlices | undefined;
  /** Observed accounts, in the order they were recorded. */
  ids(): string[];
  /** Frees what the store holds (temporary files). */
  close(): void;
}

/** An inventory whose account slices are read through a store. */
export interface InventoryView extends InventoryHeader {
  /** An account's slices, or `undefined` when it was not observed. */
  slicesOf(account: string): AccountSlices | undefined;
  /** Every observed account with its slices, one at a time. */
  eachAccount(): Iterable<[string, AccountSlices]>;
  /**
   * The value of `compute()`, computed once per view and `key`: for questions that read every account
   * (a full pass over a spilled store reads every account back from disk).
   */
  memo<T>(key: string, compute: () => T): T;
}

/** A saved inventory or a view of one. */
export type InventoryLike = Inventory | InventoryView;

/** A store over the maps of a plain {@link Inventory} (no copy). */
class InventoryMapsStore implements SliceStore {
  constructor(private readonly inventory: Inventory) {}
  put(account: string, slices: AccountSlices): void {
    this.inventory.account[account] = slices.account;
    this.inventory.region[account] = slices.region;
  }
  get(account: string): AccountSlices | undefined {
    const acc = this.inventory.account[account];
    const reg = this.inventory.region[account];
    return acc === undefined && reg === undefined ? undefined : { account: acc ?? {}, region: reg ?? {} };
  }
  ids(): string[] {
    return [...new Set([...Object.keys(this.inventory.account), ...Object.keys(this.inventory.region)])];
  }
  close(): void {}
}

/** A view over a header and a store. */
export function inventoryView(header: InventoryHeader, store: SliceStore): InventoryView {
  const memos = new Map<string, unknown>();
  return {
    ...header,
    slicesOf: (account) => store.get(account),
    *eachAccount() {
      for (const id of store.ids()) {
        const slices = store.get(id);
        if (slices) yield [id, slices];
      }
    },
    memo<T>(key: string, compute: () => T): T {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
  };
}

function isView(inventory: InventoryLike): inventory is InventoryView {
  return typeof (inventory as Partial<InventoryView>).slicesOf === 'function';
}

/**
 * The view itself, or a new view of a saved inventory that reads its maps live. Each new view has its
 * own memos: an evaluation run makes one view and shares it, so a test that changes an inventory between
 * runs never sees a stale answer.
 */
export function viewOf(inventory: InventoryLike): InventoryView {
  if (isView(inventory)) return inventory;
  const { account: _account, region: _region, ...header } = inventory;
  return inventoryView(header, new InventoryMapsStore(inventory));
}

/** An account-scope slice of `account`. */
export function accountSliceIn<S>(
  inventory: InventoryLike,
  account: string,
  collectorId: string,
): S | undefined {
  if (!isView(inventory)) return inventory.account[account]?.[collectorId] as S | undefined;
  return inventory.slicesOf(account)?.account[collectorId] as S | undefined;
}

/** A region-scope slice of `account` in `region`. */
export function regionSliceIn<S>(
  inventory: InventoryLike,
  account: string,
  region: string,
  collectorId: string,
): S | undefined {
  if (!isView(inventory)) return inventory.region[account]?.[region]?.[collectorId] as S | undefined;
  return inventory.slicesOf(account)?.region[region]?.[collectorId] as S | undefined;
}
