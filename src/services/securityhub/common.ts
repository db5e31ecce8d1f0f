/**
 * Helpers shared by the Security Hub control families: the blueprint's say on where Security Hub applies
 * and what it should run, the standard ARNs behind the blueprint's standard names, and the view of the
 * Region's administrator that the administrator-side controls evaluate.
 */
import type { EvalContext, Outcome } from '../../verify/types.js';
import { fail, notApplicable } from '../../verify/types.js';
import {
  SECURITY_HUB,
  SECURITY_HUB_ADMINS,
  type SecurityHubAdminData,
  type SecurityHubAssociationInfo,
  type SecurityHubCentralData,
  type SecurityHubPolicyInfo,
  type SecurityHubSlice,
} from './collect.js';
import { featureOutOfScope, isOutcome, regionAdminFrom, type FeatureLike } from './shared.js';

/** Blueprint key of Security Hub. */
export const SECURITY_HUB_KEY = 'assurance.securityHub';

/** Product name used in messages. */
export const SECURITY_HUB_NAME = 'Security Hub';

/**
 * Blueprint standard name → the part of the standard ARN after `standards/` (or `ruleset/`).
 * https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html
 */
export const STANDARD_PATHS: Readonly<Record<string, string>> = {
  fsbp: 'aws-foundational-security-best-practices/v/1.0.0',
  'cis-1.2.0': 'cis-aws-foundations-benchmark/v/1.2.0',
  'cis-1.4.0': 'cis-aws-foundations-benchmark/v/1.4.0',
  'cis-3.0.0': 'cis-aws-foundations-benchmark/v/3.0.0',
  'cis-5.0.0': 'cis-aws-foundations-benchmark/v/5.0.0',
  'nist-800-53-r5': 'nist-800-53/v/5.0.0',
  'nist-800-171-r2': 'nist-800-171/v/2.0.0',
  'pci-dss-3.2.1': 'pci-dss/v/3.2.1',
  'pci-dss-4.0.1': 'pci-dss/v/4.0.1',
  'aws-resource-tagging': 'aws-resource-tagging-standard/v/1.0.0',
};

/** True when a standard ARN is the blueprint standard `name`. */
export function isStandard(arn: string, name: string): boolean {
  const path = STANDARD_PATHS[name];
  return path !== undefined && (arn.endsWith(`:standards/${path}`) || arn.endsWith(`:ruleset/${path}`));
}

/** The blueprint's Security Hub section, when verify runs with a blueprint. */
export function securityHubFeature(ctx: EvalContext) {
  return ctx.blueprint?.assurance.securityHub;
}

/** Standards the SRA (or the blueprint) asks for. */
export function requiredStandards(ctx: EvalContext): string[] {
  return [...(securityHubFeature(ctx)?.standards ?? ['fsbp'])];
}

/** Whether the blueprint keeps the SRA's central configuration (the default). */
export function wantsCentral(ctx: EvalContext): boolean {
  return (securityHubFeature(ctx)?.configuration ?? 'central') === 'central';
}

/** The Region that should hold the finding aggregator: the blueprint's, else the home Region. */
export function aggregatorRegion(ctx: EvalContext): string {
  return securityHubFeature(ctx)?.aggregatorRegion ?? ctx.inventory.homeRegion;
}

/** NOT_APPLICABLE when the blueprint leaves Security Hub, the Region or (with `account`) the account out. */
export function outOfScope(ctx: EvalContext, options: { account?: boolean } = {}): Outcome | undefined {
  const f: FeatureLike | undefined = securityHubFeature(ctx);
  return featureOutOfScope(ctx, f, SECURITY_HUB_KEY, SECURITY_HUB_NAME, options);
}

/** The Security Hub administrator of the evaluated Region (or `region`); `null` when none. */
export function regionAdmin(ctx: EvalContext, region = ctx.region): string | null {
  return regionAdminFrom(ctx, SECURITY_HUB_ADMINS, SECURITY_HUB_NAME, region);
}

