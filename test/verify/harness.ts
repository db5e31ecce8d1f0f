/**
 * Test harness for collectors and controls.
 * - `collectIn(scenario, collector, account, region?, organization?)` runs one collector against a
 *   sandbox scenario through the real access layer and returns its slice.
 * - `evalControl(control, init)` evaluates a control against a hand-built inventory and returns the
 *   outcomes, with MissingData turned into ERROR exactly as the engine does.
 */
import { scenarioAccess } from '../../src/sandbox/scenarios/access.js';
import type { AwsAccess } from '../../src/aws/access.js';
import type { Scenario } from '../../src/sandbox/scenarios/index.js';
import { allAccounts } from '../../src/sandbox/scenarios/index.js';
import { createCollectContext } from '../../src/observe/context.js';
import { expect } from 'vitest';
import type { AccountRoleId } from '../../src/catalog/ids.js';
import type { AccountInfo, Collector, Datum, Inventory } from '../../src/observe/types.js';
import { emptyInventory, makeEvalContext, type EvalContextInit } from '../../src/verify/context.js';
import { MissingData, type Control, type Finding, type Outcome } from '../../src/verify/types.js';
import { statusObserver } from '../../src/verify/evaluate.js';

/** An access layer for a scenario, acting as the management account's administrator. */
export function accessFor(s: Scenario): AwsAccess {
  return scenarioAccess(s, {
    maxAttempts: 2,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
}

/** The scenario's accounts as the inventory lists them. */
export function scenarioAccounts(s: Scenario): AccountInfo[] {
  return allAccounts(s).map((id) => {
    const a = s.sandbox.world.account(id)!;
    const ou = a.parentId ? s.sandbox.world.organization?.ous.get(a.parentId)?.name : undefined;
    return {
      id,
      name: a.name,
      status: a.status,
      ouPath: ou ? [ou] : [],
      ...(a.parentId ? { parentId: a.parentId } : {}),
    };
  });
}

/** Runs one collector as `account` in `region` (default: home Region). */
export async function collectIn<S>(
  s: Scenario,
  collector: Collector<S>,
  account: string,
  region: string = s.homeRegion,
  organization: Record<string, unknown> = {},
  access: AwsAccess = accessFor(s),
): Promise<S> {
  const ctx = createCollectContext({
    access,
    account,
    region,
    homeRegion: s.homeRegion,
    governedRegions: s.governedRegions,
    managementAccountId: s.managementAccountId,
    organization,
    accounts: scenarioAccounts(s),
  });
  return collector.collect(ctx);
}

/** Evaluates a control like the engine does (MissingData → ERROR). */
export function evalControl(control: Control, init: EvalContextInit): Outcome[] {
  const outcomes = evalControlUnobserved(control, init);
  const observe = statusObserver();
  for (const o of outcomes) observe?.(control.id, o.status);
  return outcomes;
}

function evalControlUnobserved(control: Control, init: EvalContextInit): Outcome[] {
  const ctx = makeEvalContext(init);
  try {
    const out = control.evaluate(ctx);
    return Array.isArray(out) ? out : [out];
  } catch (e) {
    if (e instanceof MissingData) {
      return [{ status: 'ERROR', message: e.message, ...(e.error ? { error: e.error } : {}) }];
    }
    throw e;
  }
}

/** Collectors to run over a whole scenario with {@link collectScenarioWith}. */
export interface ScenarioCollectors {
  /** Run once from the management account, home Region. */
  organization: Collector[];
  /** Run in every account and governed Region. */
  region: Collector[];
  /** Also record the scenario's organization id in the inventory. @default false */
  withOrganizationId?: boolean;
}

/** Runs organization- then region-scope collectors over every account and Region of a scenario. */
export async function collectScenarioWith(s: Scenario, collectors: ScenarioCollectors): Promise<Inventory> {
  const inv = emptyInventory({
    managementAccountId: s.managementAccountId,
    homeRegion: s.homeRegion,
    governedRegions: s.governedRegions,
    accounts: scenarioAccounts(s),
  });
  if (collectors.withOrganizationId) inv.organizationId = s.organizationId;
  for (const c of collectors.organization)
    inv.organization[c.id] = await collectIn(s, c, s.managementAccountId);
  const access = accessFor(s);
  for (const account of allAccounts(s)) {
    for (const region of s.governedRegions) {
      for (const c of collectors.region) {
        const slice = await collectIn(s, c, account, region, inv.organization, access);
        ((inv.region[account] ??= {})[region] ??= {})[c.id] = slice;
      }
    }
  }
  return inv;
}

/**
 * The roles a blueprint would give a scenario's accounts: management, security tooling, log archive (and,
 * with `withInfrastructure`, network and shared services); every other account is a workload.
 */
export function scenarioRoles(s: Scenario, withInfrastructure = false) {
  const special: Record<string, AccountRoleId> = {
    [s.managementAccountId]: 'management',
    [s.securityToolingId]: 'security-tooling',
    [s.logArchiveId]: 'log-archive',
    ...(withInfrastructure ? { [s.networkId]: 'network', [s.sharedServicesId]: 'shared-services' } : {}),
  };
  const rolesOf = (a: string): AccountRoleId[] => [special[a] ?? 'workload'];
  const roleAccounts: Partial<Record<AccountRoleId, string[]>> = {};
  for (const a of allAccounts(s)) (roleAccounts[rolesOf(a)[0]!] ??= []).push(a);
  return { rolesOf, roleAccounts };
}

/** The value of a datum, failing the test (with the datum shown) when the read failed. */
export function datumValue<T>(d: Datum<T> | undefined): T {
  expect(d?.ok, JSON.stringify(d)).toBe(true);
  return (d as { ok: true; value: T }).value;
}

/** Findings that are neither PASS nor NOT_APPLICABLE, as `STATUS controlId account/region`, sorted. */
export function gaps(findings: Finding[]): string[] {
  return findings
    .filter((f) => f.status !== 'PASS' && f.status !== 'NOT_APPLICABLE')
    .map((f) => `${f.status} ${f.controlId} ${f.account}/${f.region ?? '-'}`)
    .sort();
}
