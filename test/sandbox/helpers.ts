/**
 * Shared fixtures for sandbox tests: a small organization and SDK clients that act as a given
 * account in a given Region.
 */
import { Sandbox, type SandboxKnobs } from '../../src/sandbox/core/sandbox.js';
import { VirtualClock } from '../../src/sandbox/core/clock.js';
import type { SandboxService } from '../../src/sandbox/core/service.js';
import type { SdkClientLike } from '../../src/sandbox/core/middleware.js';
import { seedOrganization, type SeedAccount } from '../../src/sandbox/core/world-builder.js';

/** Account ids used across sandbox tests. */
export const MGMT = '111111111111';
export const AUDIT = '222222222222';
export const LOGS = '333333333333';
export const WORKLOAD = '444444444444';
export const OUTSIDER = '999999999999';

/** A client constructor of the AWS SDK v3. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClientCtor<C> = new (config: any) => C;

/** A sandbox with a seeded organization (management, security tooling, log archive, one workload). */
export function orgSandbox(
  services: readonly SandboxService[],
  knobs: SandboxKnobs = {},
  extraAccounts: SeedAccount[] = [],
) {
  const clock = new VirtualClock();
  const sandbox = new Sandbox({ services, clock, ...knobs });
  seedOrganization(sandbox.world, {
    managementAccountId: MGMT,
    accounts: [
      { id: AUDIT, name: 'Security Tooling', ou: 'Security' },
      { id: LOGS, name: 'Log Archive', ou: 'Security' },
      { id: WORKLOAD, name: 'Workload', ou: 'Workloads' },
      ...extraAccounts,
    ],
  });
  // An account that exists but is outside the organization.
  sandbox.world.accounts.set(OUTSIDER, {
    id: OUTSIDER,
    name: 'outsider',
    email: 'outsider@example.com',
    status: 'ACTIVE',
    joinedMethod: 'CREATED',
    joinedAt: 0,
    enabledRegions: new Set(['us-east-1', 'eu-west-1']),
    assumableRoles: new Set(),
    tags: {},
  });
  /** An SDK client acting as an administrator of `account` in `region`. */
  const as = <C extends object>(Ctor: ClientCtor<C>, account: string, region = 'us-east-1'): C => {
    const client = new Ctor({ region, credentials: sandbox.adminCredentials(account), maxAttempts: 1 });
    sandbox.attach(client as unknown as SdkClientLike);
    return client;
  };
  return { sandbox, clock, as };
}
