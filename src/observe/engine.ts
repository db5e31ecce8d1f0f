/**
 * Runs the collectors over an organization and assembles the {@link Inventory}.
 *
 * Order: organization-scope collectors (from the management account, home Region) → the account list
 * → for each account (bounded concurrency): one credential check (its single AssumeRole), then the
 * account-scope collectors and, per governed Region, the region-scope collectors. Each collector runs
 * once per scope, so each datum is read once however many controls use it. A failure never stops the
 * run: an account whose role cannot be assumed, or a Region it has not enabled, is recorded in
 * `unreachable`; a single failed read is recorded in its slice.
 */
import pLimit from 'p-limit';
import type { AwsAccess } from '../aws/access.js';
import { VERSION } from '../version.js';
import { createCollectContext, toDataError } from './context.js';
import { MemorySliceStore } from './store.js';
import type { AccountInfo, Collector, DataError, Inventory } from './types.js';
import type { InventoryHeader, SliceStore } from './view.js';

/** Progress of an observation, for progress bars. */
export type ObserveProgress =
  | { phase: 'organization' }
  | { phase: 'accounts'; total: number }
  | { phase: 'account-done'; account: string; done: number; total: number };

/** Options of {@link observe}. */
export interface ObserveOptions {
  /** The access layer (management-account credentials). */
  access: AwsAccess;
  /** Collectors of every service module. */
  collectors: readonly Collector[];
  /** Management account (the caller's account). */
  managementAccountId: string;
  /** Home Region. */
  homeRegion: string;
  /** Regions to read. */
  governedRegions: readonly string[];
  /**
   * Lists the organization's accounts from the organization-scope slices, or says why it cannot.
   * (The organizations module provides it; the engine does not read Organizations a second time.)
   */
  accountsFrom: (organization: Readonly<Record<string, unknown>>) => AccountInfo[] | DataError;
  /** The organization id from the organization-scope slices, when known. */
  organizationIdFrom?: (organization: Readonly<Record<string, unknown>>) => string | undefined;
  /** Keep only these accounts (ids). */
  accounts?: readonly string[];
  /** Keep only accounts under these OUs (names or ids, at any depth). */
  ous?: readonly string[];
  /**
   * Whether an account- or region-scope collector runs in `account` (given the organization-scope
   * slices). @default every collector in every account
   */
  collectorRuns?: (
    collector: Collector,
    account: string,
    organization: Readonly<Record<string, unknown>>,
  ) => boolean;
  /** Accounts observed at once. @default 16 */
  accountConcurrency?: number;
  /** Progress callback. */
  onProgress?: (p: ObserveProgress) => void;
  /** Called once per read (`service:Operation`), for statistics. */
  onRead?: (operation: string) => void;
  /** Time source for `collectedAt`. @default Date.now */
  now?: () => number;
}

/** Reads the organization into an {@link Inventory} held in memory. */
export async function observe(options: ObserveOptions): Promise<Inventory> {
  const store = new MemorySliceStore();
  return inventoryOf(await observeInto(options, store), store);
}

/** A plain {@link Inventory} from a header and the slices of a store (read into memory). */
export function inventoryOf(header: InventoryHeader, store: SliceStore): Inventory {
  const inventory: Inventory = { ...header, account: {}, region: {} };
  for (const id of store.ids()) {
    const slices = store.get(id)!;
    inventory.account[id] = slices.account;
    inventory.region[id] = slices.region;
  }
  return inventory;
}

/**
 * Reads the organization, handing each account's slices to `store` as soon as the account is done, and
 * returns the organization-wide part. With a spilling store, memory does not grow with the accounts.
 */
