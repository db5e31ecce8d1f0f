/**
 * Direct builders for the simulated world, used by scenarios and tests to lay down an organization
 * and its accounts without going through the API (the way AWS would already have them).
 */
import { REGIONS } from '../../catalog/regions.js';
import type { SandboxAccount, SandboxOrganization, SandboxOu } from './state.js';
import type { SandboxWorld } from './state.js';

/** Regions enabled by default in every commercial account (the non-opt-in ones). */
export const DEFAULT_ENABLED_REGIONS: readonly string[] = REGIONS.filter(
  (r) => r.partition === 'aws' && !r.optIn,
).map((r) => r.code);

/** An account to create with {@link seedOrganization}. */
export interface SeedAccount {
  /** 12-digit id. */
  id: string;
  /** Account name. @default `account-<id>` */
  name?: string;
  /** Email. @default `<id>@example.com` */
  email?: string;
  /** Name of the OU (created under the root) to place it in; the root when unset. */
  ou?: string;
  /** @default 'ACTIVE' */
  status?: SandboxAccount['status'];
  /** Opt-in Regions enabled in addition to the default ones. */
  optInRegions?: string[];
  /** Role names assumable from the management account. @default ['OrganizationAccountAccessRole'] */
  roles?: string[];
  /** Tags. */
  tags?: Record<string, string>;
}

/** Input of {@link seedOrganization}. */
export interface SeedOrganization {
  /** Management account id. */
  managementAccountId: string;
  /** Management account name. @default 'management' */
  managementAccountName?: string;
  /** Organization id. @default derived from the management account id */
  organizationId?: string;
  /** Feature set. @default 'ALL' */
  featureSet?: SandboxOrganization['featureSet'];
  /** Member accounts (the management account is added automatically). */
  accounts: SeedAccount[];
  /** Opt-in Regions the management account enabled. */
  managementOptInRegions?: string[];
  /** Epoch ms used as the join time. @default 0 */
  at?: number;
}

function ouIdFor(rootSuffix: string, index: number): string {
  return `ou-${rootSuffix}-${index.toString(36).padStart(8, '0')}`;
}

/** Creates the organization, its OUs (one level under the root) and accounts in `world`. */
export function seedOrganization(world: SandboxWorld, seed: SeedOrganization): SandboxOrganization {
  const mgmt = seed.managementAccountId;
  const orgId = seed.organizationId ?? `o-${mgmt.slice(0, 10)}`;
  const rootSuffix = mgmt.slice(-4);
  const rootId = `r-${rootSuffix}`;
  const at = seed.at ?? 0;
  const org: SandboxOrganization = {
    id: orgId,
    arn: `arn:aws:organizations::${mgmt}:organization/${orgId}`,
    featureSet: seed.featureSet ?? 'ALL',
    managementAccountId: mgmt,
    managementAccountEmail: `${mgmt}@example.com`,
    rootId,
    rootArn: `arn:aws:organizations::${mgmt}:root/${orgId}/${rootId}`,
    enabledPolicyTypes: new Set(),
    ous: new Map(),
    policies: new Map(),
    trustedAccess: new Map(),
    delegatedAdmins: new Map(),
  };
  world.organization = org;
  const ouByName = new Map<string, SandboxOu>();
  const addAccount = (a: SeedAccount, parentId: string): void => {
    world.accounts.set(a.id, {
      id: a.id,
      name: a.name ?? `account-${a.id}`,
      email: a.email ?? `${a.id}@example.com`,
      status: a.status ?? 'ACTIVE',
      parentId,
      joinedMethod: 'CREATED',
      joinedAt: at,
      enabledRegions: new Set([...DEFAULT_ENABLED_REGIONS, ...(a.optInRegions ?? [])]),
      assumableRoles: new Set(a.roles ?? ['OrganizationAccountAccessRole']),
      tags: { ...(a.tags ?? {}) },
    });
  };
  addAccount(
    {
      id: mgmt,
      name: seed.managementAccountName ?? 'management',
      roles: [],
      optInRegions: seed.managementOptInRegions ?? [],
    },
    rootId,
  );
  for (const a of seed.accounts) {
    let parent = rootId;
    if (a.ou) {
      let ou = ouByName.get(a.ou);
      if (!ou) {
        const id = ouIdFor(rootSuffix, ouByName.size + 1);
        ou = {
          id,
          arn: `arn:aws:organizations::${mgmt}:ou/${orgId}/${id}`,
          name: a.ou,
          parentId: rootId,
          tags: {},
        };
        ouByName.set(a.ou, ou);
        org.ous.set(id, ou);
      }
      parent = ou.id;
    }
    addAccount(a, parent);
  }
  return org;
}
