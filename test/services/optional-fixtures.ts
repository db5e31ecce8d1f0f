/**
 * Fixtures shared by the tests of the optional services (Security Lake, Audit Manager, Security Incident
 * Response): a hand-built inventory for control tests, blueprints, and an end-to-end observe + evaluate over a
 * sandbox scenario with the layout's roles.
 */
import { expect } from 'vitest';
import { parseBlueprint, type Blueprint } from '../../src/blueprint/index.js';
import type { AccountRoleId } from '../../src/catalog/ids.js';
import { observe } from '../../src/observe/engine.js';
import type { AccountInfo, Collector, DataError, Datum, Inventory } from '../../src/observe/types.js';
import {
  ORGANIZATIONS_COLLECTOR_ID,
  accountsFromOrganization,
  organizationIdFrom,
  organizationsCollector,
  type OrganizationSlice,
} from '../../src/services/organizations/collect.js';
import { allAccounts, type Scenario, type ScenarioLayout } from '../../src/sandbox/scenarios/index.js';
import { emptyInventory } from '../../src/verify/context.js';
import { evaluateControls } from '../../src/verify/evaluate.js';
import type { Control, Finding, Outcome } from '../../src/verify/types.js';
import { accessFor, evalControl } from '../verify/harness.js';

/** Accounts of the hand-built inventory. */
export const MGMT = '111111111111';
export const AUDIT = '222222222222';
export const LOGS = '333333333333';
export const W1 = '444444444444';
export const W2 = '555555555555';
/** Home and second governed Region. */
export const R = 'us-east-1';
export const R2 = 'eu-west-1';

/** Role of each hand-built account. */
export const ROLE: Readonly<Record<string, AccountRoleId>> = {
  [MGMT]: 'management',
  [AUDIT]: 'security-tooling',
  [LOGS]: 'log-archive',
  [W1]: 'workload',
  [W2]: 'workload',
};

/** Accounts per role of the hand-built organization. */
export const ROLE_ACCOUNTS: Readonly<Partial<Record<AccountRoleId, readonly string[]>>> = {
  management: [MGMT],
  'security-tooling': [AUDIT],
  'log-archive': [LOGS],
  workload: [W1, W2],
};

/** A successful datum. */
export function ok<T>(value: T): Datum<T> {
  return { ok: true, value };
}

/** A failed datum (access denied unless said otherwise). */
export function failed<T>(
  operation: string,
  account: string,
  kind: DataError['kind'] = 'access-denied',
): Datum<T> {
  return { ok: false, error: { kind, message: `denied: ${operation}`, account, region: R, operation } };
}

/** The Organizations slice with the given delegated administrators and trusted access. */
export function orgSlice(init: {
  admins?: Array<[account: string, principal: string]> | Datum<never>;
  trusted?: string[] | Datum<never>;
}): OrganizationSlice {
  const admins = init.admins ?? [];
  const trusted = init.trusted ?? [];
  const never = failed<never>('organizations:DescribeOrganization', MGMT);
  return {
    organization: ok({ id: 'o-abcdefghij', arn: 'arn', featureSet: 'ALL', managementAccountId: MGMT }),
    roots: never,
    ous: never,
    accounts: never,
    policies: never,
    trustedAccess: Array.isArray(trusted) ? ok(trusted.map((principal) => ({ principal }))) : trusted,
    delegatedAdmins: Array.isArray(admins)
      ? ok(admins.map(([account, principal]) => ({ account, principal })))
      : admins,
  };
}

/** An inventory of five accounts in two Regions with the given Organizations slice and nothing else. */
export function inventory(org: OrganizationSlice = orgSlice({})): Inventory {
  const accounts: AccountInfo[] = [
    { id: MGMT, name: 'Management', status: 'ACTIVE', ouPath: [] },
    { id: AUDIT, name: 'Security Tooling', status: 'ACTIVE', ouPath: ['Security'] },
    { id: LOGS, name: 'Log Archive', status: 'ACTIVE', ouPath: ['Security'] },
    { id: W1, name: 'workload-1', status: 'ACTIVE', ouPath: ['Workloads'] },
    { id: W2, name: 'workload-2', status: 'ACTIVE', ouPath: ['Workloads'] },
  ];
  const inv = emptyInventory({
    managementAccountId: MGMT,
    homeRegion: R,
    governedRegions: [R, R2],
    accounts,
  });
  inv.organization[ORGANIZATIONS_COLLECTOR_ID] = org;
  return inv;
}

