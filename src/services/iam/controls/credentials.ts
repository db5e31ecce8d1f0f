/**
 * IAM users' credentials, from the credential report: console users have MFA, credentials not used in
 * 45 days are removed, access keys are rotated within 90 days, one active key per user. Ages are
 * measured against the time the inventory was collected. One FAIL per offending user or key; one PASS
 * for the account when none offends.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/credential-reports.html
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
import { IAM_COLLECTOR_ID, type CredentialUser } from '../collect.js';
import { daysSince, iamSliceOf, nowOf } from './common.js';

/** Days after which unused credentials should be removed (CIS 1.12, Security Hub IAM.22). */
export const UNUSED_CREDENTIAL_DAYS = 45;
/** Days after which an active access key should have been rotated (CIS 1.14, Security Hub IAM.3). */
export const ACCESS_KEY_MAX_AGE_DAYS = 90;

/** The IAM users of the credential report. */
function usersOf(ctx: EvalContext): CredentialUser[] {
  return ctx.need(iamSliceOf(ctx)?.credentialReport, 'the IAM credential report').users;
}

/** NOT_APPLICABLE without IAM users; else FAIL outcomes for offenders, or one PASS for the account. */
function outcomes(users: readonly CredentialUser[], failures: Outcome[], passMessage: string): Outcome[] {
  if (users.length === 0) return [notApplicable('the account has no IAM users')];
  return failures.length > 0 ? failures : [pass(passMessage)];
}

const USERS_MANUAL_PREFIX = 'Prefer IAM Identity Center users over IAM users. ';

/** Console users have MFA. */
export const userConsoleMfa: Control = defineControl({
  id: 'iam.user-console-mfa',
  title: 'Every IAM user with a console password has MFA',
  severity: 'medium',
  capabilities: ['identity-and-access-management'],
  principles: ['strong-identity-foundation'],
  appliesTo: 'all',
  scope: 'account',
  service: 'iam',
  refs: { fsbp: ['IAM.5'], cis: ['1.10'] },
  risk: 'A console password without MFA is one phishing email or password reuse away from an interactive session.',
  remediation: {
    manual: `${USERS_MANUAL_PREFIX}IAM console → Users → <user> → Security credentials → Assign MFA device; or remove the console password.`,
  },
  uses: [IAM_COLLECTOR_ID],
  evaluate(ctx) {
    const users = usersOf(ctx);
    const failures = users
      .filter((u) => u.passwordEnabled && !u.mfaActive)
      .map((u) =>
        fail(`IAM user ${u.user} has a console password and no MFA`, {
          resource: u.arn,
          expected: { mfaActive: true },
          actual: { passwordEnabled: true, mfaActive: false },
        }),
      );
    return outcomes(users, failures, 'every IAM user with a console password has MFA');
  },
});

/** Credentials unused for 45 days are removed. */
export const unusedCredentials: Control = defineControl({
  id: 'iam.unused-credentials',
  title: `IAM user passwords and active access keys unused for ${UNUSED_CREDENTIAL_DAYS} days are removed`,
  severity: 'medium',
  capabilities: ['identity-and-access-management'],
  principles: ['strong-identity-foundation', 'keep-people-away-from-data'],
  appliesTo: 'all',
  scope: 'account',
  service: 'iam',
  refs: { fsbp: ['IAM.22'], cis: ['1.12'] },
  risk:
    'Credentials nobody uses are credentials nobody watches: they belong to people who left or tools that ' +
    'were retired, and a leak goes unnoticed.',
  remediation: {
    manual: `${USERS_MANUAL_PREFIX}IAM console → Users → <user> → Security credentials → disable console access / deactivate or delete the access key.`,
  },
  uses: [IAM_COLLECTOR_ID],
  evaluate(ctx) {
    const now = nowOf(ctx);
    const users = usersOf(ctx);
    const failures: Outcome[] = [];
    for (const u of users) {
      if (u.passwordEnabled) {
        // Never used: count from creation, as the credential report's reviewers do.
        const idle = daysSince(u.passwordLastUsed ?? u.created, now);
        if (idle !== undefined && idle >= UNUSED_CREDENTIAL_DAYS) {
          failures.push(
            fail(`IAM user ${u.user}'s console password has not been used for ${idle} days`, {
              resource: u.arn,
              expected: `used within ${UNUSED_CREDENTIAL_DAYS} days, or removed`,
              actual: { credential: 'password', lastUsed: u.passwordLastUsed, daysUnused: idle },
            }),
          );
        }
      }
      for (const k of u.keys) {
        if (!k.active) continue;
        const idle = daysSince(k.lastUsed ?? k.lastRotated, now);
        if (idle !== undefined && idle >= UNUSED_CREDENTIAL_DAYS) {
          failures.push(
            fail(`IAM user ${u.user}'s access key ${k.slot} has not been used for ${idle} days`, {
              resource: `${u.arn}/access-key-${k.slot}`,
              expected: `used within ${UNUSED_CREDENTIAL_DAYS} days, or deactivated`,
              actual: { credential: `access key ${k.slot}`, lastUsed: k.lastUsed, daysUnused: idle },
            }),
          );
        }
      }
    }
    return outcomes(
      users,
      failures,
      `no IAM user credential has been unused for ${UNUSED_CREDENTIAL_DAYS} days or more`,
    );
  },
});