export async function observeInto(options: ObserveOptions, store: SliceStore): Promise<InventoryHeader> {
  const { access, homeRegion, managementAccountId } = options;
  const governedRegions = [...options.governedRegions];
  const collectedAt = new Date((options.now ?? Date.now)()).toISOString();
  const scoped = {
    organization: options.collectors.filter((c) => c.scope === 'organization'),
    account: options.collectors.filter((c) => c.scope === 'account'),
    region: options.collectors.filter((c) => c.scope === 'region'),
  };
  const byScope = (scope: Collector['scope']) => scoped[scope];
  const base = {
    access,
    homeRegion,
    governedRegions,
    managementAccountId,
    ...(options.onRead ? { onRead: options.onRead } : {}),
  };

  options.onProgress?.({ phase: 'organization' });
  const organization: Record<string, unknown> = {};
  const orgCtx = createCollectContext({
    ...base,
    account: managementAccountId,
    region: homeRegion,
    organization: {},
    accounts: [],
  });
  await Promise.all(
    byScope('organization').map(async (c) => {
      organization[c.id] = await c.collect(orgCtx);
    }),
  );

  const unreachable: DataError[] = [];
  const listed = options.accountsFrom(organization);
  let accounts: AccountInfo[];
  if (Array.isArray(listed)) {
    accounts = filterAccounts(listed, options);
  } else {
    // Without the account list only the management account can be read.
    unreachable.push(listed);
    accounts = [{ id: managementAccountId, name: managementAccountId, status: 'ACTIVE', ouPath: [] }];
  }

  const organizationId = options.organizationIdFrom?.(organization);
  const inventory: InventoryHeader = {
    schemaVersion: 1,
    collectedAt,
    toolVersion: VERSION,
    ...(organizationId ? { organizationId } : {}),
    managementAccountId,
    homeRegion,
    governedRegions,
    accounts,
    organization,
    unreachable,
  };

  const active = accounts.filter((a) => a.status === 'ACTIVE');
  for (const a of accounts) {
    if (a.status !== 'ACTIVE') {
      unreachable.push({
        kind: 'skipped',
        message: `account ${a.id} is ${a.status}: it cannot be read`,
        account: a.id,
        region: homeRegion,
        operation: 'organizations:ListAccounts',
      });
    }
  }
  options.onProgress?.({ phase: 'accounts', total: active.length });
  const limit = pLimit(options.accountConcurrency ?? 16);
  let done = 0;
  await Promise.all(
    active.map((account) =>
      limit(async () => {
        const runs = options.collectorRuns;
        const forAccount = runs
          ? (scope: Collector['scope']) => byScope(scope).filter((c) => runs(c, account.id, organization))
          : byScope;
        await observeAccount(account.id, inventory, store, forAccount, base, accounts, organization);
        // The management account's clients serve organization-scope reads too; keep them.
        if (account.id !== managementAccountId) access.releaseAccount(account.id);
        options.onProgress?.({
          phase: 'account-done',
          account: account.id,
          done: ++done,
          total: active.length,
        });
      }),
    ),
  );
  return inventory;
}

async function observeAccount(
  account: string,
  inventory: InventoryHeader,
  store: SliceStore,
  byScope: (scope: Collector['scope']) => Collector[],
  base: Omit<Parameters<typeof createCollectContext>[0], 'account' | 'region' | 'organization' | 'accounts'>,
  accounts: AccountInfo[],
  organization: Record<string, unknown>,
): Promise<void> {
  const failure = await base.access.checkAccount(account);
  if (failure) {
    inventory.unreachable.push(toDataError(failure, account, base.homeRegion, 'sts:AssumeRole'));
    return;
  }
  const ctxFor = (region: string) =>
    createCollectContext({ ...base, account, region, organization, accounts });
  const accountSlices: Record<string, unknown> = {};
  const regionSlices: Record<string, Record<string, unknown>> = {};
  const accountCtx = ctxFor(base.homeRegion);
  await Promise.all([
    ...byScope('account').map(async (c) => {
      accountSlices[c.id] = await c.collect(accountCtx);
    }),
    ...base.governedRegions.map(async (region) => {
      const ctx = ctxFor(region);
      const slices: Record<string, unknown> = {};
      await Promise.all(
        byScope('region').map(async (c) => {
          slices[c.id] = await c.collect(ctx);
        }),
      );
      const disabled = regionDisabled(slices);
      if (disabled) inventory.unreachable.push(disabled);
      else regionSlices[region] = slices;
    }),
  ]);
  store.put(account, { account: accountSlices, region: regionSlices });
}

/**
 * When every read of an account-Region failed because the Region is not enabled for the account, the
 * Region is not governed there: it is recorded once instead of as one error per datum.
 */
function regionDisabled(slices: Record<string, unknown>): DataError | undefined {
  const errors: DataError[] = [];
  let ok = 0;
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Record<string, unknown>;
    if (o.ok === true && 'value' in o) {
      ok++;
      return;
    }
    if (o.ok === false && o.error && typeof o.error === 'object') {
      errors.push(o.error as DataError);
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(slices);
  if (ok > 0 || errors.length === 0 || !errors.every((e) => e.kind === 'region-disabled')) return undefined;
  return {
    ...errors[0]!,
    message: `Region ${errors[0]!.region} is not enabled for account ${errors[0]!.account}`,
  };
}

function filterAccounts(accounts: AccountInfo[], options: ObserveOptions): AccountInfo[] {
  let out = accounts;
  if (options.accounts?.length) {
    const keep = new Set(options.accounts);
    out = out.filter((a) => keep.has(a.id));
  }
  if (options.ous?.length) {
    const ous = new Set(options.ous.map((o) => o.toLowerCase()));
    out = out.filter(
      (a) =>
        a.ouPath.some((name) => ous.has(name.toLowerCase())) ||
        (a.parentId !== undefined && ous.has(a.parentId.toLowerCase())),
    );
  }
  return out;
}
