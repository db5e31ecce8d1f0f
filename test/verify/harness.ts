/**
 * Test harness for collectors and controls.
 * - `collectIn(scenario, collector, account, region?, organization?)` runs one collector against a
 *   sandbox scenario through the real access layer and returns its slice.
 * - `evalControl(control, init)` evaluates a control against a hand-built inventory and returns the
 *   outcomes, with MissingData turned into ERROR exactly as the engine does.
 */
import { AwsAccess } from '../../src/aws/access.js';
import type { Scenario } from '../../src/sandbox/scenarios/index.js';
import { allAccounts } from '../../src/sandbox/scenarios/index.js';
import { createCollectContext } from '../../src/observe/context.js';
import type { AccountInfo, Collector } from '../../src/observe/types.js';
import { makeEvalContext, type EvalContextInit } from '../../src/verify/context.js';
import { MissingData, type Control, type Outcome } from '../../src/verify/types.js';

/** An access layer for a scenario, acting as the management account's administrator. */
export function accessFor(s: Scenario): AwsAccess {
  return new AwsAccess({
    region: s.homeRegion,
    sandbox: s.sandbox,
    credentials: s.sandbox.adminCredentials(s.managementAccountId),
    managementAccountId: s.managementAccountId,
    memberRoleName: s.memberRoleName,
    clock: s.sandbox.clock,
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
