/**
 * Which account plays which SRA role. With a blueprint the blueprint says so. Without one, verify works
 * it out from evidence and says how it decided: service modules contribute weighted hints from what
 * they read (delegated administrators, the owner of the organization trail's bucket, …) and the names
 * and OUs of accounts add weaker hints. Each special role goes to the account with the most weight; an
 * account holds at most one special role; the management account is always `management`; every other
 * account is a `workload`.
 */
import { ACCOUNT_ROLE_IDS, type AccountRoleId } from '../catalog/ids.js';
import type { Blueprint } from '../blueprint/index.js';
import { accountRoles } from '../blueprint/index.js';
import type { InventoryHeader } from '../observe/view.js';
import type { RoleAssignment } from './result.js';
import { organizationSliceOf } from '../services/organizations/collect.js';

/** Evidence that `account` plays `role`. */
export interface RoleHint {
  role: Exclude<AccountRoleId, 'management' | 'workload'>;
  account: string;
  /** Strength: 10 for a delegated administrator or resource ownership, 1–3 for names. */
  weight: number;
  /** Why, in a few words. */
  reason: string;
}

/** Role assignments plus lookups. */
export interface RoleMap {
  assignments: RoleAssignment[];
  rolesOf(account: string): AccountRoleId[];
  roleAccounts: Partial<Record<AccountRoleId, string[]>>;
}

const NAME_HINTS: ReadonlyArray<[RoleHint['role'], RegExp, number]> = [
  ['security-tooling', /\b(audit|security[ -]?tooling|security[ -]?tools?)\b/i, 3],
  ['log-archive', /\blog[ -]?archive\b/i, 3],
  ['network', /\bnetwork(ing)?\b/i, 2],
  ['shared-services', /\bshared[ -]?services?\b/i, 2],
  ['forensics', /\bforensics?\b/i, 2],
  ['generative-ai', /\b(gen[ -]?ai|generative[ -]?ai|bedrock)\b/i, 2],
];

/** Name-based hints: account names like "Audit", "Log Archive", "Network". */
export function nameHints(inventory: InventoryHeader): RoleHint[] {
  const hints: RoleHint[] = [];
  for (const a of inventory.accounts) {
    if (a.id === inventory.managementAccountId) continue;
    for (const [role, re, weight] of NAME_HINTS) {
      if (re.test(a.name)) hints.push({ role, account: a.id, weight, reason: `account name "${a.name}"` });
    }
  }
  return hints;
}

/** Builds the role map from a blueprint. */
export function rolesFromBlueprint(inventory: InventoryHeader, blueprint: Blueprint): RoleMap {
  const fromBlueprint = accountRoles(blueprint);
  const assignments: RoleAssignment[] = inventory.accounts.map((a) => {
    const roles = [...(fromBlueprint.get(a.id) ?? [])] as AccountRoleId[];
    if (a.id === inventory.managementAccountId && !roles.includes('management')) roles.unshift('management');
    if (roles.length === 0) roles.push('workload');
    return { account: a.id, roles, source: 'blueprint', reason: 'declared in the blueprint' };
  });
  return toRoleMap(assignments);
}

/** Infers the role map from hints. */
export function inferRoles(inventory: InventoryHeader, hints: readonly RoleHint[]): RoleMap {
  const assigned = new Map<string, { role: AccountRoleId; reason: string }>();
  assigned.set(inventory.managementAccountId, {
    role: 'management',
    reason: 'the organization’s management account',
  });
  const known = new Set(inventory.accounts.map((a) => a.id));
  for (const role of ACCOUNT_ROLE_IDS) {
    if (role === 'management' || role === 'workload') continue;
    const weights = new Map<string, { weight: number; reasons: string[] }>();
    for (const h of hints) {
      if (h.role !== role || !known.has(h.account) || assigned.has(h.account)) continue;
      const w = weights.get(h.account) ?? { weight: 0, reasons: [] };
      w.weight += h.weight;
      // Two modules may see the same evidence (Organizations and the service's own admin API): say it once.
      if (!w.reasons.includes(h.reason)) w.reasons.push(h.reason);
      weights.set(h.account, w);
    }
    const best = [...weights.entries()].sort(
      (x, y) => y[1].weight - x[1].weight || x[0].localeCompare(y[0]),
    )[0];
    if (best) assigned.set(best[0], { role, reason: best[1].reasons.join('; ') });
  }
  const assignments: RoleAssignment[] = inventory.accounts.map((a) => {
    const r = assigned.get(a.id);
    return r
      ? { account: a.id, roles: [r.role], source: 'inferred', reason: r.reason }
      : { account: a.id, roles: ['workload'], source: 'inferred', reason: 'no evidence of another role' };
  });
  return toRoleMap(assignments);
}

function toRoleMap(assignments: RoleAssignment[]): RoleMap {
  const byAccount = new Map(assignments.map((a) => [a.account, a.roles]));
  const roleAccounts: Partial<Record<AccountRoleId, string[]>> = {};
  for (const a of assignments) for (const r of a.roles) (roleAccounts[r] ??= []).push(a.account);
  return { assignments, rolesOf: (account) => byAccount.get(account) ?? ['workload'], roleAccounts };
}

/** Delegated-admin principals that mark the security tooling account, per the SRA (SRA.md §2). */
const SECURITY_TOOLING_PRINCIPALS = [
  'guardduty.amazonaws.com',
  'securityhub.amazonaws.com',
  'config.amazonaws.com',
  'config-multiaccountsetup.amazonaws.com',
  'access-analyzer.amazonaws.com',
  'macie.amazonaws.com',
  'inspector2.amazonaws.com',
  'detective.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'fms.amazonaws.com',
  'auditmanager.amazonaws.com',
  'security-ir.amazonaws.com',
];

/** Delegated-admin principals that mark the log archive account (Security Lake, per the SRA). */
const LOG_ARCHIVE_PRINCIPALS = ['securitylake.amazonaws.com'];

/** Delegated-admin principals that mark the shared services account (Identity Center, Systems Manager). */
const SHARED_SERVICES_PRINCIPALS = ['sso.amazonaws.com', 'ssm.amazonaws.com'];

/** Hints from Organizations' delegated administrators. */
export function delegatedAdminHints(inventory: InventoryHeader): RoleHint[] {
  const slice = organizationSliceOf(inventory.organization);
  if (!slice?.delegatedAdmins.ok) return [];
  const hints: RoleHint[] = [];
  const groups: Array<[RoleHint['role'], string[]]> = [
    ['security-tooling', SECURITY_TOOLING_PRINCIPALS],
    ['log-archive', LOG_ARCHIVE_PRINCIPALS],
    ['shared-services', SHARED_SERVICES_PRINCIPALS],
  ];
  for (const reg of slice.delegatedAdmins.value) {
    if (reg.account === inventory.managementAccountId) continue;
    for (const [role, principals] of groups) {
      if (principals.includes(reg.principal)) {
        hints.push({
          role,
          account: reg.account,
          weight: 10,
          reason: `delegated administrator of ${reg.principal}`,
        });
      }
    }
  }
  return hints;
}
