/**
 * The root user of every account, and centralized root access for the organization.
 *
 * A member account whose root user has neither a password nor access keys (what centralized root
 * access management leaves behind, and how accounts created after it is enabled start) has no root
 * credentials to protect: the MFA controls are not applicable there. The management account's root user always keeps
 * its password, so it always needs MFA.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management
 */
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
} from '../../../verify/types.js';
import {
  IAM_COLLECTOR_ID,
  IAM_ORGANIZATION_COLLECTOR_ID,
  type IamOrganizationSlice,
  type RootSummary,
} from '../collect.js';
import { iamSliceOf } from './common.js';

const ROOT_MANUAL =
  'Sign in as the root user → Security credentials → Multi-factor authentication → Assign MFA device; in ' +
  'member accounts, prefer removing root credentials altogether with centralized root access ' +
  '(IAM console of the management account → Root access management → Delete root user credentials).';

const NO_ROOT_CREDENTIALS =
  'the root user has no password or access keys (root credentials removed), so no MFA is needed';

function rootOf(ctx: EvalContext): RootSummary {
  return ctx.need(iamSliceOf(ctx)?.root, 'the IAM account summary (root user)');
}

function noRootCredentials(root: RootSummary): boolean {
  return !root.passwordPresent && !root.accessKeysPresent;
}

/** The root user has no access keys. */
export const rootNoAccessKeys: Control = defineControl({
  id: 'iam.root-no-access-keys',
  title: 'The root user has no access keys',
  severity: 'high',
  capabilities: ['identity-and-access-management'],
  principles: ['strong-identity-foundation', 'keep-people-away-from-data'],
  appliesTo: 'all',
  scope: 'account',
  service: 'iam',
  refs: { fsbp: ['IAM.4'], cis: ['1.4'] },
  risk:
    'A root access key is a long-lived credential with unrestricted power over the account that no IAM ' +
    'policy can limit (SCPs do not apply to the management account); if it leaks, the account is lost.',
  remediation: {
    blueprint: 'identity.rootAccess',
    manual:
      'Sign in as the root user → Security credentials → Access keys → Delete; for member accounts, the ' +
      'management account can delete them with centralized root access (sts:AssumeRoot + iam:DeleteAccessKey).',
  },
  uses: [IAM_COLLECTOR_ID],
  evaluate(ctx) {
    const root = rootOf(ctx);
    const resource = `arn:aws:iam::${ctx.account.id}:root`;
    return root.accessKeysPresent
      ? fail('the root user has access keys', {
          resource,
          expected: 'no root access keys',
          actual: 'access keys present',
        })
      : pass('the root user has no access keys', { resource });
  },
});

/** The root user has MFA (or no credentials at all). */
export const rootMfa: Control = defineControl({
  id: 'iam.root-mfa',
  title: 'The root user has MFA enabled',
  severity: 'high',
  capabilities: ['identity-and-access-management'],
  principles: ['strong-identity-foundation'],
  appliesTo: 'all',
  scope: 'account',
  service: 'iam',
  refs: { fsbp: ['IAM.9'], cis: ['1.5'] },
  risk: 'A root password alone — phished, reused or reset through the root email — gives full control of the account.',
  remediation: { blueprint: 'identity.rootAccess', manual: ROOT_MANUAL },
  uses: [IAM_COLLECTOR_ID],
  evaluate(ctx) {
    const root = rootOf(ctx);
    const resource = `arn:aws:iam::${ctx.account.id}:root`;
    if (noRootCredentials(root)) return notApplicable(NO_ROOT_CREDENTIALS, resource);
    return root.mfaEnabled
      ? pass('the root user has MFA', { resource })
      : fail('the root user has credentials and no MFA device', {
          resource,
          expected: 'MFA enabled',
          actual: 'no MFA',
        });
  },
});

