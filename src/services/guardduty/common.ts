/**
 * Helpers shared by the GuardDuty control families: the blueprint's say on where GuardDuty applies,
 * lookups of the Region's delegated administrator and its slice, and resource names.
 */
import { findRegion } from '../../catalog/regions.js';
import { notApplicable, type EvalContext, type Outcome } from '../../verify/types.js';
import {
  GUARDDUTY,
  GUARDDUTY_ADMINS,
  guardDutyAdminOf,
  type GuardDutyAdminsSlice,
  type GuardDutyDetectorInfo,
  type GuardDutySlice,
} from './collect.js';

/** Blueprint key of GuardDuty. */
export const GUARDDUTY_KEY = 'threatDetection.guardduty';

/** Blueprint protection-plan names (schema `GUARDDUTY_PROTECTION_PLANS`). */
export type GuardDutyPlan =
  's3' | 'eks-audit-logs' | 'ebs-malware' | 'rds-login' | 'lambda-network' | 'runtime-monitoring';

/** What a control needs to know about where it applies. */
export interface ScopeQuery {
  /** Check the blueprint's account targets for the evaluated account (per-account controls). */
  account?: boolean;
  /** The protection plan the control is about, when it is about one. */
  plan?: GuardDutyPlan;
  /** The control is about findings export (`exportFindings`). */
  export?: boolean;
}

/**
 * NOT_APPLICABLE when the blueprint (if verify runs with one) leaves this account, Region, protection
 * plan or export out of GuardDuty's scope; undefined when the control applies. Without a blueprint
 * the SRA default holds: every account, every governed Region, every plan, export on.
 */
export function outOfScope(ctx: EvalContext, q: ScopeQuery = {}): Outcome | undefined {
  const gd = ctx.blueprint?.threatDetection.guardduty;
  if (!gd) return undefined;
  if (!gd.enabled)
    return notApplicable(`the blueprint turns GuardDuty off (${GUARDDUTY_KEY}.enabled: false)`);
  const t = gd.targets;
  if (t.excludeRegions.includes(ctx.region)) {
    return notApplicable(
      `the blueprint excludes ${ctx.region} from GuardDuty (${GUARDDUTY_KEY}.targets.excludeRegions)`,
    );
  }
  if (q.account && !accountTargeted(ctx, t)) {
    return notApplicable(
      `the blueprint does not target account ${ctx.account.id} for GuardDuty (${GUARDDUTY_KEY}.targets)`,
    );
  }
  if (q.plan && gd.protectionPlans !== 'all' && !gd.protectionPlans.includes(q.plan)) {
    return notApplicable(
      `the blueprint does not ask for the ${q.plan} protection plan (${GUARDDUTY_KEY}.protectionPlans)`,
    );
  }
  if (q.export && !gd.exportFindings) {
    return notApplicable(`the blueprint turns findings export off (${GUARDDUTY_KEY}.exportFindings: false)`);
  }
  return undefined;
}

interface TargetsLike {
  ous: readonly string[];
  accounts: readonly string[];
  excludeAccounts: readonly string[];
}

/** True when the blueprint's GuardDuty targets include `account` (default: the evaluated account). */
export function accountTargeted(ctx: EvalContext, t: TargetsLike, account = ctx.account.id): boolean {
  if (t.excludeAccounts.includes(account)) return false;
  if (t.ous.length === 0 && t.accounts.length === 0) return true;
  if (t.accounts.includes(account)) return true;
  const info = ctx.inventory.accounts.find((a) => a.id === account);
  return info !== undefined && info.ouPath.some((ou) => t.ous.includes(ou));
}

/** True when GuardDuty is expected in `account` (blueprint targets; without a blueprint: always). */
export function expectedIn(ctx: EvalContext, account: string): boolean {
  const gd = ctx.blueprint?.threatDetection.guardduty;
  return !gd || accountTargeted(ctx, gd.targets, account);
}

/**
 * The delegated administrator of `region` (default: the evaluated Region) per the management
 * account's `ListOrganizationAdminAccounts`, or `null` when none is designated. Throws (→ ERROR) when
 * the read failed.
 */
