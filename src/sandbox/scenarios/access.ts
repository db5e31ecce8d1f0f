/** The access layer for a sandbox scenario, acting as its management account's administrator. */
import { AwsAccess, type AwsAccessOptions } from '../../aws/access.js';
import type { Sandbox } from '../core/sandbox.js';
import type { ScenarioLayout } from './layout.js';

/**
 * An {@link AwsAccess} signed in as the scenario's management account, assuming the scenario's member
 * role, on the sandbox's clock, with no environment (no profile or endpoint from the caller's shell).
 * `options` override any of it (retries, concurrency).
 */
export function scenarioAccess(
  s: ScenarioLayout & { sandbox: Sandbox },
  options: Partial<AwsAccessOptions> = {},
): AwsAccess {
  return new AwsAccess({
    region: s.homeRegion,
    sandbox: s.sandbox,
    credentials: s.sandbox.adminCredentials(s.managementAccountId),
    managementAccountId: s.managementAccountId,
    memberRoleName: s.memberRoleName,
    clock: s.sandbox.clock,
    env: {},
    ...options,
  });
}