/** The root user's MFA is a hardware device (or root has no credentials). */
export const rootHardwareMfa: Control = defineControl({
  id: 'iam.root-hardware-mfa',
  title: 'The root user uses a hardware MFA device',
  severity: 'medium',
  capabilities: ['identity-and-access-management'],
  principles: ['strong-identity-foundation'],
  appliesTo: 'all',
  scope: 'account',
  service: 'iam',
  refs: { fsbp: ['IAM.6'], cis: ['1.6'] },
  risk:
    'A virtual MFA app lives on a phone or laptop that is itself exposed to malware and loss; the root user ' +
    'of an account deserves a dedicated hardware key or passkey.',
  remediation: {
    blueprint: 'identity.rootAccess',
    manual: ROOT_MANUAL.replace('Assign MFA device', 'Assign a hardware MFA device or passkey'),
  },
  uses: [IAM_COLLECTOR_ID],
  evaluate(ctx) {
    const root = rootOf(ctx);
    const resource = `arn:aws:iam::${ctx.account.id}:root`;
    if (noRootCredentials(root)) return notApplicable(NO_ROOT_CREDENTIALS, resource);
    if (!root.mfaEnabled) {
      return fail('the root user has no MFA device at all', {
        resource,
        expected: 'hardware MFA',
        actual: 'no MFA',
      });
    }
    const virtual = ctx.need(iamSliceOf(ctx)?.rootMfaVirtual, 'the virtual MFA devices');
    return virtual
      ? fail('the root user’s MFA device is a virtual one', {
          resource,
          expected: 'hardware MFA',
          actual: 'virtual MFA',
        })
      : pass('the root user uses a hardware MFA device', { resource });
  },
});

function rootAccessFeature(options: {
  id: string;
  feature: 'RootCredentialsManagement' | 'RootSessions';
  title: string;
  severity: Control['severity'];
  risk: string;
}): Control {
  return defineControl({
    id: options.id,
    title: options.title,
    severity: options.severity,
    capabilities: ['identity-and-access-management', 'security-governance'],
    principles: ['strong-identity-foundation', 'automate-security-best-practices'],
    appliesTo: ['management'],
    scope: 'organization',
    service: 'iam',
    refs: {},
    risk: options.risk,
    remediation: {
      blueprint: 'identity.rootAccess',
      manual:
        'Management account: aws organizations enable-aws-service-access --service-principal iam.amazonaws.com, ' +
        `then aws iam enable-organizations-root-${options.feature === 'RootSessions' ? 'sessions' : 'credentials-management'} ` +
        '(IAM console → Root access management → Enable).',
    },
    uses: [IAM_ORGANIZATION_COLLECTOR_ID],
    evaluate(ctx) {
      if (ctx.blueprint?.identity.rootAccess === 'unmanaged') {
        return notApplicable('the blueprint keeps root access unmanaged (identity.rootAccess: unmanaged)');
      }
      const slice = ctx.org<IamOrganizationSlice>(IAM_ORGANIZATION_COLLECTOR_ID);
      const features = ctx.need(slice?.rootAccess, 'centralized root access (iam:ListOrganizationsFeatures)');
      if (features === null) return notApplicable('the account is not in an organization');
      const expected = { trustedAccess: true, feature: options.feature };
      if (!features.trustedAccess) {
        return fail('trusted access for iam.amazonaws.com is off, so centralized root access cannot be on', {
          expected,
          actual: { trustedAccess: false, enabledFeatures: [] },
        });
      }
      return features.enabledFeatures.includes(options.feature)
        ? pass(`${options.feature} is enabled for the organization`, { actual: features })
        : fail(`${options.feature} is not enabled for the organization`, { expected, actual: features });
    },
  });
}

/** Centralized root credentials management is on. */
export const rootCredentialsManagement: Control = rootAccessFeature({
  id: 'iam.centralized-root-credentials',
  feature: 'RootCredentialsManagement',
  title: 'Centralized root access: root credentials management is enabled for the organization',
  severity: 'high',
  risk:
    'Without it every member account keeps a root user whose password, MFA and recovery must be guarded ' +
    'account by account; with it the management account can delete member root credentials and new ' +
    'accounts start without them.',
});

/** Centralized root sessions are on. */
export const rootSessions: Control = rootAccessFeature({
  id: 'iam.centralized-root-sessions',
  feature: 'RootSessions',
  title: 'Centralized root access: privileged root sessions are enabled for the organization',
  severity: 'medium',
  risk:
    'Without root sessions the few tasks that need root in a member account (unlocking a bucket policy, ' +
    'deleting root credentials) require recovering that account’s root password instead of a short, ' +
    'audited, task-scoped session from the management account.',
});

/** Root user and centralized root access controls. */
export const ROOT_CONTROLS: readonly Control[] = [
  rootNoAccessKeys,
  rootMfa,
  rootHardwareMfa,
  rootCredentialsManagement,
  rootSessions,
];
