/**
 * Helpers over a parsed blueprint: defaults that depend on other keys, account roles, OU placement and the
 * resolution of the one targeting shape into concrete accounts and Regions.
 */
import type { AccountRoleId } from '../catalog/ids.js';
import type { Blueprint, ParsedBlueprint, Targets } from './schema.js';

/** The parts of a blueprint that describe the organization's layout. */
export type BlueprintLayout = Pick<ParsedBlueprint, 'organization' | 'accounts'>;

/** Member role of accounts created by AWS Organizations. */
export const ORGANIZATIONS_MEMBER_ROLE = 'OrganizationAccountAccessRole';

/** Member role Control Tower provisions in enrolled accounts. */
export const CONTROL_TOWER_MEMBER_ROLE = 'AWSControlTowerExecution';

/** Pseudo-OU name meaning the organization root. */
export const ROOT_OU = 'Root';

/**
 * Applies the defaults that depend on other keys: the member role name (Control Tower or Organizations),
 * the Config global-resources Region and the Security Hub aggregator Region (both the home Region).
 */
export function resolveDefaults(parsed: ParsedBlueprint): Blueprint {
  const org = parsed.organization;
  return {
    ...parsed,
    organization: {
      ...org,
      memberRoleName:
        org.memberRoleName ??
        (org.controlTower.enabled ? CONTROL_TOWER_MEMBER_ROLE : ORGANIZATIONS_MEMBER_ROLE),
    },
    assurance: {
      ...parsed.assurance,
      config: {
        ...parsed.assurance.config,
        globalResourcesRegion: parsed.assurance.config.globalResourcesRegion ?? org.homeRegion,
      },
      securityHub: {
        ...parsed.assurance.securityHub,
        aggregatorRegion: parsed.assurance.securityHub.aggregatorRegion ?? org.homeRegion,
      },
    },
  };
}

/** The SRA role of each `accounts` key that names one account. */
export const ROLE_OF_ACCOUNT_KEY = {
  securityTooling: 'security-tooling',
  logArchive: 'log-archive',
  network: 'network',
  sharedServices: 'shared-services',
  forensics: 'forensics',
  generativeAi: 'generative-ai',
} as const satisfies Record<string, AccountRoleId>;

/** A key of `accounts` that names one role account. */
export type RoleAccountKey = keyof typeof ROLE_OF_ACCOUNT_KEY;

/**
 * Account ID → SRA roles it holds. The management account, every role account and every workload are
 * listed; accounts only placed in an OU count as workloads. In a valid blueprint each account holds one role.
 */
export function accountRoles(blueprint: BlueprintLayout): Map<string, AccountRoleId[]> {
  const roles = new Map<string, AccountRoleId[]>();
  const add = (id: string, role: AccountRoleId) => {
    const list = roles.get(id) ?? [];
    if (!list.includes(role)) list.push(role);
    roles.set(id, list);
  };
  add(blueprint.organization.managementAccount, 'management');
  for (const key of Object.keys(ROLE_OF_ACCOUNT_KEY) as RoleAccountKey[]) {
    const id = blueprint.accounts[key];
    if (id !== undefined) add(id, ROLE_OF_ACCOUNT_KEY[key]);
  }
  for (const w of blueprint.accounts.workloads) add(w.id, 'workload');
  for (const ou of blueprint.organization.organizationalUnits) {
    for (const id of ou.accounts) if (!roles.has(id)) add(id, 'workload');
  }
  return roles;
}

/** Every account ID the blueprint declares (roles, workloads, OU members). */
export function knownAccounts(blueprint: BlueprintLayout): Set<string> {
  return new Set(accountRoles(blueprint).keys());
}

/** Account ID → the OU it is placed in (from OU `accounts` lists and workload `ou` keys; first one wins). */
export function accountPlacement(blueprint: BlueprintLayout): Map<string, string> {
  const placement = new Map<string, string>();
  for (const ou of blueprint.organization.organizationalUnits) {
    for (const id of ou.accounts) if (!placement.has(id)) placement.set(id, ou.name);
  }
  for (const w of blueprint.accounts.workloads) {
    if (w.ou !== undefined && !placement.has(w.id)) placement.set(w.id, w.ou);
  }
  return placement;
}

/** The named OU and every OU nested below it (cycles are tolerated; they are reported by validation). */
export function ouWithDescendants(blueprint: BlueprintLayout, name: string): Set<string> {
  const childrenOf = new Map<string, string[]>();
  for (const ou of blueprint.organization.organizationalUnits) {
    const parent = ou.parent ?? ROOT_OU;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), ou.name]);
  }
  const out = new Set<string>();
  const queue = [name];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (out.has(next)) continue;
    out.add(next);
    queue.push(...(childrenOf.get(next) ?? []));
  }
  return out;
}

/** A targeting block resolved against the blueprint. */
export interface ResolvedTargets {
  /** True when neither OUs nor accounts were named: every account of the organization, known or not. */
  wholeOrganization: boolean;
  /** Targeted OUs, including nested ones (empty for the whole organization). */
  ous: string[];
  /** Accounts declared in the blueprint that are in scope, after exclusions. */
  accounts: string[];
  /** Accounts explicitly left out. */
  excludeAccounts: string[];
  /** Governed Regions in scope, after exclusions. */
  regions: string[];
}

/** Resolves a targeting block (default: the whole organization, every governed Region). */
export function resolveTargets(blueprint: BlueprintLayout, targets?: Partial<Targets>): ResolvedTargets {
  const t = {
    ous: targets?.ous ?? [],
    accounts: targets?.accounts ?? [],
    excludeAccounts: targets?.excludeAccounts ?? [],
    excludeRegions: targets?.excludeRegions ?? [],
  };
  const wholeOrganization = t.ous.length === 0 && t.accounts.length === 0;
  const excluded = new Set(t.excludeAccounts);
  const ous = new Set<string>();
  for (const name of t.ous) for (const ou of ouWithDescendants(blueprint, name)) ous.add(ou);
  const placement = accountPlacement(blueprint);
  const accounts = [...knownAccounts(blueprint)].filter((id) => {
    if (excluded.has(id)) return false;
    if (wholeOrganization) return true;
    const ou = placement.get(id);
    return t.accounts.includes(id) || (ou !== undefined && ous.has(ou));
  });
  const excludedRegions = new Set(t.excludeRegions);
  return {
    wholeOrganization,
    ous: [...ous],
    accounts,
    excludeAccounts: [...t.excludeAccounts],
    regions: blueprint.organization.governedRegions.filter((r) => !excludedRegions.has(r)),
  };
}
