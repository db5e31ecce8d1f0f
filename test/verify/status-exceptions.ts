/**
 * Statuses a control genuinely cannot produce, each with the reason. The control status check
 * (test/setup/) requires every control to produce PASS, FAIL and NOT_APPLICABLE somewhere in the full
 * suite, except the pairs listed here; it also fails when a listed status is produced after all, so the
 * list stays true. Add a test before adding an entry.
 */

/** A status the check requires of every control. */
export type RequiredStatus = 'PASS' | 'FAIL' | 'NOT_APPLICABLE';

/** One control that cannot produce one status, and why. */
export interface StatusException {
  /** Control id. */
  control: string;
  /** The status it cannot produce. */
  status: RequiredStatus;
  /** Why, in one sentence (shown when the exception turns out false). */
  reason: string;
}

const always = (control: string, reason: string): StatusException => ({
  control,
  status: 'NOT_APPLICABLE',
  reason,
});

const ALWAYS_APPLIES_TO_EVERY_ACCOUNT =
  'an account-wide baseline setting every account must have; the control has no condition under which it does not apply';

const ALWAYS_APPLIES_TO_EVERY_REGION =
  'a per-Region baseline setting every account must have in every governed Region; no condition makes it inapplicable';

const ORG_FOUNDATION =
  'an organization-wide SRA foundation that always applies; the control judges only whether it is in place';

/** Every exception, grouped by reason. */
export const STATUS_EXCEPTIONS: readonly StatusException[] = [
  // Organization-wide foundations (the SRA requires them whatever the blueprint says).
  always('organizations.enabled', ORG_FOUNDATION),
  always('access-analyzer.delegated-admin-registered', ORG_FOUNDATION),
  always('cloudtrail.delegated-admin-set', ORG_FOUNDATION),
  always('config.delegated-admin-set', ORG_FOUNDATION),
  // Baselines of every account.
  always('account.security-contact', ALWAYS_APPLIES_TO_EVERY_ACCOUNT),
  always('account.billing-contact', ALWAYS_APPLIES_TO_EVERY_ACCOUNT),
  always('account.operations-contact', ALWAYS_APPLIES_TO_EVERY_ACCOUNT),
  always('iam.password-policy', ALWAYS_APPLIES_TO_EVERY_ACCOUNT),
  always('iam.root-no-access-keys', ALWAYS_APPLIES_TO_EVERY_ACCOUNT),
  always('iam.support-role', ALWAYS_APPLIES_TO_EVERY_ACCOUNT),
  always(
    'iam.no-cloudshell-full-access',
    'every account is checked for the managed policy; an account without IAM identities passes rather than being inapplicable',
  ),
  // Baselines of every account and Region.
  always('access-analyzer.account-analyzer', ALWAYS_APPLIES_TO_EVERY_REGION),
  always('ec2.ami-block-public-access', ALWAYS_APPLIES_TO_EVERY_REGION),
  always('ec2.serial-console-disabled', ALWAYS_APPLIES_TO_EVERY_REGION),
  always('ssm.documents-public-sharing-blocked', ALWAYS_APPLIES_TO_EVERY_REGION),
  always(
    'ssm.no-public-documents',
    'an account owning no SSM documents passes (nothing is public) rather than being inapplicable',
  ),
];
