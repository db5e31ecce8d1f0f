/**
 * Helpers shared by the Shield Advanced controls (and Firewall Manager's Shield policy control): whether
 * Shield Advanced is in use or requested, the evaluated account's subscription, and resource-type tests on
 * protected ARNs.
 */
import { notApplicable, type EvalContext, type Outcome } from '../../verify/types.js';
import { SHIELD, isSubscribed, type ShieldSlice } from './collect.js';

/** Blueprint key of Shield Advanced. */
export const SHIELD_KEY = 'infrastructureProtection.shieldAdvanced';

/** Appended to every remediation that points at the blueprint key: Shield Advanced costs money. */
export const SHIELD_COST_NOTE =
  `Set ${SHIELD_KEY}.enabled: true together with ${SHIELD_KEY}.acknowledgeCost: true — Shield Advanced costs ` +
  'USD 3,000 a month per organization with a one-year commitment, plus data transfer fees — sra-kit never ' +
  'subscribes without that acknowledgement.';

/** True when the blueprint (if any) asks for Shield Advanced. */
export function shieldRequested(ctx: EvalContext): boolean {
  return ctx.blueprint?.infrastructureProtection.shieldAdvanced.enabled === true;
}

/**
 * True when any account of the inventory has an active Shield Advanced subscription, or the blueprint asks
 * for it. Accounts whose subscription state could not be read count as not subscribed here; their own
 * Shield controls report ERROR.
 */
export function shieldInUse(ctx: EvalContext): boolean {
  if (shieldRequested(ctx)) return true;
  return ctx.inventory.memo('shield.subscribed-anywhere', () =>
    ctx.inventory.accounts.some((a) => isSubscribed(ctx.accountSlice<ShieldSlice>(SHIELD, a.id))),
  );
}

/** Why the Shield Advanced controls do not apply anywhere. */
export const SHIELD_ADOPT =
  'AWS Shield Advanced is optional in the SRA and no account of the organization subscribes to it; to adopt ' +
  `it, set ${SHIELD_KEY}.enabled: true and ${SHIELD_KEY}.acknowledgeCost: true in the blueprint ` +
  '(USD 3,000 a month, one-year commitment)';

/**
 * The evaluated account's Shield slice when it is subscribed, or the outcome to report instead:
 * NOT_APPLICABLE when Shield Advanced is not in use anywhere (and not requested) or this account is not
 * subscribed (shield.advanced-subscription reports that). Throws (→ ERROR) when the state could not be read.
 */
export function subscribedSlice(ctx: EvalContext): ShieldSlice | Outcome {
  const slice = ctx.accountSlice<ShieldSlice>(SHIELD);
  const state = ctx.need(slice?.state, 'the Shield Advanced subscription state');
  if (state === 'ACTIVE') return slice!;
  if (!shieldInUse(ctx)) return notApplicable(SHIELD_ADOPT);
  return notApplicable(
    `account ${ctx.account.id} has no Shield Advanced subscription; shield.advanced-subscription reports the gap`,
  );
}

/** True when `v` is an outcome rather than a slice. */
export function isOutcome(v: unknown): v is Outcome {
  return typeof v === 'object' && v !== null && 'status' in v && 'message' in v;
}

/** Kinds of resource Shield Advanced protects, told apart by ARN. */
export type ShieldResourceKind =
  'cloudfront' | 'hosted-zone' | 'global-accelerator' | 'elastic-ip' | 'alb' | 'clb' | 'other';

/** The kind of a protected resource from its ARN. */
export function shieldResourceKind(arn: string): ShieldResourceKind {
  if (/^arn:aws[\w-]*:cloudfront::\d{12}:distribution\//.test(arn)) return 'cloudfront';
  if (/^arn:aws[\w-]*:route53:::hostedzone\//.test(arn)) return 'hosted-zone';
  if (/^arn:aws[\w-]*:globalaccelerator::\d{12}:accelerator\//.test(arn)) return 'global-accelerator';
  if (/^arn:aws[\w-]*:ec2:[\w-]+:\d{12}:eip-allocation\//.test(arn)) return 'elastic-ip';
  if (/^arn:aws[\w-]*:elasticloadbalancing:[\w-]+:\d{12}:loadbalancer\/app\//.test(arn)) return 'alb';
  if (/^arn:aws[\w-]*:elasticloadbalancing:[\w-]+:\d{12}:loadbalancer\/[^/]+$/.test(arn)) return 'clb';
  return 'other';
}

/** The Region of a regional ARN (`arn:aws:service:region:…`), or undefined for global ones. */
export function regionOfArn(arn: string): string | undefined {
  const region = arn.split(':')[3];
  return region ? region : undefined;
}