/** Sets a region-scope slice. */
export function setRegionSlice(
  inv: Inventory,
  account: string,
  region: string,
  id: string,
  slice: unknown,
): void {
  ((inv.region[account] ??= {})[region] ??= {})[id] = slice;
}

/** Sets an account-scope slice. */
export function setAccountSlice(inv: Inventory, account: string, id: string, slice: unknown): void {
  (inv.account[account] ??= {})[id] = slice;
}

/** A valid blueprint for the hand-built organization, plus `extra` YAML. */
export function blueprint(extra = ''): Blueprint {
  const text =
    `organization:\n  managementAccount: '${MGMT}'\n  homeRegion: ${R}\n  governedRegions: [${R}, ${R2}]\n` +
    `  organizationalUnits:\n    - { name: Security, accounts: ['${AUDIT}', '${LOGS}'] }\n    - { name: Workloads }\n` +
    `accounts:\n  securityTooling: '${AUDIT}'\n  logArchive: '${LOGS}'\n` +
    `  workloads:\n    - { id: '${W1}', name: workload-1, ou: Workloads }\n` +
    `    - { id: '${W2}', name: workload-2, ou: Workloads }\n${extra}`;
  const parsed = parseBlueprint(text);
  expect(parsed.diagnostics).toEqual([]);
  return parsed.blueprint!;
}

/** Options of {@link run}. */
export interface RunOptions {
  /** Region (default: home). */
  region?: string;
  /** Blueprint. */
  blueprint?: Blueprint;
  /** Role accounts (default: {@link ROLE_ACCOUNTS}). */
  roleAccounts?: Partial<Record<AccountRoleId, readonly string[]>>;
}

/** Evaluates a control in one account (and Region) like the engine does. */
export function run(control: Control, inv: Inventory, account: string, o: RunOptions = {}): Outcome[] {
  return evalControl(control, {
    inventory: inv,
    account: inv.accounts.find((a) => a.id === account)!,
    region: o.region ?? R,
    roles: [ROLE[account] ?? 'workload'],
    roleAccounts: o.roleAccounts ?? ROLE_ACCOUNTS,
    ...(o.blueprint ? { blueprint: o.blueprint } : {}),
  });
}

/** {@link run}, expecting exactly one outcome. */
export function one(control: Control, inv: Inventory, account: string, o: RunOptions = {}): Outcome {
  const out = run(control, inv, account, o);
  expect(out).toHaveLength(1);
  return out[0]!;
}

/** Roles of a scenario's layout, as a blueprint would declare them. */
export function layoutRoles(s: ScenarioLayout): {
  rolesOf: (account: string) => AccountRoleId[];
  roleAccounts: Partial<Record<AccountRoleId, string[]>>;
} {
  const byAccount = new Map<string, AccountRoleId>([
    [s.managementAccountId, 'management'],
    [s.securityToolingId, 'security-tooling'],
    [s.logArchiveId, 'log-archive'],
    [s.networkId, 'network'],
    [s.sharedServicesId, 'shared-services'],
  ]);
  const roleAccounts: Partial<Record<AccountRoleId, string[]>> = {};
  for (const a of allAccounts(s)) (roleAccounts[byAccount.get(a) ?? 'workload'] ??= []).push(a);
  return { rolesOf: (a) => [byAccount.get(a) ?? 'workload'], roleAccounts };
}

/** Observes a scenario with the Organizations collector plus `collectors`, through the real access layer. */
export async function observeScenario(s: Scenario, collectors: readonly Collector[]): Promise<Inventory> {
  return observe({
    access: accessFor(s),
    collectors: [organizationsCollector, ...collectors],
    managementAccountId: s.managementAccountId,
    homeRegion: s.homeRegion,
    governedRegions: s.governedRegions,
    accountsFrom: accountsFromOrganization,
    organizationIdFrom,
    now: () => 0,
  });
}

/** Evaluates `controls` over an inventory of scenario `s` with the layout's roles. */
export function evaluateScenario(
  s: Scenario,
  inv: Inventory,
  controls: readonly Control[],
  bp?: Blueprint,
): Finding[] {
  const roles = layoutRoles(s);
  return evaluateControls(inv, controls, {
    rolesOf: roles.rolesOf,
    roleAccounts: roles.roleAccounts,
    ...(bp ? { blueprint: bp } : {}),
  });
}

/** Findings with the given status, as `controlId account region` lines (sorted), for exact comparisons. */
export function lines(findings: readonly Finding[], status: Finding['status']): string[] {
  return findings
    .filter((f) => f.status === status)
    .map((f) => `${f.controlId} ${f.account}${f.region ? ` ${f.region}` : ''}`)
    .sort();
}
