/**
 * Fixtures for access-layer tests: a seeded sandbox organization with STS and an {@link AwsAccess}
 * wired to it with millisecond backoffs.
 */
import { stsService } from '../../src/sandbox/services/sts.js';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';
import type { SandboxService } from '../../src/sandbox/core/service.js';
import type { SeedAccount } from '../../src/sandbox/core/world-builder.js';
import { AwsAccess, type AwsAccessOptions } from '../../src/aws/index.js';
import { MGMT, orgSandbox } from '../sandbox/helpers.js';

export { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD } from '../sandbox/helpers.js';

/** Backoffs of a few milliseconds and a fast adaptive floor, so retries cost no real time to speak of. */
export const FAST_RETRY: AwsAccessOptions['retry'] = {
  baseDelayMs: 1,
  throttlingBaseDelayMs: 2,
  maxDelayMs: 8,
  minSendRate: 5000,
};

/** A sandbox organization plus a factory of access layers acting as its management account. */
export function setup(
  knobs: SandboxKnobs = {},
  extraAccounts: SeedAccount[] = [],
  services: readonly SandboxService[] = [stsService],
) {
  const { sandbox, clock } = orgSandbox(services, knobs, extraAccounts);
  const adminCredentials = sandbox.adminCredentials(MGMT);
  const access = (options: AwsAccessOptions = {}): AwsAccess =>
    new AwsAccess({
      region: 'us-east-1',
      credentials: adminCredentials,
      sandbox,
      clock,
      retry: FAST_RETRY,
      env: {},
      ...options,
    });
  return { sandbox, clock, adminCredentials, access };
}