export function regionAdmin(ctx: EvalContext, region = ctx.region): string | null {
  const slice = ctx.org<GuardDutyAdminsSlice>(GUARDDUTY_ADMINS);
  ctx.need(slice?.byRegion[region], `GuardDuty delegated administrator of ${region}`);
  return guardDutyAdminOf(slice, region) ?? null;
}

/** The GuardDuty slice of `account` (default: the evaluated account) in the evaluated Region. */
export function sliceOf(ctx: EvalContext, account = ctx.account.id): GuardDutySlice {
  const slice = ctx.regionSlice<GuardDutySlice>(GUARDDUTY, account);
  if (!slice) ctx.need(undefined, `GuardDuty data of account ${account} in ${ctx.region}`);
  return slice!;
}

/** The detector of `account` in the evaluated Region (`null`: none). Throws (→ ERROR) when unread. */
export function detectorOf(ctx: EvalContext, account = ctx.account.id): GuardDutyDetectorInfo | null {
  return ctx.need(sliceOf(ctx, account).detector, `GuardDuty detector of ${account} in ${ctx.region}`);
}

/** ARN of a detector. */
export function detectorArn(region: string, account: string, detectorId: string): string {
  return `arn:${partitionOf(region)}:guardduty:${region}:${account}:detector/${detectorId}`;
}

/** The AWS partition of a Region (`aws` when unknown). */
export function partitionOf(region: string): string {
  return findRegion(region)?.partition ?? 'aws';
}

/**
 * The evaluated account's detector when it exists and runs, or NOT_APPLICABLE to return instead (a
 * missing or suspended detector is reported once, by guardduty.detector-enabled). Throws (→ ERROR) when
 * the detector could not be read.
 */
export function activeDetector(ctx: EvalContext): GuardDutyDetectorInfo | Outcome {
  const detector = detectorOf(ctx);
  if (!detector) {
    return notApplicable(
      `no GuardDuty detector in ${ctx.region}, so there is nothing to configure; guardduty.detector-enabled reports the gap`,
    );
  }
  if (detector.status !== 'ENABLED') {
    return notApplicable(
      `the GuardDuty detector in ${ctx.region} is suspended; guardduty.detector-enabled reports the gap`,
      detectorArn(ctx.region, ctx.account.id, detector.id),
    );
  }
  return detector;
}

/** True when `v` is an outcome to return rather than data to evaluate. */
export function isOutcome(v: object): v is Outcome {
  return 'message' in v;
}

/** NOT_APPLICABLE for an administrator-side check in a Region without a delegated administrator. */
export function noAdmin(ctx: EvalContext): Outcome {
  return notApplicable(
    `GuardDuty has no delegated administrator in ${ctx.region}; guardduty.delegated-admin-designated reports the gap`,
  );
}

/** Everything an administrator-side control reads: the admin's id, detector and admin-only data. */
export interface AdminView {
  /** Delegated administrator account. */
  adminId: string;
  /** Its detector. */
  detector: GuardDutyDetectorInfo;
  /** Its slice. */
  slice: GuardDutySlice;
}

/**
 * The Region's administrator and its slice, or an outcome to return instead (NOT_APPLICABLE without an
 * administrator, FAIL when the administrator has no detector). Throws (→ ERROR) on failed reads.
 */
export function adminView(ctx: EvalContext): AdminView | Outcome {
  const adminId = regionAdmin(ctx);
  if (!adminId) return noAdmin(ctx);
  const slice = sliceOf(ctx, adminId);
  const detector = ctx.need(
    slice.detector,
    `GuardDuty detector of the administrator ${adminId} in ${ctx.region}`,
  );
  if (!detector) {
    return {
      status: 'FAIL',
      resource: `${adminId}/${ctx.region}`,
      message: `the GuardDuty delegated administrator ${adminId} has no detector in ${ctx.region}`,
      expected: 'a detector in the delegated administrator account',
      actual: 'no detector',
    };
  }
  return { adminId, detector, slice };
}
