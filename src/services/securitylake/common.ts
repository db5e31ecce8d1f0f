/**
 * Helpers shared by the Security Lake control families: whether the organization uses (or the blueprint asks
 * for) Security Lake, who administers it, the administrator's lake in the evaluated Region, and which accounts
 * the lake must cover.
 *
 * Security Lake is optional in the SRA (it has a usage-based cost the owner must accept): when nobody uses it
 * and the blueprint does not ask for it, every control is NOT_APPLICABLE and says how to adopt it.
 */
import { findRegion } from '../../catalog/regions.js';
import { ORGANIZATIONS_COLLECTOR_ID, type OrganizationSlice } from '../organizations/collect.js';
import type { AccountInfo } from '../../observe/types.js';
import { notApplicable, type EvalContext, type Outcome } from '../../verify/types.js';
import {
  SECURITY_LAKE,
  SECURITY_LAKE_PRINCIPAL,
  type SecurityLakeDataLakeInfo,
  type SecurityLakeSlice,
} from './collect.js';

/** Blueprint key of Security Lake. */
export const SECURITY_LAKE_KEY = 'threatDetection.securityLake';

/** The version of the AWS log sources the SRA asks for (OCSF 1.1, the current one). */
export const SOURCE_VERSION = '2.0';

/** How many account ids evidence lists before it only counts. */
const SAMPLE = 25;

/** True when `v` is an outcome to return rather than data to evaluate. */
export function isOutcome(v: unknown): v is Outcome {
  return typeof v === 'object' && v !== null && 'status' in v && 'message' in v;
}

/** True when verify runs with a blueprint that asks for Security Lake. */
export function requested(ctx: EvalContext): boolean {
  return ctx.blueprint?.threatDetection.securityLake.enabled === true;
}

/**
 * The delegated Security Lake administrators per the Organizations slice (normally one). Throws (→ ERROR)
 * when the delegated administrators could not be read.
 */
export function lakeAdmins(ctx: EvalContext): string[] {
  const org = ctx.org<OrganizationSlice>(ORGANIZATIONS_COLLECTOR_ID);
  const all = ctx.need(org?.delegatedAdmins, 'delegated administrators (AWS Organizations)');
  return all.filter((d) => d.principal === SECURITY_LAKE_PRINCIPAL).map((d) => d.account);
}

/**
 * The administrator (`null`: none) when Security Lake is in use or asked for, or NOT_APPLICABLE saying how to
 * adopt it. "In use" means a delegated administrator is registered; the blueprint asks for it with
 * `threatDetection.securityLake.enabled`.
 */
export function usage(ctx: EvalContext): { admin: string | null } | Outcome {
  const admins = lakeAdmins(ctx);
  if (admins.length === 0 && !requested(ctx)) {
    return notApplicable(
      'Security Lake is not in use (no delegated administrator) and the blueprint does not ask for it; it is ' +
        `optional in the SRA. To adopt it, set ${SECURITY_LAKE_KEY}.enabled: true and acknowledgeCost: true.`,
    );
  }
  return { admin: admins[0] ?? null };
}

/** NOT_APPLICABLE when the blueprint leaves the evaluated Region out of Security Lake. */
export function regionExcluded(ctx: EvalContext): Outcome | undefined {
  const t = ctx.blueprint?.threatDetection.securityLake.targets;
  if (t?.excludeRegions.includes(ctx.region)) {
    return notApplicable(
      `the blueprint excludes ${ctx.region} from Security Lake (${SECURITY_LAKE_KEY}.targets.excludeRegions)`,
    );
  }
  return undefined;
}

/** The Security Lake slice of `account` in the evaluated Region. Throws (→ ERROR) when it was not collected. */
export function sliceOf(ctx: EvalContext, account: string): SecurityLakeSlice {
  const slice = ctx.regionSlice<SecurityLakeSlice>(SECURITY_LAKE, account);
  if (!slice) ctx.need(undefined, `Security Lake data of account ${account} in ${ctx.region}`);
  return slice!;
}