/** The Security Hub slice of `account` in `region` (defaults: evaluated account and Region). */
export function sliceOf(ctx: EvalContext, account = ctx.account.id, region = ctx.region): SecurityHubSlice {
  const slice = ctx.regionSlice<SecurityHubSlice>(SECURITY_HUB, account, region);
  if (!slice) ctx.need(undefined, `Security Hub data of account ${account} in ${region}`);
  return slice!;
}

/** ARN of the hub of `account` in `region`. */
export function hubArn(region: string, account: string): string {
  return `arn:aws:securityhub:${region}:${account}:hub/default`;
}

/** What the administrator-side controls evaluate. */
export interface AdminView {
  /** The administrator account. */
  adminId: string;
  /** Its administrator-only data. */
  data: SecurityHubAdminData;
  /** Its hub ARN in the evaluated Region (the resource of the findings). */
  resource: string;
}

/**
 * The administrator of `region` and its data, or an outcome to return instead: NOT_APPLICABLE without an
 * administrator (security-hub.delegated-admin-designated reports that), FAIL when Security Hub is off in
 * the administrator itself. Throws (→ ERROR) on failed or missing reads.
 */
export function adminView(ctx: EvalContext, region = ctx.region): AdminView | Outcome {
  const adminId = regionAdmin(ctx, region);
  if (!adminId) {
    return notApplicable(
      `Security Hub has no delegated administrator in ${region}; security-hub.delegated-admin-designated reports the gap`,
    );
  }
  const slice = sliceOf(ctx, adminId, region);
  const hub = ctx.need(slice.hub, `Security Hub hub of the administrator ${adminId} in ${region}`);
  const resource = hubArn(region, adminId);
  if (!hub.enabled) {
    return fail(`Security Hub is not enabled in its administrator account ${adminId} in ${region}`, {
      resource,
      expected: { administratorHub: 'enabled' },
      actual: { administratorHub: 'not enabled' },
    });
  }
  if (!slice.admin) ctx.need(undefined, `Security Hub administrator data of ${adminId} in ${region}`);
  return { adminId, data: slice.admin!, resource };
}

/** Central configuration data of the organization, read in the administrator's home-Region slice. */
export interface CentralView {
  /** The home Region's administrator view. */
  view: AdminView;
  /** Its aggregator, policies and associations. */
  central: SecurityHubCentralData;
}

/**
 * The administrator's central configuration data (home Region), or an outcome to return instead (see
 * {@link adminView}). Throws (→ ERROR) on failed or missing reads.
 */
export function centralView(ctx: EvalContext): CentralView | Outcome {
  const home = ctx.inventory.homeRegion;
  const view = adminView(ctx, home);
  if (isOutcome(view)) return view;
  if (!view.data.central)
    ctx.need(undefined, `Security Hub central configuration data of ${view.adminId} in ${home}`);
  return { view, central: view.data.central! };
}

/** The root's direct association and the policy it points to (`undefined` parts when absent). */
export interface RootGovernance {
  /** The root's APPLIED association. */
  association?: SecurityHubAssociationInfo;
  /** The policy it associates (absent for SELF_MANAGED or an unknown id). */
  policy?: SecurityHubPolicyInfo;
}

/**
 * What governs the organization root under central configuration, or `undefined` when central
 * configuration was not enabled when the data was read (no policies or associations were read).
 */
export function rootGovernance(ctx: EvalContext, c: CentralView): RootGovernance | undefined {
  if (!c.central.associations || !c.central.policies) return undefined;
  const where = `of ${c.view.adminId} in ${ctx.inventory.homeRegion}`;
  const associations = ctx.need(
    c.central.associations,
    `Security Hub configuration policy associations ${where}`,
  );
  const policies = ctx.need(c.central.policies, `Security Hub configuration policies ${where}`);
  const association = associations.find((a) => a.targetType === 'ROOT');
  const policy = association
    ? policies.find((p) => p.id === association.policyId || p.arn === association.policyId)
    : undefined;
  return { ...(association ? { association } : {}), ...(policy ? { policy } : {}) };
}
