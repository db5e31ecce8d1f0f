/**
 * The account layout every scenario shares: the SRA's OUs and account roles (SRA.md §2), with a
 * configurable number of workload accounts and governed Regions. Built directly into the world (an
 * organization that already exists), never through the API.
 */
import type { Sandbox } from '../core/sandbox.js';
import { findRegion } from '../../catalog/regions.js';
import { seedOrganization, type SeedAccount } from '../core/world-builder.js';
import type { SdkClientLike } from '../core/middleware.js';

/** Ids and Regions of a scenario's organization. */
export interface ScenarioLayout {
  /** Organization id (`o-…`). */
  organizationId: string;
  /** Management account. */
  managementAccountId: string;
  /** Security tooling (Control Tower: "Audit") account. */
  securityToolingId: string;
  /** Log archive account. */
  logArchiveId: string;
  /** Network account. */
  networkId: string;
  /** Shared services account. */
  sharedServicesId: string;
  /** Workload accounts. */
  workloadIds: string[];
  /** Home Region. */
  homeRegion: string;
  /** Governed Regions (home Region first). */
  governedRegions: string[];
  /** Role name the management account assumes in members. */
  memberRoleName: string;
}

/** Options common to every scenario builder. */
export interface LayoutOptions {
  /** Number of workload accounts. @default 3 */
  workloads?: number;
  /** Governed Regions; the first is the home Region. @default ['us-east-1', 'eu-west-1'] */
  regions?: string[];
  /** Member role name. @default 'OrganizationAccountAccessRole' */
  memberRoleName?: string;
  /** Extra role names assumable in every member account. */
  extraRoles?: string[];
  /** Workload OUs the workloads are spread over. @default ['Workloads'] */
  workloadOus?: string[];
}

/** Formats the i-th account id of a layout (12 digits, stable). */
export function accountId(n: number): string {
  return String(100000000000 + n).padStart(12, '0');
}

/** Lays the organization of a scenario into `sandbox.world` and returns its ids. */
export function layOrganization(sandbox: Sandbox, options: LayoutOptions = {}): ScenarioLayout {
  const regions = options.regions ?? ['us-east-1', 'eu-west-1'];
  if (regions.length === 0) throw new Error('a scenario needs at least one Region');
  const memberRoleName = options.memberRoleName ?? 'OrganizationAccountAccessRole';
  const roles = [
    ...new Set([memberRoleName, 'OrganizationAccountAccessRole', ...(options.extraRoles ?? [])]),
  ];
  const workloadOus = options.workloadOus ?? ['Workloads'];
  const n = options.workloads ?? 3;
  const ids = {
    management: accountId(11),
    securityTooling: accountId(22),
    logArchive: accountId(33),
    network: accountId(44),
    sharedServices: accountId(55),
  };
  const workloadIds = Array.from({ length: n }, (_, i) => accountId(1000 + i));
  const accounts: SeedAccount[] = [
    { id: ids.securityTooling, name: 'Security Tooling', ou: 'Security', roles },
    { id: ids.logArchive, name: 'Log Archive', ou: 'Security', roles },
    { id: ids.network, name: 'Network', ou: 'Infrastructure', roles },
    { id: ids.sharedServices, name: 'Shared Services', ou: 'Infrastructure', roles },
    ...workloadIds.map((id, i) => ({
      id,
      name: `workload-${String(i + 1).padStart(4, '0')}`,
      ou: workloadOus[i % workloadOus.length]!,
      roles,
    })),
  ];
  const optIn = regions.filter((r) => findRegion(r)?.optIn === true);
  const org = seedOrganization(sandbox.world, {
    managementAccountId: ids.management,
    managementAccountName: 'Management',
    accounts: accounts.map((a) => ({ ...a, optInRegions: optIn })),
    managementOptInRegions: optIn,
    at: sandbox.clock.now(),
  });
  return {
    organizationId: org.id,
    managementAccountId: ids.management,
    securityToolingId: ids.securityTooling,
    logArchiveId: ids.logArchive,
    networkId: ids.network,
    sharedServicesId: ids.sharedServices,
    workloadIds,
    homeRegion: regions[0]!,
    governedRegions: [...regions],
    memberRoleName,
  };
}

/** Every account of a layout, management first. */
export function allAccounts(layout: ScenarioLayout): string[] {
  return [
    layout.managementAccountId,
    layout.securityToolingId,
    layout.logArchiveId,
    layout.networkId,
    layout.sharedServicesId,
    ...layout.workloadIds,
  ];
}

/** A client constructor of the AWS SDK v3. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SdkClientCtor<C> = new (config: any) => C;

/** Creates an SDK client acting as an administrator of `account` in `region`, attached to the sandbox. */
export function adminClient<C extends object>(
  sandbox: Sandbox,
  Ctor: SdkClientCtor<C>,
  account: string,
  region: string,
): C {
  const client = new Ctor({ region, credentials: sandbox.adminCredentials(account), maxAttempts: 3 });
  sandbox.attach(client as unknown as SdkClientLike);
  return client;
}
