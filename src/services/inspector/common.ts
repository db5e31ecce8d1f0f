/**
 * Helpers shared by the Inspector control families: the blueprint's say on where Inspector applies and
 * which scan types it runs, and the view of the Region's delegated administrator.
 */
import { fail, notApplicable, type EvalContext, type Outcome } from '../../verify/types.js';
import { featureOutOfScope, regionAdminFrom } from '../securityhub/shared.js';
import {
  INSPECTOR,
  INSPECTOR_ADMINS,
  type InspectorAdminData,
  type InspectorScanKey,
  type InspectorSlice,
} from './collect.js';

/** Blueprint key of Inspector. */
export const INSPECTOR_KEY = 'vulnerabilityManagement.inspector';

/** Product name used in messages. */
export const INSPECTOR_NAME = 'Amazon Inspector';

/** Blueprint scan type names (schema `INSPECTOR_SCAN_TYPES`) → Inspector's keys. */
export const SCAN_TYPE_KEYS = {
  ec2: 'ec2',
  ecr: 'ecr',
  lambda: 'lambda',
  'lambda-code': 'lambdaCode',
} as const satisfies Record<string, InspectorScanKey>;

/** A blueprint scan type name. */
export type ScanTypeName = keyof typeof SCAN_TYPE_KEYS;

/** The blueprint's Inspector section, when verify runs with a blueprint. */
export function inspectorFeature(ctx: EvalContext) {
  return ctx.blueprint?.vulnerabilityManagement.inspector;
}

/**
 * NOT_APPLICABLE when the blueprint leaves Inspector, the Region, (with `account`) the account or (with
 * `scanType`) the scan type out; `undefined` when the control applies.
 */
export function outOfScope(
  ctx: EvalContext,
  options: { account?: boolean; scanType?: ScanTypeName } = {},
): Outcome | undefined {
  const f = inspectorFeature(ctx);
  const skip = featureOutOfScope(ctx, f, INSPECTOR_KEY, INSPECTOR_NAME, options);
  if (skip) return skip;
  if (f && options.scanType && !f.scanTypes.includes(options.scanType)) {
    return notApplicable(
      `the blueprint does not ask for ${options.scanType} scanning (${INSPECTOR_KEY}.scanTypes)`,
    );
  }
  return undefined;
}

/** The Inspector administrator of the evaluated Region; `null` when none. */
export function regionAdmin(ctx: EvalContext): string | null {
  return regionAdminFrom(ctx, INSPECTOR_ADMINS, INSPECTOR_NAME);
}

/** The Inspector slice of `account` (default: the evaluated account) in the evaluated Region. */
export function sliceOf(ctx: EvalContext, account = ctx.account.id): InspectorSlice {
  const slice = ctx.regionSlice<InspectorSlice>(INSPECTOR, account);
  if (!slice) ctx.need(undefined, `Inspector data of account ${account} in ${ctx.region}`);
  return slice!;
}

/** The resource name of Inspector in an account and Region. */
export function inspectorResource(region: string, account: string): string {
  return `arn:aws:inspector2:${region}:${account}:account/${account}`;
}

/** What the administrator-side controls evaluate. */
export interface AdminView {
  /** The delegated administrator. */
  adminId: string;
  /** Its administrator-only data. */
  data: InspectorAdminData;
  /** The resource of the findings. */
  resource: string;
}

/**
 * The Region's administrator and its data, or an outcome to return instead: NOT_APPLICABLE without an
 * administrator (inspector.delegated-admin-designated reports that), FAIL when Inspector is not enabled in
 * the administrator itself. Throws (→ ERROR) on failed or missing reads.
 */
export function adminView(ctx: EvalContext): AdminView | Outcome {
  const adminId = regionAdmin(ctx);
  if (!adminId) {
    return notApplicable(
      `Amazon Inspector has no delegated administrator in ${ctx.region}; inspector.delegated-admin-designated reports the gap`,
    );
  }
  const slice = sliceOf(ctx, adminId);
  const status = ctx.need(slice.status, `Inspector status of the administrator ${adminId} in ${ctx.region}`);
  const resource = inspectorResource(ctx.region, adminId);
  if (status.status !== 'ENABLED') {
    return fail(`Amazon Inspector is not enabled in its administrator account ${adminId} in ${ctx.region}`, {
      resource,
      expected: { administratorStatus: 'ENABLED' },
      actual: { administratorStatus: status.status },
    });
  }
  if (!slice.admin) ctx.need(undefined, `Inspector administrator data of ${adminId} in ${ctx.region}`);
  return { adminId, data: slice.admin!, resource };
}