/** Active access keys are rotated within 90 days. */
export const accessKeyRotation: Control = defineControl({
  id: 'iam.access-key-rotation',
  title: `Active IAM access keys are rotated within ${ACCESS_KEY_MAX_AGE_DAYS} days`,
  severity: 'medium',
  capabilities: ['identity-and-access-management'],
  principles: ['strong-identity-foundation'],
  appliesTo: 'all',
  scope: 'account',
  service: 'iam',
  refs: { fsbp: ['IAM.3'], cis: ['1.14'] },
  risk: 'The older a long-lived key, the more places it has been copied to (laptops, CI variables, logs) and the longer a leak stays useful.',
  remediation: {
    manual: `${USERS_MANUAL_PREFIX}Create a second key, move its users to it, then deactivate and delete the old one (aws iam create-access-key / update-access-key / delete-access-key).`,
  },
  uses: [IAM_COLLECTOR_ID],
  evaluate(ctx) {
    const now = nowOf(ctx);
    const users = usersOf(ctx);
    const failures: Outcome[] = [];
    for (const u of users) {
      for (const k of u.keys) {
        const age = daysSince(k.lastRotated, now);
        if (k.active && age !== undefined && age > ACCESS_KEY_MAX_AGE_DAYS) {
          failures.push(
            fail(`IAM user ${u.user}'s access key ${k.slot} is ${age} days old`, {
              resource: `${u.arn}/access-key-${k.slot}`,
              expected: `≤ ${ACCESS_KEY_MAX_AGE_DAYS} days`,
              actual: { lastRotated: k.lastRotated, ageDays: age },
            }),
          );
        }
      }
    }
    return outcomes(
      users,
      failures,
      `every active access key is at most ${ACCESS_KEY_MAX_AGE_DAYS} days old`,
    );
  },
});

/** At most one active access key per user. */
export const singleActiveAccessKey: Control = defineControl({
  id: 'iam.single-active-access-key',
  title: 'No IAM user has more than one active access key',
  severity: 'low',
  capabilities: ['identity-and-access-management'],
  principles: ['strong-identity-foundation'],
  appliesTo: 'all',
  scope: 'account',
  service: 'iam',
  refs: { cis: ['1.13'] },
  risk: 'Two active keys usually means a rotation that was never finished: the old key still works wherever it was copied.',
  remediation: {
    manual: `${USERS_MANUAL_PREFIX}Deactivate and delete the key that is no longer used (aws iam update-access-key --status Inactive, then delete-access-key).`,
  },
  uses: [IAM_COLLECTOR_ID],
  evaluate(ctx) {
    const users = usersOf(ctx);
    const failures = users
      .filter((u) => u.keys.filter((k) => k.active).length > 1)
      .map((u) =>
        fail(`IAM user ${u.user} has two active access keys`, {
          resource: u.arn,
          expected: { activeKeys: 1 },
          actual: { activeKeys: u.keys.filter((k) => k.active).length },
        }),
      );
    return outcomes(users, failures, 'no IAM user has more than one active access key');
  },
});

/** IAM user credential controls. */
export const CREDENTIAL_CONTROLS: readonly Control[] = [
  userConsoleMfa,
  unusedCredentials,
  accessKeyRotation,
  singleActiveAccessKey,
];
