/**
 * What IAM identities are allowed: no user holds policies directly, no customer managed policy grants
 * `*` on `*`, someone can open AWS Support cases, CloudShell full access is not handed out, and no
 * expired server certificate lingers in IAM.
 */
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../../verify/types.js';
import { IAM_COLLECTOR_ID, type AuthorizationSummary } from '../collect.js';
import { iamSliceOf, nowOf } from './common.js';

function authorizationOf(ctx: EvalContext): AuthorizationSummary {
  return ctx.need(iamSliceOf(ctx)?.authorization, 'the IAM authorization details');
}

function entityArn(account: string, kind: 'user' | 'group' | 'role', name: string): string {
  return `arn:aws:iam::${account}:${kind}/${name}`;
}

/** Users get permissions through groups or roles, not directly. */
export const userNoDirectPolicies: Control = defineControl({
  id: 'iam.user-no-direct-policies',
  title: 'No IAM user has policies attached directly',
  severity: 'low',
  capabilities: ['identity-and-access-management'],
  principles: ['strong-identity-foundation'],
  appliesTo: 'all',
  scope: 'account',
  service: 'iam',
  refs: { fsbp: ['IAM.2'], cis: ['1.15'] },
  risk:
    'Permissions attached user by user drift apart and are forgotten when people change jobs; groups and roles ' +
    'keep them reviewable in one place.',
  remediation: {
    manual:
      'Move the user into a group that carries the policy (or use IAM Identity Center), then detach or delete the user’s own policies.',
  },
  uses: [IAM_COLLECTOR_ID],
  evaluate(ctx) {
    const auth = authorizationOf(ctx);
    if (auth.users === 0) return notApplicable('the account has no IAM users');
    const failures = auth.usersWithDirectPolicies.map((u) =>
      fail(`IAM user ${u.user} has policies attached directly`, {
        resource: entityArn(ctx.account.id, 'user', u.user),
        expected: 'permissions through groups or roles only',
        actual: { attached: u.attached, inline: u.inline },
      }),
    );
    return failures.length > 0 ? failures : [pass('no IAM user has policies attached directly')];
  },
});

/** No customer managed policy allows everything. */
export const noFullAdminPolicies: Control = defineControl({
  id: 'iam.no-full-admin-customer-policies',
  title: 'No customer managed IAM policy allows "*" actions on "*" resources',
  severity: 'high',
  capabilities: ['identity-and-access-management'],
  principles: ['strong-identity-foundation', 'keep-people-away-from-data'],
  appliesTo: 'all',
  scope: 'account',
  service: 'iam',
  refs: { fsbp: ['IAM.1'], cis: ['1.16'] },
  risk:
    'A home-made "allow everything" policy grants full administrator rights wherever it is attached, ' +
    'bypassing least privilege and hiding among ordinary policies.',
  remediation: {
    manual:
      'Replace the statement with the actions and resources the workload needs (IAM Access Analyzer policy ' +
      'generation helps), or use the AWS managed AdministratorAccess for the few true administrators.',
  },
  uses: [IAM_COLLECTOR_ID],
  evaluate(ctx) {
    const auth = authorizationOf(ctx);
    if (auth.customerPolicies === 0) return notApplicable('the account has no customer managed policies');
    const failures: Outcome[] = auth.fullAdminPolicies.map((p) =>
      fail(`customer managed policy ${p.name} allows "*" on "*" (attached ${p.attachments} time(s))`, {
        resource: p.arn,
        expected: 'no statement allowing Action "*" on Resource "*"',
        actual: { allows: '*:*', attachments: p.attachments },
      }),
    );
    return failures.length > 0 ? failures : [pass('no customer managed policy allows "*" on "*"')];
  },
});

