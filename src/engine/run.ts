/**
 * Plan and apply end to end: observe the organization with the collectors the features need (the same
 * collectors, Inventory and observe engine `sra verify` uses — nothing reads AWS a second way), check that
 * it is the organization the blueprint pins, plan, and apply.
 */
import { dirname } from 'node:path';
import type { AwsAccess } from '../aws/access.js';
import { accountRoles } from '../blueprint/resolve.js';
import type { Blueprint } from '../blueprint/schema.js';
import { ExitCode, SraError } from '../errors.js';
import { observe, type ObserveProgress } from '../observe/engine.js';
import type { Inventory } from '../observe/types.js';
import { SERVICE_MODULES } from '../services/index.js';
import {
  accountsFromOrganization,
  organizationIdFrom,
  organizationSliceOf,
} from '../services/organizations/collect.js';
import type { ServiceModule } from '../services/types.js';
import { buildPlan, opRegistry } from './plan.js';
import { applyPlan, type ApplyOptions, type ApplyResult } from './executor.js';
import type { DestroyOptions, Feature, FeatureNeed, Plan, PlanMode } from './types.js';

/** Options of {@link makePlan}. */
export interface MakePlanOptions {
  /** Access as the management account. */
  access: AwsAccess;
  blueprint: Blueprint;
  /** Blueprint path as the user gave it. */
  blueprintPath: string;
  features: readonly Feature[];
  mode?: PlanMode;
  destroy?: DestroyOptions;
  /** Accounts observed at once. */
  accountConcurrency?: number;
  /** Observation progress. */
  onProgress?: (p: ObserveProgress) => void;
  /** Counts reads. */
  onRead?: (operation: string) => void;
  /** Service modules (collectors). @default SERVICE_MODULES */
  modules?: readonly ServiceModule[];
  now?: () => number;
}

/** The collectors the features need: their modules plus `organizations` (accounts come from it). */
export function modulesFor(
  features: readonly Feature[],
  modules: readonly ServiceModule[] = SERVICE_MODULES,
) {
  const wanted = new Set(['organizations', ...features.flatMap((f) => f.needs.map(moduleOf))]);
  for (const id of wanted) {
    if (!modules.some((m) => m.id === id))
      throw new Error(`a feature needs the unknown service module ${id}`);
  }
  return modules.filter((m) => wanted.has(m.id));
}

const moduleOf = (n: FeatureNeed) => (typeof n === 'string' ? n : n.module);

/**
 * Modules that every feature needing them reads only in administrator accounts: their collectors skip
 * the other accounts.
 */
function adminOnlyModules(features: readonly Feature[]): Set<string> {
  const everywhere = new Set(features.flatMap((f) => f.needs.filter((n) => typeof n === 'string')));
  const adminOnly = features.flatMap((f) => f.needs.filter((n) => typeof n !== 'string').map(moduleOf));
  return new Set(adminOnly.filter((m) => !everywhere.has(m)));
}

/** The management account, the blueprint's role accounts and every current delegated administrator. */
function adminAccounts(blueprint: Blueprint, organization: Readonly<Record<string, unknown>>): Set<string> {
  const out = new Set<string>();
  for (const [id, roles] of accountRoles(blueprint)) if (roles.some((r) => r !== 'workload')) out.add(id);
  const slice = organizationSliceOf(organization);
  if (slice?.delegatedAdmins.ok) for (const d of slice.delegatedAdmins.value) out.add(d.account);
  return out;
}

/** Observes the organization for planning. */
export async function observeForPlan(options: MakePlanOptions): Promise<Inventory> {
  const { access, blueprint } = options;
  const me = await access.whoAmI();
  checkManagementAccount(blueprint, me.account);
  const modules = modulesFor(options.features, options.modules);
  const adminOnly = adminOnlyModules(options.features);
  const collectorModule = new Map(modules.flatMap((m) => m.collectors.map((c) => [c, m.id] as const)));
  let admins: Set<string> | undefined;
  return observe({
    access,
    collectors: modules.flatMap((m) => m.collectors),
    collectorRuns: (collector, account, organization) => {
      if (!adminOnly.has(collectorModule.get(collector) ?? '')) return true;
      const known = admins ?? (admins = adminAccounts(blueprint, organization));
      return known.has(account);
    },
    managementAccountId: me.account,
    homeRegion: blueprint.organization.homeRegion,
    governedRegions: blueprint.organization.governedRegions,
    accountsFrom: accountsFromOrganization,
    organizationIdFrom,
    ...(options.accountConcurrency ? { accountConcurrency: options.accountConcurrency } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onRead ? { onRead: options.onRead } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

/** Observes, checks the organization against the blueprint's pins, and plans. */
export async function makePlan(options: MakePlanOptions): Promise<{ plan: Plan; inventory: Inventory }> {
  const inventory = await observeForPlan(options);
  checkOrganization(options.blueprint, inventory);
  const plan = buildPlan({
    features: options.features,
    blueprint: options.blueprint,
    blueprintPath: options.blueprintPath,
    blueprintDir: dirname(options.blueprintPath),
    inventory,
    mode: options.mode ?? 'apply',
    ...(options.destroy ? { destroy: options.destroy } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return { plan, inventory };
}

/** Refuses credentials of another account than the blueprint's management account. */
export function checkManagementAccount(blueprint: Blueprint, account: string): void {
  if (blueprint.organization.managementAccount === account) return;
  throw new SraError(
    'WRONG_ACCOUNT',
    `the credentials belong to account ${account}, but the blueprint's management account is ${blueprint.organization.managementAccount}`,
    {
      account,
      hint: 'use credentials of the management account the blueprint names (--profile / AWS_PROFILE), or fix organization.managementAccount',
      exitCode: ExitCode.Usage,
    },
  );
}

/** Refuses an organization other than the one the blueprint pins (`organization.id`). */
export function checkOrganization(blueprint: Blueprint, inventory: Inventory): void {
  const pinned = blueprint.organization.id;
  if (pinned === undefined || inventory.organizationId === pinned) return;
  throw new SraError(
    'WRONG_ORGANIZATION',
    inventory.organizationId
      ? `the live organization is ${inventory.organizationId}, but the blueprint pins ${pinned}`
      : `the organization id could not be read, and the blueprint pins ${pinned}: refusing to change an organization it cannot identify`,
    {
      account: inventory.managementAccountId,
      operation: 'DescribeOrganization',
      hint: 'point sra-kit at the management account of the pinned organization, or fix organization.id in the blueprint',
      exitCode: ExitCode.Usage,
    },
  );
}

/** Options of {@link executePlan}: those of {@link applyPlan}, with the features instead of an op registry. */
export type ExecuteOptions = Omit<ApplyOptions, 'ops'> & { features: readonly Feature[] };

/** Applies a plan with the features' ops. */
export function executePlan(options: ExecuteOptions): Promise<ApplyResult> {
  const { features, ...rest } = options;
  return applyPlan({ ...rest, ops: opRegistry(features) });
}
