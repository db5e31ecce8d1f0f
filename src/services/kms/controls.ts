/**
 * KMS controls, family "central keys": in the account and Region holding the organization trail's KMS
 * key (the SRA's log key account), customer managed keys rotate yearly, are not scheduled for
 * deletion, are not open to everyone, and the central keys themselves are enabled.
 * Security Hub meanings followed: https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html
 * (KMS.3 not deleted unintentionally, KMS.4 rotation, KMS.5 not publicly accessible).
 */
import type { EvalContext, Outcome } from '../../verify/types.js';
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type ControlRefs,
  type Severity,
} from '../../verify/types.js';
import { parsePolicyDocument, publicAllowStatements } from '../s3/policy.js';
import { KMS, type KmsKeyEntry, type KmsKeyInfo, type KmsSlice } from './collect.js';

const BLUEPRINT_KMS = 'dataProtection.kms';

interface KeyControlSpec {
  id: string;
  title: string;
  severity: Severity;
  refs: ControlRefs;
  risk: string;
  blueprint: string;
  manual: string;
  /** Judge only the central keys (organization trail keys), not every customer key. */
  centralOnly?: boolean;
  check(ctx: EvalContext, key: KmsKeyInfo): Outcome;
}

function keysOf(ctx: EvalContext): { slice: KmsSlice; entries: KmsKeyEntry[] } | Outcome {
  const slice = ctx.regionSlice<KmsSlice>(KMS);
  if (slice && slice.keys === undefined) {
    return notApplicable('no central log key (organization trail key) lives in this account and Region');
  }
  const entries = ctx.need(slice?.keys, 'KMS keys');
  return { slice: slice!, entries };
}

function keyControl(spec: KeyControlSpec): Control {
  return defineControl({
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    capabilities: ['data-protection'],
    principles: ['protect-data-in-transit-and-at-rest'],
    appliesTo: 'all',
    scope: 'region',
    service: 'kms',
    refs: spec.refs,
    risk: spec.risk,
    remediation: { blueprint: spec.blueprint, manual: spec.manual },
    uses: [KMS],
    evaluate(ctx) {
      const found = keysOf(ctx);
      if (!('entries' in found)) return found;
      const { slice, entries } = found;
      const picked = spec.centralOnly ? entries.filter((e) => slice.centralKeys.includes(e.arn)) : entries;
      if (picked.length === 0)
        return notApplicable('no customer managed key to judge in this account and Region');
      return picked.map((e) => {
        ctx.need(e.describe, `key ${e.arn}`);
        return { resource: e.arn, ...spec.check(ctx, e.key!) };
      });
    },
  });
}

/** Automatic rotation is on. */
export const keyRotation = keyControl({
  id: 'kms.key-rotation',
  title: 'Customer managed KMS keys in the log key account rotate automatically',
  severity: 'medium',
  refs: { fsbp: ['KMS.4'], cis: ['3.6'] },
  risk: 'Key material that never rotates protects years of logs with one secret; rotation limits what one exposure reveals.',
  blueprint: `${BLUEPRINT_KMS}.keyRotation`,
  manual: '`aws kms enable-key-rotation --key-id <key-arn>` (yearly by default).',
  check(ctx, key) {
    if (ctx.blueprint && !ctx.blueprint.dataProtection.kms.keyRotation) {
      return notApplicable(`the blueprint turns key rotation off (${BLUEPRINT_KMS}.keyRotation: false)`);
    }
    if (!key.rotation) {
      return notApplicable(
        key.state === 'PendingDeletion'
          ? 'the key is pending deletion (see kms.key-not-pending-deletion)'
          : `automatic rotation does not apply to ${key.keySpec} keys from ${key.origin}`,
      );
    }
    const r = ctx.need(key.rotation, `rotation status of ${key.arn}`);
    return r.enabled
      ? pass(`rotation is on${r.periodDays ? ` (every ${r.periodDays} days)` : ''}`, { actual: r })
      : fail('automatic rotation is off', {
          expected: { rotationEnabled: true },
          actual: { rotationEnabled: false },
        });
  },
});

/** No key is scheduled for deletion. */
export const keyNotPendingDeletion = keyControl({
  id: 'kms.key-not-pending-deletion',
  title: 'No customer managed KMS key in the log key account is scheduled for deletion',
  severity: 'high',
  refs: { fsbp: ['KMS.3'] },
  risk: 'Once the key is deleted, every log file and export encrypted with it can never be decrypted again.',
  blueprint: `${BLUEPRINT_KMS}.pendingWindowDays`,
  manual: '`aws kms cancel-key-deletion --key-id <key-arn>` then `aws kms enable-key --key-id <key-arn>`.',
  check: (_ctx, key) =>
    key.state === 'PendingDeletion'
      ? fail(`the key is scheduled for deletion${key.deletionDate ? ` on ${key.deletionDate}` : ''}`, {
          expected: { keyState: 'not PendingDeletion' },
          actual: { keyState: key.state, deletionDate: key.deletionDate ?? null },
        })
      : pass(`the key is ${key.state}`, { actual: { keyState: key.state } }),
});

/** The central keys are enabled. */
export const centralKeyEnabled = keyControl({
  id: 'kms.central-key-enabled',
  title: 'The organization trail’s KMS key is enabled',
  severity: 'high',
  refs: {},
  risk: 'With the key disabled, CloudTrail and the other services writing to the log archive cannot encrypt: delivery stops.',
  blueprint: BLUEPRINT_KMS,
  manual: '`aws kms enable-key --key-id <key-arn>`.',
  centralOnly: true,
  check: (_ctx, key) =>
    key.state === 'Enabled'
      ? pass('the key is enabled')
      : key.state === 'PendingDeletion'
        ? notApplicable('the key is pending deletion (see kms.key-not-pending-deletion)')
        : fail(`the key is ${key.state}`, {
            expected: { keyState: 'Enabled' },
            actual: { keyState: key.state },
          }),
});

/** Key policies do not open keys to everyone. */
export const keyNotPublic = keyControl({
  id: 'kms.key-not-public',
  title: 'Key policies in the log key account do not allow everyone',
  severity: 'high',
  refs: { fsbp: ['KMS.5'] },
  risk: 'A key policy allowing "*" without an organization or account condition lets any AWS account use or manage the key.',
  blueprint: BLUEPRINT_KMS,
  manual:
    'Edit the key policy: replace Principal "*" with named principals, or add an aws:PrincipalOrgID / ' +
    'aws:SourceOrgID / kms:CallerAccount condition (`aws kms put-key-policy`).',
  check(ctx, key) {
    const text = ctx.need(key.policy, `key policy of ${key.arn}`);
    const statements = parsePolicyDocument(text);
    if (!statements) {
      return fail('the key policy could not be parsed', {
        expected: 'a JSON policy document',
        actual: text.slice(0, 200),
      });
    }
    const open = publicAllowStatements(statements);
    return open.length === 0
      ? pass('no statement allows everyone')
      : fail(`${open.length} statement(s) allow everyone without a restricting condition`, {
          expected: 'no Allow for Principal "*" without an organization, account or source condition',
          actual: open.map((s) => ({ actions: s.actions, conditions: s.conditions })),
        });
  },
});

/** Every control of the central keys family. */
export const KMS_CONTROLS: readonly Control[] = [
  keyRotation,
  keyNotPendingDeletion,
  centralKeyEnabled,
  keyNotPublic,
];
