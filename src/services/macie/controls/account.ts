/**
 * Amazon Macie in every account and governed Region: Macie is enabled (not suspended), it publishes both
 * policy and sensitive data findings to Security Hub, and its sensitive data discovery results go to a
 * bucket in the log archive account, encrypted with a KMS key.
 *
 * https://docs.aws.amazon.com/macie/latest/user/securityhub-integration.html (by default only policy
 * findings are published)
 * https://docs.aws.amazon.com/macie/latest/user/discovery-results-repository-s3.html (results repository:
 * an S3 bucket and a KMS key in the bucket's Region; one bucket can serve several Regions)
 * https://docs.aws.amazon.com/macie/latest/APIReference/classification-export-configuration.html
 */
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
} from '../../../verify/types.js';
import { MACIE, type MacieExportInfo } from '../collect.js';
import { MACIE_KEY, macieResource, noSession, outOfScope, sessionOf, sliceOf } from '../common.js';

/** Macie is enabled and running in the account and Region. */
export const macieEnabled = defineControl({
  id: 'macie.enabled',
  title: 'Amazon Macie is enabled in every account and governed Region',
  severity: 'high',
  capabilities: ['data-protection'],
  principles: ['protect-data-in-transit-and-at-rest', 'keep-people-away-from-data'],
  appliesTo: 'all',
  scope: 'region',
  service: 'macie',
  refs: { fsbp: ['Macie.1'], cis: ['2.1.3'] },
  risk:
    'Without Macie nobody learns that a bucket became public or unencrypted, or that sensitive data landed ' +
    'where it should not be.',
  remediation: {
    blueprint: MACIE_KEY,
    manual:
      'From the Macie delegated administrator, each Region: `aws macie2 create-member --account ' +
      'accountId=<id>,email=<email>` (which enables Macie for an organization account); a suspended account ' +
      'resumes with `aws macie2 update-macie-session --status ENABLED`.',
  },
  uses: [MACIE],
  evaluate(ctx) {
    const skip = outOfScope(ctx, { account: true });
    if (skip) return skip;
    const s = sessionOf(ctx);
    const resource = macieResource(ctx.region, ctx.account.id);
    if (s.status === 'ENABLED')
      return pass(`Amazon Macie is enabled in ${ctx.region}`, { resource, actual: s });
    const why = s.status === 'PAUSED' ? 'is suspended' : 'is not enabled';
    return fail(`Amazon Macie ${why} in ${ctx.region}`, {
      resource,
      expected: { status: 'ENABLED' },
      actual: s,
    });
  },
});

/** What distinguishes the two publication controls. */
interface PublicationSpec {
  id: string;
  kind: 'policy' | 'classification';
  sraVerify: string;
  risk: string;
}

function publicationControl(spec: PublicationSpec): Control {
  const field = spec.kind === 'policy' ? 'publishPolicyFindings' : 'publishClassificationFindings';
  const what = spec.kind === 'policy' ? 'policy findings' : 'sensitive data findings';
  return defineControl({
    id: spec.id,
    title: `Amazon Macie publishes ${what} to Security Hub`,
    severity: 'medium',
    capabilities: ['data-protection', 'security-assurance'],
    principles: ['enable-traceability', 'prepare-for-security-events'],
    appliesTo: 'all',
    scope: 'region',
    service: 'macie',
    refs: { sraVerify: [spec.sraVerify] },
    risk: spec.risk,
    remediation: {
      blueprint: MACIE_KEY,
      manual:
        'In the account, each Region: Macie console → Settings → Publication of findings → AWS Security Hub; or ' +
        '`aws macie2 put-findings-publication-configuration --security-hub-configuration ' +
        'publishPolicyFindings=true,publishClassificationFindings=true`.',
    },
    uses: [MACIE],
    evaluate(ctx) {
      const skip = outOfScope(ctx, { account: true }) ?? noSession(ctx);
      if (skip) return skip;
      const p = ctx.need(
        sliceOf(ctx).publication,
        `Macie publication settings of ${ctx.account.id} in ${ctx.region}`,
      );
      const resource = macieResource(ctx.region, ctx.account.id);
      return p[field]
        ? pass(`Macie publishes ${what} to Security Hub`, { resource, actual: { [field]: true } })
        : fail(`Macie does not publish ${what} to Security Hub in ${ctx.region}`, {
            resource,
            expected: { [field]: true },
            actual: { [field]: false },
          });
    },
  });
}

/** Policy findings published to Security Hub. */
export const publishesPolicyFindings = publicationControl({
  id: 'macie.publishes-policy-findings',
  kind: 'policy',
  sraVerify: 'SRA-MACIE-01',
  risk: 'Findings about buckets becoming public, unencrypted or shared stay in Macie, away from the central view.',
});

/** Sensitive data findings published to Security Hub. */
export const publishesClassificationFindings = publicationControl({
  id: 'macie.publishes-classification-findings',
  kind: 'classification',
  sraVerify: 'SRA-MACIE-02',
  risk: 'Discoveries of sensitive data stay in Macie, so the security tooling account never sees them centrally.',
});

/** The evaluated account's results repository (`null`: none). Throws (→ ERROR) when unread. */
function exportOf(ctx: EvalContext): MacieExportInfo | null {
  return ctx.need(sliceOf(ctx).export, `Macie classification export of ${ctx.account.id} in ${ctx.region}`);
}

