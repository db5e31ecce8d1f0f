/**
 * Helpers shared by the Macie control families: the blueprint's say on where Macie applies and whether
 * results are exported, and the view of the Region's delegated administrator.
 */
import { fail, notApplicable, type EvalContext, type Outcome } from '../../verify/types.js';
import { featureOutOfScope, regionAdminFrom } from '../securityhub/shared.js';
import {
  MACIE,
  MACIE_ADMINS,
  type MacieAdminData,
  type MacieSessionInfo,
  type MacieSlice,
} from './collect.js';

/** Blueprint key of Macie. */
export const MACIE_KEY = 'dataProtection.macie';

/** Product name used in messages. */
export const MACIE_NAME = 'Amazon Macie';

/** The blueprint's Macie section, when verify runs with a blueprint. */
export function macieFeature(ctx: EvalContext) {
  return ctx.blueprint?.dataProtection.macie;
}

/**
 * NOT_APPLICABLE when the blueprint leaves Macie, the Region, (with `account`) the account or (with
 * `export`) the results export out; `undefined` when the control applies.
 */
export function outOfScope(
  ctx: EvalContext,
  options: { account?: boolean; export?: boolean } = {},
): Outcome | undefined {
  const f = macieFeature(ctx);
  const skip = featureOutOfScope(ctx, f, MACIE_KEY, MACIE_NAME, options);
  if (skip) return skip;
  if (f && options.export && !f.exportFindings) {
    return notApplicable(
      `the blueprint turns the export to the log archive off (${MACIE_KEY}.exportFindings: false)`,
    );
  }
  return undefined;
}

/** The Macie administrator of the evaluated Region; `null` when none. */
export function regionAdmin(ctx: EvalContext): string | null {
  return regionAdminFrom(ctx, MACIE_ADMINS, MACIE_NAME);
}

/** The Macie slice of `account` (default: the evaluated account) in the evaluated Region. */
export function sliceOf(ctx: EvalContext, account = ctx.account.id): MacieSlice {
  const slice = ctx.regionSlice<MacieSlice>(MACIE, account);
  if (!slice) ctx.need(undefined, `Macie data of account ${account} in ${ctx.region}`);
  return slice!;
}

/** The resource name of Macie in an account and Region. */
export function macieResource(region: string, account: string): string {
  return `arn:aws:macie2:${region}:${account}:session`;
}

/** The evaluated account's session. Throws (→ ERROR) when unread. */
export function sessionOf(ctx: EvalContext, account = ctx.account.id): MacieSessionInfo {
  return ctx.need(sliceOf(ctx, account).session, `Macie session of ${account} in ${ctx.region}`);
}

/**
 * NOT_APPLICABLE when Macie is not enabled in the evaluated account and Region (macie.enabled reports that),
 * so settings that only exist with a session are not reported twice.
 */
export function noSession(ctx: EvalContext): Outcome | undefined {
  const s = sessionOf(ctx);
  return s.status === 'DISABLED'
    ? notApplicable(
        `Amazon Macie is not enabled in ${ctx.region}, so it has no such setting; macie.enabled reports the gap`,
        macieResource(ctx.region, ctx.account.id),
      )
    : undefined;
}

/** What the administrator-side controls evaluate. */
export interface AdminView {
  /** The delegated administrator. */
  adminId: string;
  /** Its administrator-only data. */
  data: MacieAdminData;
  /** The resource of the findings. */
  resource: string;
}

/**
 * The Region's administrator and its data, or an outcome to return instead: NOT_APPLICABLE without an
 * administrator (macie.delegated-admin-designated reports that), FAIL when Macie is not enabled in the
 * administrator itself. Throws (→ ERROR) on failed or missing reads.
 */
export function adminView(ctx: EvalContext): AdminView | Outcome {
  const adminId = regionAdmin(ctx);
  if (!adminId) {
    return notApplicable(
      `Amazon Macie has no delegated administrator in ${ctx.region}; macie.delegated-admin-designated reports the gap`,
    );
  }
  const slice = sliceOf(ctx, adminId);
  const session = ctx.need(slice.session, `Macie session of the administrator ${adminId} in ${ctx.region}`);
  const resource = macieResource(ctx.region, adminId);
  if (session.status === 'DISABLED') {
    return fail(`Amazon Macie is not enabled in its administrator account ${adminId} in ${ctx.region}`, {
      resource,
      expected: { administratorSession: 'ENABLED' },
      actual: { administratorSession: 'DISABLED' },
    });
  }
  if (!slice.admin) ctx.need(undefined, `Macie administrator data of ${adminId} in ${ctx.region}`);
  return { adminId, data: slice.admin!, resource };
}
