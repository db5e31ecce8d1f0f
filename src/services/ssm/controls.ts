/**
 * Systems Manager document sharing (Security Hub SSM.4 and SSM.7): no document the account owns is
 * shared publicly, and public sharing is blocked so none can be.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html
 */
import {
  defineControl,
  fail,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../verify/types.js';
import { partitionOf } from '../ec2/common.js';
import { SSM, type SsmSlice } from './collect.js';

function ssmSliceOf(ctx: EvalContext): SsmSlice {
  const slice = ctx.regionSlice<SsmSlice>(SSM);
  if (!slice) ctx.need(undefined, `Systems Manager data of ${ctx.account.id} in ${ctx.region}`);
  return slice!;
}

/** ARN of an SSM document. */
function documentArn(ctx: EvalContext, name: string): string {
  return `arn:${partitionOf(ctx.region)}:ssm:${ctx.region}:${ctx.account.id}:document/${name}`;
}

/** The block on public sharing of SSM documents is on. */
export const publicSharingBlocked = defineControl({
  id: 'ssm.documents-public-sharing-blocked',
  title: 'Public sharing of SSM documents is blocked in every account and Region',
  severity: 'medium',
  capabilities: ['infrastructure-protection', 'data-protection'],
  principles: ['keep-people-away-from-data', 'security-at-all-layers'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ssm',
  refs: { fsbp: ['SSM.7'] },
  risk:
    'While public sharing is allowed, one console click publishes a runbook — with its commands, internal ' +
    'hostnames and sometimes secrets — to every AWS account.',
  remediation: {
    manual:
      'Systems Manager console → Documents → Preferences → Block public sharing → Edit → on, in every Region; or ' +
      '`aws ssm update-service-setting --setting-id /ssm/documents/console/public-sharing-permission ' +
      '--setting-value Disable`.',
  },
  uses: [SSM],
  evaluate(ctx) {
    const value = ctx.need(ssmSliceOf(ctx).publicSharingPermission, 'SSM document public sharing setting');
    return value === 'Disable'
      ? pass('public sharing of SSM documents is blocked', { actual: { publicSharingPermission: value } })
      : fail('SSM documents can be shared publicly', {
          expected: { publicSharingPermission: 'Disable' },
          actual: { publicSharingPermission: value },
        });
  },
});

/** No SSM document owned by the account is public. */
export const noPublicDocuments = defineControl({
  id: 'ssm.no-public-documents',
  title: 'No SSM document owned by the account is shared publicly',
  severity: 'high',
  capabilities: ['data-protection', 'infrastructure-protection'],
  principles: ['keep-people-away-from-data'],
  appliesTo: 'all',
  scope: 'region',
  service: 'ssm',
  refs: { fsbp: ['SSM.4'] },
  risk:
    'A public document can be read and run by any AWS account: its content discloses how the environment is ' +
    'operated, and any secret embedded in it is exposed.',
  remediation: {
    manual:
      'Systems Manager console → Documents → Owned by me → the document → Permissions → Private; or `aws ssm ' +
      'modify-document-permission --name <doc> --permission-type Share --account-ids-to-remove All`.',
  },
  uses: [SSM],
  evaluate(ctx) {
    const docs = ctx.need(ssmSliceOf(ctx).documents, 'SSM documents owned by the account');
    const outcomes: Outcome[] = [];
    for (const d of docs) {
      // One unreadable document must not hide the others: it is reported as ERROR on its own.
      if (!d.sharedWith.ok) {
        outcomes.push({
          status: 'ERROR',
          resource: documentArn(ctx, d.name),
          message: `could not read the sharing of SSM document ${d.name}: ${d.sharedWith.error.message}`,
          error: d.sharedWith.error,
        });
        continue;
      }
      const shared = d.sharedWith.value;
      if (shared.includes('all')) {
        outcomes.push(
          fail(`SSM document ${d.name} is public`, {
            resource: documentArn(ctx, d.name),
            expected: { sharedWith: 'no "all" entry' },
            actual: { sharedWith: shared },
          }),
        );
      }
    }
    if (outcomes.length > 0) return outcomes;
    return pass(
      docs.length === 0
        ? 'the account owns no SSM documents'
        : `none of the ${docs.length} owned SSM documents is public`,
      { actual: { ownedDocuments: docs.length, public: 0 } },
    );
  },
});

/** Every Systems Manager control. */
export const SSM_CONTROLS: readonly Control[] = [publicSharingBlocked, noPublicDocuments];
