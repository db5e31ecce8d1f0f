/**
 * GuardDuty findings export: the delegated administrator (which holds every member's findings) exports
 * them to the central log bucket in the log archive account, encrypted with a KMS key (SRA.md §3, §6).
 * GuardDuty keeps findings for 90 days only; the export is the long-term record.
 *
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html (an S3 destination needs a
 * KMS key; GuardDuty verifies it can write and reports the destination status)
 * https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DescribePublishingDestination.html
 * (`PUBLISHING` when exports succeed; `ExpectedBucketOwner` pins the bucket's owner)
 */
import { defineControl, fail, pass, type Control, type EvalContext } from '../../../verify/types.js';
import { GUARDDUTY, GUARDDUTY_ADMINS, type GuardDutyDestinationInfo } from '../collect.js';
import { GUARDDUTY_KEY, adminView, detectorArn, isOutcome, outOfScope } from '../common.js';

/** Account id in a KMS key ARN, when it is one. */
function keyAccount(arn: string): string | undefined {
  return /^arn:[\w-]+:kms:[\w-]+:(\d{12}):key\//.exec(arn)?.[1];
}

/** What is wrong with a destination, in words (empty when nothing is). */
function problemsOf(ctx: EvalContext, d: GuardDutyDestinationInfo): string[] {
  const logArchive = ctx.roleAccounts['log-archive'] ?? [];
  const keyOwners = [...logArchive, ...(ctx.roleAccounts['security-tooling'] ?? [])];
  const problems: string[] = [];
  if (d.type !== 'S3') problems.push(`destination type is ${d.type}, not S3`);
  if (!d.destinationArn) problems.push('no destination bucket');
  if (!d.kmsKeyArn) {
    problems.push('no KMS key');
  } else {
    const owner = keyAccount(d.kmsKeyArn);
    if (owner && keyOwners.length > 0 && !keyOwners.includes(owner)) {
      problems.push(`the KMS key belongs to ${owner}, not the log archive or security tooling account`);
    }
  }
  if (d.expectedBucketOwner && logArchive.length > 0 && !logArchive.includes(d.expectedBucketOwner)) {
    problems.push(`the bucket owner is ${d.expectedBucketOwner}, not the log archive account`);
  }
  if (d.status !== 'PUBLISHING') problems.push(`status is ${d.status}`);
  return problems;
}

/** Findings are exported to the log archive bucket with a KMS key, and the export works. */
export const findingsExport = defineControl({
  id: 'guardduty.findings-export',
  title: 'GuardDuty exports findings to the log archive, encrypted with a KMS key',
  severity: 'medium',
  capabilities: ['threat-detection', 'incident-response', 'data-protection'],
  principles: ['enable-traceability', 'prepare-for-security-events', 'protect-data-in-transit-and-at-rest'],
  appliesTo: ['security-tooling'],
  scope: 'region',
  service: 'guardduty',
  refs: {},
  risk:
    'GuardDuty deletes findings after 90 days; without a working export to the immutable log archive, ' +
    'investigations that start later have no record of what GuardDuty saw.',
  remediation: {
    blueprint: `${GUARDDUTY_KEY}.exportFindings`,
    manual:
      'In the delegated administrator, each Region: GuardDuty console → Settings → Findings export options → ' +
      'Configure now → the log archive bucket and a KMS key whose policy admits guardduty.amazonaws.com; ' +
      'or `aws guardduty create-publishing-destination --destination-type S3 --destination-properties ' +
      'DestinationArn=arn:aws:s3:::<bucket>,KmsKeyArn=<key arn>`.',
  },
  uses: [GUARDDUTY, GUARDDUTY_ADMINS],
  evaluate(ctx) {
    const skip = outOfScope(ctx, { export: true });
    if (skip) return skip;
    const v = adminView(ctx);
    if (isOutcome(v)) return v;
    const destinations = ctx.need(
      v.slice.admin?.publishingDestinations,
      `GuardDuty publishing destinations of ${v.adminId} in ${ctx.region}`,
    );
    const detector = detectorArn(ctx.region, v.adminId, v.detector.id);
    const logArchive = ctx.roleAccounts['log-archive'] ?? [];
    const expected = {
      destinationType: 'S3',
      bucketOwner: logArchive.length > 0 ? logArchive.join(', ') : 'the log archive account',
      kmsKey: 'a KMS key of the log archive or security tooling account',
      status: 'PUBLISHING',
    };
    if (destinations.length === 0) {
      return fail(`GuardDuty findings are not exported from ${ctx.region}`, {
        resource: detector,
        expected,
        actual: { destinations: 'none' },
      });
    }
    const judged = destinations.map((d) => ({ d, problems: problemsOf(ctx, d) }));
    const good = judged.find((j) => j.problems.length === 0);
    if (good) {
      return pass(
        `findings are exported to ${good.d.destinationArn ?? 'S3'} with KMS key ${good.d.kmsKeyArn ?? ''}`,
        {
          resource: `${detector}/publishingDestination/${good.d.id}`,
          actual: {
            destinationArn: good.d.destinationArn,
            kmsKeyArn: good.d.kmsKeyArn,
            status: good.d.status,
          },
        },
      );
    }
    const first = judged[0]!;
    return fail(
      `the GuardDuty findings export does not work as the SRA expects: ${first.problems.join('; ')}`,
      {
        resource: `${detector}/publishingDestination/${first.d.id}`,
        expected,
        actual: judged.map((j) => ({
          destinationArn: j.d.destinationArn,
          kmsKeyArn: j.d.kmsKeyArn,
          status: j.d.status,
          problems: j.problems,
        })),
      },
    );
  },
});

/** The export family. */
export const EXPORT_CONTROLS: readonly Control[] = [findingsExport];
