/** Builds the {@link EvalContext} a control is evaluated with. */
import type { AccountRoleId } from '../catalog/ids.js';
import type { Blueprint } from '../blueprint/index.js';
import type { AccountInfo, Datum, Inventory } from '../observe/types.js';
import { viewOf, type InventoryLike } from '../observe/view.js';
import { MissingData, type EvalContext } from './types.js';

/** Inputs of {@link makeEvalContext}. */
export interface EvalContextInit {
  /** The inventory; pass one view for a whole run so cross-account memos are shared. */
  inventory: InventoryLike;
  account: AccountInfo;
  region: string;
  roles: readonly AccountRoleId[];
  roleAccounts: Readonly<Partial<Record<AccountRoleId, readonly string[]>>>;
  blueprint?: Blueprint;
}

/** The evaluation context of one (account, Region). */
export function makeEvalContext(init: EvalContextInit): EvalContext {
  const inv = viewOf(init.inventory);
  return {
    inventory: inv,
    ...(init.blueprint ? { blueprint: init.blueprint } : {}),
    account: init.account,
    region: init.region,
    roles: init.roles,
    roleAccounts: init.roleAccounts,
    org: <S>(id: string) => inv.organization[id] as S | undefined,
    accountSlice: <S>(id: string, account = init.account.id) =>
      inv.slicesOf(account)?.account[id] as S | undefined,
    regionSlice: <S>(id: string, account = init.account.id, region = init.region) =>
      inv.slicesOf(account)?.region[region]?.[id] as S | undefined,
    need<T>(datum: Datum<T> | undefined, what: string): T {
      if (datum === undefined) throw new MissingData(what, undefined);
      if (!datum.ok) throw new MissingData(what, datum.error);
      return datum.value;
    },
  };
}

/** An empty inventory for one organization, for building test inputs. */
export function emptyInventory(init: {
  managementAccountId: string;
  homeRegion: string;
  governedRegions: string[];
  accounts: AccountInfo[];
}): Inventory {
  return {
    schemaVersion: 1,
    collectedAt: new Date(0).toISOString(),
    toolVersion: 'test',
    managementAccountId: init.managementAccountId,
    homeRegion: init.homeRegion,
    governedRegions: init.governedRegions,
    accounts: init.accounts,
    organization: {},
    account: {},
    region: {},
    unreachable: [],
  };
}