/** What a control about the organization's lake in one Region reads. */
export interface LakeView {
  /** The delegated administrator, owner of the lake. */
  admin: string;
  /** Its slice in the evaluated Region. */
  slice: SecurityLakeSlice;
  /** Its lake in the evaluated Region. */
  lake: SecurityLakeDataLakeInfo;
}

/**
 * The administrator's lake in the evaluated Region, or an outcome to return instead: NOT_APPLICABLE when
 * Security Lake is neither used nor asked for, when the Region is excluded, or when there is no lake to judge
 * (security-lake.delegated-admin and security-lake.all-accounts-collected report those gaps). Throws (→ ERROR)
 * when a read it depends on failed.
 */
export function lakeView(ctx: EvalContext): LakeView | Outcome {
  const use = usage(ctx);
  if (isOutcome(use)) return use;
  const excluded = regionExcluded(ctx);
  if (excluded) return excluded;
  if (!use.admin) {
    return notApplicable(
      'Security Lake has no delegated administrator, so there is no data lake to check; ' +
        'security-lake.delegated-admin reports the gap',
    );
  }
  const slice = sliceOf(ctx, use.admin);
  const lake = ctx.need(slice.dataLake, `Security Lake data lake of ${use.admin} in ${ctx.region}`);
  if (!lake || lake.createStatus === 'FAILED') {
    return notApplicable(
      `the Security Lake administrator ${use.admin} has no working data lake in ${ctx.region}; ` +
        'security-lake.all-accounts-collected reports the gap',
    );
  }
  return { admin: use.admin, slice, lake };
}

/** ARN of the lake of `account` in `region`, for findings about a lake that is missing. */
export function lakeArn(region: string, account: string): string {
  return `arn:${findRegion(region)?.partition ?? 'aws'}:securitylake:${region}:${account}:data-lake/default`;
}

function targeted(ctx: EvalContext, a: AccountInfo): boolean {
  const t = ctx.blueprint?.threatDetection.securityLake.targets;
  if (!t) return true;
  if (t.excludeAccounts.includes(a.id)) return false;
  if (t.ous.length === 0 && t.accounts.length === 0) return true;
  return t.accounts.includes(a.id) || a.ouPath.some((ou) => t.ous.includes(ou));
}

/**
 * Accounts the lake must cover in the evaluated Region: active accounts of the organization, within the
 * blueprint's targets, that have the Region enabled.
 */
export function expectedAccounts(ctx: EvalContext): string[] {
  const disabled = new Set(
    ctx.inventory.unreachable
      .filter((u) => u.kind === 'region-disabled' && u.region === ctx.region)
      .map((u) => u.account),
  );
  return ctx.inventory.accounts
    .filter(
      (a) =>
        a.status === 'ACTIVE' &&
        !disabled.has(a.id) &&
        (a.enabledRegions === undefined || a.enabledRegions.includes(ctx.region)) &&
        targeted(ctx, a),
    )
    .map((a) => a.id)
    .sort();
}

/** The first account ids of a list and how many there are, for evidence that stays small. */
export function sample(ids: readonly string[]): { count: number; accounts: string[] } {
  return { count: ids.length, accounts: ids.slice(0, SAMPLE) };
}

/** The account holding `role` (the first, if several), or undefined when none was identified. */
export function roleAccount(ctx: EvalContext, role: 'security-tooling' | 'log-archive'): string | undefined {
  return ctx.roleAccounts[role]?.[0];
}

/** True when a KMS key reference names a customer managed key (not an AWS managed or service-owned one). */
export function isCustomerManagedKey(key: string | undefined): boolean {
  if (!key || key === 'S3_MANAGED_KEY') return false;
  return !/^(arn:[^:]+:kms:[^:]*:[^:]*:)?alias\/aws\//.test(key);
}