/** Someone may open AWS Support cases. */
export const supportRole: Control = defineControl({
  id: 'iam.support-role',
  title:
    'An IAM role (or group or user) carries AWSSupportAccess, so incidents can be raised with AWS Support',
  severity: 'low',
  capabilities: ['incident-response', 'identity-and-access-management'],
  principles: ['prepare-for-security-events'],
  appliesTo: 'all',
  scope: 'account',
  service: 'iam',
  refs: { fsbp: ['IAM.18'], cis: ['1.17'] },
  risk:
    'During an incident nobody can open or follow a support case from the account without first granting ' +
    'themselves new permissions, under pressure, often too broadly.',
  remediation: {
    manual:
      'Create a role for the support team and attach arn:aws:iam::aws:policy/AWSSupportAccess (aws iam ' +
      'create-role … && aws iam attach-role-policy --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess), ' +
      'or grant it through an IAM Identity Center permission set.',
  },
  uses: [IAM_COLLECTOR_ID],
  evaluate(ctx) {
    const holders = authorizationOf(ctx).supportAccess;
    return holders.length > 0
      ? pass(`AWSSupportAccess is attached to ${holders.map((h) => `${h.kind} ${h.name}`).join(', ')}`, {
          actual: holders,
        })
      : fail('no IAM identity has AWSSupportAccess attached', {
          expected: 'at least one role, group or user with AWSSupportAccess',
          actual: [],
        });
  },
});

/** AWSCloudShellFullAccess is not attached. */
export const noCloudShellFullAccess: Control = defineControl({
  id: 'iam.no-cloudshell-full-access',
  title: 'No IAM identity has the AWSCloudShellFullAccess policy attached',
  severity: 'medium',
  capabilities: ['identity-and-access-management', 'data-protection'],
  principles: ['keep-people-away-from-data'],
  appliesTo: 'all',
  scope: 'account',
  service: 'iam',
  refs: { fsbp: ['IAM.27'], cis: ['1.22'] },
  risk:
    'CloudShell full access includes uploading and downloading files and outbound internet from a shell ' +
    'inside AWS: a ready-made path to move data out.',
  remediation: {
    manual:
      'Detach AWSCloudShellFullAccess and grant a narrower CloudShell policy (deny cloudshell:GetFileUploadUrls ' +
      'and cloudshell:GetFileDownloadUrls) where a shell is needed.',
  },
  uses: [IAM_COLLECTOR_ID],
  evaluate(ctx) {
    const failures = authorizationOf(ctx).cloudShellFullAccess.map((e) =>
      fail(`${e.kind} ${e.name} has AWSCloudShellFullAccess attached`, {
        resource: entityArn(ctx.account.id, e.kind, e.name),
        expected: 'AWSCloudShellFullAccess not attached',
        actual: 'attached',
      }),
    );
    return failures.length > 0 ? failures : [pass('no IAM identity has AWSCloudShellFullAccess attached')];
  },
});

/** No expired server certificate stays in IAM. */
export const noExpiredServerCertificates: Control = defineControl({
  id: 'iam.no-expired-server-certificates',
  title: 'No expired SSL/TLS server certificate is stored in IAM',
  severity: 'low',
  capabilities: ['data-protection', 'infrastructure-protection'],
  principles: ['protect-data-in-transit-and-at-rest'],
  appliesTo: 'all',
  scope: 'account',
  service: 'iam',
  refs: { fsbp: ['IAM.26'], cis: ['1.19'] },
  risk:
    'An expired certificate can be deployed to a load balancer or CloudFront by mistake, breaking TLS or ' +
    'teaching users to click through certificate warnings.',
  remediation: {
    manual:
      'aws iam delete-server-certificate --server-certificate-name <name> (prefer ACM, which renews certificates).',
  },
  uses: [IAM_COLLECTOR_ID],
  evaluate(ctx) {
    const certs = ctx.need(iamSliceOf(ctx)?.serverCertificates, 'the IAM server certificates');
    if (certs.length === 0) return notApplicable('no server certificates are stored in IAM');
    const now = nowOf(ctx);
    const failures = certs
      .filter((c) => c.expiration !== null && Date.parse(c.expiration) < now)
      .map((c) =>
        fail(`server certificate ${c.name} expired on ${c.expiration}`, {
          resource: c.arn,
          expected: 'not expired, or deleted',
          actual: { expiration: c.expiration },
        }),
      );
    return failures.length > 0
      ? failures
      : [pass(`none of the ${certs.length} stored server certificate(s) has expired`)];
  },
});

/** IAM permission controls. */
export const PERMISSION_CONTROLS: readonly Control[] = [
  userNoDirectPolicies,
  noFullAdminPolicies,
  supportRole,
  noCloudShellFullAccess,
  noExpiredServerCertificates,
];