/** Evidence that the bucket is in one of `logArchive`, and how it was found. */
function ownerEvidence(e: MacieExportInfo, logArchive: readonly string[]): { owner?: string; by: string } {
  if (e.expectedBucketOwner) return { owner: e.expectedBucketOwner, by: 'expectedBucketOwner' };
  const named = logArchive.find((id) => e.bucketName.includes(id));
  if (named) return { owner: named, by: 'the bucket name' };
  // The key must be in the bucket's Region; a log archive key is the usual companion of a log archive bucket.
  const keyAccount = e.kmsKeyArn?.split(':')[4];
  if (keyAccount && logArchive.includes(keyAccount)) return { owner: keyAccount, by: 'the KMS key account' };
  return { by: 'none' };
}

/** Classification results go to a bucket in the log archive account. */
export const resultsExportedToLogArchive = defineControl({
  id: 'macie.results-exported-to-log-archive',
  title: 'Amazon Macie stores its sensitive data discovery results in the log archive account',
  severity: 'medium',
  capabilities: ['data-protection', 'incident-response'],
  principles: ['enable-traceability', 'keep-people-away-from-data'],
  appliesTo: 'all',
  scope: 'region',
  service: 'macie',
  refs: { sraVerify: ['SRA-MACIE-03'] },
  risk:
    'Without a results repository Macie keeps discovery results for 90 days only; in any other account than ' +
    'the log archive they sit where workload administrators can change or delete them.',
  remediation: {
    blueprint: `${MACIE_KEY}.exportFindings`,
    manual:
      'In the account, each Region: `aws macie2 put-classification-export-configuration --configuration ' +
      "'s3Destination={bucketName=<log archive bucket>,expectedBucketOwner=<log archive>,kmsKeyArn=<key>}'`.",
  },
  uses: [MACIE],
  evaluate(ctx) {
    const skip = outOfScope(ctx, { account: true, export: true }) ?? noSession(ctx);
    if (skip) return skip;
    const e = exportOf(ctx);
    const resource = macieResource(ctx.region, ctx.account.id);
    const logArchive = ctx.roleAccounts['log-archive'] ?? [];
    const expected = {
      bucketOwner: logArchive.length > 0 ? logArchive.join(', ') : 'the log archive account',
    };
    if (!e) {
      return fail(`Macie has no repository for sensitive data discovery results in ${ctx.region}`, {
        resource,
        expected,
        actual: { repository: 'none' },
      });
    }
    if (logArchive.length === 0) {
      return notApplicable(
        `no account is known to be the log archive, so the owner of bucket ${e.bucketName} cannot be compared ` +
          'with it (declare accounts.logArchive in the blueprint)',
        resource,
      );
    }
    const o = ownerEvidence(e, logArchive);
    const actual = { bucketName: e.bucketName, bucketOwner: o.owner ?? 'unknown', evidence: o.by };
    return o.owner && logArchive.includes(o.owner)
      ? pass(`Macie results go to ${e.bucketName} in the log archive account ${o.owner}`, {
          resource,
          actual,
        })
      : fail(
          o.owner
            ? `Macie results go to ${e.bucketName}, owned by ${o.owner}, not the log archive account`
            : `Macie results go to ${e.bucketName}, which nothing shows to be in the log archive account`,
          { resource, expected, actual },
        );
  },
});

/** A KMS key ARN (key or alias). */
const KMS_ARN = /^arn:aws[-a-z]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/;

/** The exported results are encrypted with a KMS key. */
export const resultsExportEncrypted = defineControl({
  id: 'macie.results-export-encrypted',
  title: 'Amazon Macie encrypts the exported discovery results with a KMS key',
  severity: 'medium',
  capabilities: ['data-protection'],
  principles: ['protect-data-in-transit-and-at-rest'],
  appliesTo: 'all',
  scope: 'region',
  service: 'macie',
  refs: { sraVerify: ['SRA-MACIE-04'] },
  risk:
    'Discovery results describe where sensitive data lives (and carry samples of it); stored without a ' +
    'customer managed key, access to them is governed by the bucket alone.',
  remediation: {
    blueprint: `${MACIE_KEY}.exportFindings`,
    manual:
      'Create (or reuse) a symmetric KMS key in the bucket’s Region whose policy admits macie.amazonaws.com, then ' +
      'set it as kmsKeyArn with `aws macie2 put-classification-export-configuration`.',
  },
  uses: [MACIE],
  evaluate(ctx) {
    const skip = outOfScope(ctx, { account: true, export: true }) ?? noSession(ctx);
    if (skip) return skip;
    const e = exportOf(ctx);
    const resource = macieResource(ctx.region, ctx.account.id);
    if (!e) {
      return notApplicable(
        'Macie has no results repository to encrypt; macie.results-exported-to-log-archive reports the gap',
        resource,
      );
    }
    return e.kmsKeyArn && KMS_ARN.test(e.kmsKeyArn)
      ? pass(`Macie results in ${e.bucketName} are encrypted with ${e.kmsKeyArn}`, {
          resource,
          actual: { kmsKeyArn: e.kmsKeyArn },
        })
      : fail(`Macie results in ${e.bucketName} are not encrypted with a KMS key`, {
          resource,
          expected: { kmsKeyArn: 'a KMS key ARN' },
          actual: { kmsKeyArn: e.kmsKeyArn ?? 'none' },
        });
  },
});

/** The per-account family. */
export const ACCOUNT_CONTROLS: readonly Control[] = [
  macieEnabled,
  publishesPolicyFindings,
  publishesClassificationFindings,
  resultsExportedToLogArchive,
  resultsExportEncrypted,
];
