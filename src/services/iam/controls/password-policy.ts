/**
 * The IAM account password policy (SRA.md §6: length ≥ 14, expiry ≤ 90 days, reuse prevention 24, every
 * character class). With a blueprint, `identity.passwordPolicy` states the expected values.
 */
import { defineControl, fail, pass, type Control } from '../../../verify/types.js';
import { IAM_COLLECTOR_ID, type PasswordPolicyInfo } from '../collect.js';
import { iamSliceOf } from './common.js';

/** The password policy settings the control compares. */
export interface ExpectedPasswordPolicy {
  minimumLength: number;
  maxAgeDays: number;
  reusePrevention: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

/** The SRA password policy, used when verify runs without a blueprint (same as the blueprint defaults). */
export const SRA_PASSWORD_POLICY: Readonly<ExpectedPasswordPolicy> = {
  minimumLength: 14,
  maxAgeDays: 90,
  reusePrevention: 24,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
};

/** What falls short in `actual` compared with `expected`, one phrase per setting. */
export function passwordPolicyShortfalls(
  actual: PasswordPolicyInfo,
  expected: ExpectedPasswordPolicy,
): string[] {
  const out: string[] = [];
  if (actual.minimumLength < expected.minimumLength)
    out.push(`minimum length ${actual.minimumLength} < ${expected.minimumLength}`);
  if (actual.maxAgeDays === 0) out.push(`passwords never expire (want ≤ ${expected.maxAgeDays} days)`);
  else if (actual.maxAgeDays > expected.maxAgeDays)
    out.push(`maximum age ${actual.maxAgeDays} days > ${expected.maxAgeDays}`);
  if (actual.reusePrevention < expected.reusePrevention)
    out.push(`reuse prevention ${actual.reusePrevention} < ${expected.reusePrevention}`);
  if (expected.requireUppercase && !actual.requireUppercase) out.push('uppercase letters not required');
  if (expected.requireLowercase && !actual.requireLowercase) out.push('lowercase letters not required');
  if (expected.requireNumbers && !actual.requireNumbers) out.push('numbers not required');
  if (expected.requireSymbols && !actual.requireSymbols) out.push('symbols not required');
  return out;
}

/** The account password policy meets the SRA. */
export const passwordPolicy: Control = defineControl({
  id: 'iam.password-policy',
  title:
    'The IAM password policy meets the SRA: length ≥ 14, expiry ≤ 90 days, reuse prevention 24, all character classes',
  severity: 'medium',
  capabilities: ['identity-and-access-management'],
  principles: ['strong-identity-foundation'],
  appliesTo: 'all',
  scope: 'account',
  service: 'iam',
  // IAM.7 strong configuration, IAM.15 length ≥ 14, IAM.16 reuse prevention; CIS 1.8 and 1.9.
  // https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html
  refs: { fsbp: ['IAM.7', 'IAM.15', 'IAM.16'], cis: ['1.8', '1.9'] },
  risk:
    'IAM users with passwords (break-glass users, legacy tooling) can choose short, reused or never-changing ' +
    'passwords that are easy to guess or already leaked; AWS’s built-in default is only 8 characters.',
  remediation: {
    blueprint: 'identity.passwordPolicy',
    manual:
      'IAM console → Account settings → Password policy → Edit; or aws iam update-account-password-policy ' +
      '--minimum-password-length 14 --max-password-age 90 --password-reuse-prevention 24 --require-symbols ' +
      '--require-numbers --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password',
  },
  uses: [IAM_COLLECTOR_ID],
  evaluate(ctx) {
    const actual = ctx.need(iamSliceOf(ctx)?.passwordPolicy, 'the IAM password policy');
    const bp = ctx.blueprint?.identity.passwordPolicy;
    const expected: ExpectedPasswordPolicy = bp
      ? {
          minimumLength: bp.minimumLength,
          maxAgeDays: bp.maxAgeDays,
          reusePrevention: bp.reusePrevention,
          requireUppercase: bp.requireUppercase,
          requireLowercase: bp.requireLowercase,
          requireNumbers: bp.requireNumbers,
          requireSymbols: bp.requireSymbols,
        }
      : { ...SRA_PASSWORD_POLICY };
    if (!actual) {
      return fail(
        'the account has no IAM password policy (AWS’s default allows 8-character passwords that never expire)',
        {
          expected,
          actual: null,
        },
      );
    }
    const short = passwordPolicyShortfalls(actual, expected);
    if (short.length > 0)
      return fail(`the password policy is weaker than expected: ${short.join('; ')}`, { expected, actual });
    return pass('the password policy meets the expected settings', { actual });
  },
});
