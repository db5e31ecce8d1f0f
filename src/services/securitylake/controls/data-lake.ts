/**
 * The organization's data lake in each governed Region: it exists and collects from every account, it is
 * encrypted with customer managed keys (the lake and its SQS queues), and the organization configuration
 * enrolls accounts that join later with the AWS default sources.
 */
import { ORGANIZATIONS_COLLECTOR_ID } from '../../organizations/collect.js';
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type EvalContext,
  type Outcome,
} from '../../../verify/types.js';
import { SECURITY_LAKE, lakeQueuePrefix, type SecurityLakeQueueInfo } from '../collect.js';
import {
  SECURITY_LAKE_KEY,
  expectedAccounts,
  isCustomerManagedKey,
  isOutcome,
  lakeArn,
  lakeView,
  regionExcluded,
  sample,
  sliceOf,
  usage,
} from '../common.js';

/**
 * The sources AWS enables by default for new accounts (S3 data events and WAF logs are left out because of
 * their volume).
 * https://docs.aws.amazon.com/security-lake/latest/userguide/internal-sources.html
 */
export const DEFAULT_AUTO_ENABLE_SOURCES = [
  'CLOUD_TRAIL_MGMT',
  'LAMBDA_EXECUTION',
  'EKS_AUDIT',
  'ROUTE53',
  'SH_FINDINGS',
  'VPC_FLOW',
] as const;

/** Security Lake runs in the Region and collects from every account of the organization. */
export const allAccountsCollected: Control = defineControl({
  id: 'security-lake.all-accounts-collected',
  title: 'Security Lake has a data lake in every governed Region that collects from every account',
  severity: 'high',
  capabilities: ['threat-detection', 'incident-response'],
  principles: ['enable-traceability', 'prepare-for-security-events'],
  appliesTo: ['log-archive'],
  scope: 'region',
  service: 'security-lake',
  refs: { sraVerify: ['SRA-SECURITYLAKE-01'] },
  risk:
    'An account or Region missing from the lake is a blind spot: investigations and detections that query ' +
    'the lake silently miss its activity.',
  remediation: {
    blueprint: `${SECURITY_LAKE_KEY}.targets`,
    manual:
      'From the delegated administrator: Security Lake console → Regions → enable the Region, then Sources → ' +
      'add the missing accounts (or `aws securitylake create-aws-log-source` with their account ids).',
  },
  uses: [SECURITY_LAKE, ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx) {
    const use = usage(ctx);
    if (isOutcome(use)) return use;
    const excluded = regionExcluded(ctx);
    if (excluded) return excluded;
    const expected = expectedAccounts(ctx);
    if (!use.admin) {
      return fail(
        'the blueprint asks for Security Lake but there is no delegated administrator, so no data lake',
        {
          expected: { dataLake: 'enabled', accounts: sample(expected) },
          actual: { delegatedAdministrator: 'none' },
        },
      );
    }
    const slice = sliceOf(ctx, use.admin);
    const lake = ctx.need(slice.dataLake, `Security Lake data lake of ${use.admin} in ${ctx.region}`);
    const resource = lake?.arn || lakeArn(ctx.region, use.admin);
    if (!lake || lake.createStatus === 'FAILED') {
      return fail(`the Security Lake administrator ${use.admin} has no working data lake in ${ctx.region}`, {
        resource,
        expected: { dataLake: 'enabled' },
        actual: { dataLake: lake ? `createStatus ${lake.createStatus}` : 'none' },
      });
    }
    const sources = ctx.need(slice.sources, `Security Lake log sources in ${ctx.region}`);
    const missing = expected.filter((a) => Object.keys(sources[a] ?? {}).length === 0);
    if (missing.length > 0) {
      return fail(
        `${missing.length} of ${expected.length} accounts contribute no log source in ${ctx.region}`,
        {
          resource,
          expected: { accountsWithoutSources: 0 },
          actual: { accountsWithoutSources: sample(missing) },
        },
      );
    }
    return pass(`all ${expected.length} accounts contribute log sources to the lake in ${ctx.region}`, {
      resource,
      actual: { accounts: expected.length },
    });
  },
});

/** Which of the lake's queues a queue-encryption control is about. */
type QueueKind = 'queue' | 'dead-letter queue';

/** How a queue is encrypted, in words for evidence. */
function encryptionOf(q: SecurityLakeQueueInfo): string {
  if (q.kmsKeyId) return `SSE-KMS with ${q.kmsKeyId}`;
  return q.sqsManagedSse ? 'SSE-SQS (SQS-owned key)' : 'no server-side encryption';
}

/**
 * PASS when the queue uses SSE-KMS with a customer managed key; FAIL for SSE-SQS, the AWS managed key
 * `alias/aws/sqs`, no encryption, or a queue that is missing although the lake exists (Security Lake creates
 * both queues with the lake, so a missing one is a broken or hand-altered deployment).
 */
function queueEncryption(ctx: EvalContext, kind: QueueKind): Outcome {
  const view = lakeView(ctx);
  if (isOutcome(view)) return view;
  const queues = ctx.need(
    view.slice.queues,
    `the Security Lake SQS queues of ${view.admin} in ${ctx.region}`,
  );
  const q = kind === 'queue' ? queues.queue : queues.deadLetterQueue;
  const expected = 'SSE-KMS with a customer managed KMS key (KmsMasterKeyId)';
  const name = `${lakeQueuePrefix(ctx.region)}-${kind === 'queue' ? 'Queue' : 'Dlq'}`;
  if (!q) {
    return fail(`the Security Lake SQS ${kind} (${name}) was not found in ${view.admin}`, {
      resource: view.lake.arn,
      expected,
      actual: { queue: name, found: false },
    });
  }
  return isCustomerManagedKey(q.kmsKeyId)
    ? pass(`the Security Lake SQS ${kind} ${q.name} is encrypted with customer managed key ${q.kmsKeyId}`, {
        resource: q.arn,
        actual: { queue: q.name, encryption: encryptionOf(q) },
      })
    : fail(`the Security Lake SQS ${kind} ${q.name} is not encrypted with a customer managed KMS key`, {
        resource: q.arn,
        expected,
        actual: { queue: q.name, encryption: encryptionOf(q) },
      });
}

const QUEUE_RISK =
  'The lake’s queues carry notifications about every new object in the lake. With an AWS managed or ' +
  'SQS-owned key, nobody in the organization can restrict or audit who decrypts them through the key policy.';

/** The lake's main SQS queue is encrypted with a customer managed KMS key. */
export const queueEncryptedCmk: Control = defineControl({
  id: 'security-lake.queue-encrypted-cmk',
  title: 'The Security Lake SQS queue is encrypted with a customer managed KMS key',
  severity: 'medium',
  capabilities: ['data-protection', 'threat-detection'],
  principles: ['protect-data-in-transit-and-at-rest'],
  appliesTo: ['log-archive'],
  scope: 'region',
  service: 'security-lake',
  refs: { sraVerify: ['SRA-SECURITYLAKE-02'] },
  risk: QUEUE_RISK,
  remediation: {
    blueprint: SECURITY_LAKE_KEY,
    manual:
      'In the delegated administrator: SQS console → AmazonSecurityLakeManager-<region>-Queue → Edit → ' +
      'Encryption → SSE-KMS with a customer managed key (`aws sqs set-queue-attributes --attributes ' +
      'KmsMasterKeyId=<key-arn>`); the key policy must admit Security Lake and its Lambda.',
  },
  uses: [SECURITY_LAKE, ORGANIZATIONS_COLLECTOR_ID],
  evaluate: (ctx) => queueEncryption(ctx, 'queue'),
});

/** The lake's dead-letter SQS queue is encrypted with a customer managed KMS key. */
export const deadLetterQueueEncryptedCmk: Control = defineControl({
  id: 'security-lake.dead-letter-queue-encrypted-cmk',
  title: 'The Security Lake SQS dead-letter queue is encrypted with a customer managed KMS key',
  severity: 'medium',
  capabilities: ['data-protection', 'threat-detection'],
  principles: ['protect-data-in-transit-and-at-rest'],
  appliesTo: ['log-archive'],
  scope: 'region',
  service: 'security-lake',
  refs: { sraVerify: ['SRA-SECURITYLAKE-03'] },
  risk: QUEUE_RISK,
  remediation: {
    blueprint: SECURITY_LAKE_KEY,
    manual:
      'In the delegated administrator: SQS console → AmazonSecurityLakeManager-<region>-Dlq → ' +
      'Edit → Encryption → SSE-KMS with a customer managed key (`aws sqs set-queue-attributes --attributes ' +
      'KmsMasterKeyId=<key-arn>`); the key policy must admit Security Lake and its Lambda.',
  },
  uses: [SECURITY_LAKE, ORGANIZATIONS_COLLECTOR_ID],
  evaluate: (ctx) => queueEncryption(ctx, 'dead-letter queue'),
});

/** The data lake (its S3 objects) is encrypted with a customer managed KMS key. */
export const dataLakeEncryptedCmk: Control = defineControl({
  id: 'security-lake.data-lake-encrypted-cmk',
  title: 'The Security Lake data lake is encrypted with a customer managed KMS key',
  severity: 'medium',
  capabilities: ['data-protection', 'threat-detection'],
  principles: ['protect-data-in-transit-and-at-rest', 'keep-people-away-from-data'],
  appliesTo: ['log-archive'],
  scope: 'region',
  service: 'security-lake',
  refs: {},
  risk:
    'With S3-managed keys, anyone allowed to read the bucket reads the logs: there is no key policy to limit ' +
    'decryption to the lake’s subscribers or to record every decryption in CloudTrail.',
  remediation: {
    blueprint: SECURITY_LAKE_KEY,
    manual:
      'Create a KMS key in the log archive account whose policy admits Security Lake, then ' +
      '`aws securitylake update-data-lake --configurations \'[{"region":"<region>","encryptionConfiguration":' +
      '{"kmsKeyId":"<key-arn>"}}]\'`.',
  },
  uses: [SECURITY_LAKE, ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx) {
    const view = lakeView(ctx);
    if (isOutcome(view)) return view;
    const key = view.lake.kmsKeyId;
    return isCustomerManagedKey(key)
      ? pass(`the data lake in ${ctx.region} is encrypted with KMS key ${key}`, {
          resource: view.lake.arn,
          actual: key,
        })
      : fail(`the data lake in ${ctx.region} is not encrypted with a customer managed KMS key`, {
          resource: view.lake.arn,
          expected: 'a customer managed KMS key',
          actual: key,
        });
  },
});

/** An organization configuration enrolls accounts that join later. */
export const organizationConfiguration: Control = defineControl({
  id: 'security-lake.organization-configuration',
  title: 'Security Lake enrolls new organization accounts automatically in every governed Region',
  severity: 'medium',
  capabilities: ['threat-detection', 'security-governance'],
  principles: ['automate-security-best-practices', 'enable-traceability'],
  appliesTo: ['log-archive'],
  scope: 'region',
  service: 'security-lake',
  refs: { sraVerify: ['SRA-SECURITYLAKE-04'] },
  risk:
    'Without an organization configuration, every account created or invited later stays out of the lake ' +
    'until somebody adds it by hand.',
  remediation: {
    blueprint: SECURITY_LAKE_KEY,
    manual:
      'From the delegated administrator: Security Lake console → Settings → Organization configuration, or ' +
      '`aws securitylake create-data-lake-organization-configuration --auto-enable-new-account ' +
      '\'[{"region":"<region>","sources":[{"sourceName":"CLOUD_TRAIL_MGMT","sourceVersion":"2.0"}, …]}]\'`.',
  },
  uses: [SECURITY_LAKE, ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx) {
    const view = lakeView(ctx);
    if (isOutcome(view)) return view;
    const auto = ctx.need(view.slice.autoEnable, `Security Lake organization configuration in ${ctx.region}`);
    return auto
      ? pass(`new accounts are enrolled automatically in ${ctx.region}`, {
          resource: view.lake.arn,
          actual: { autoEnabledSources: Object.keys(auto).sort() },
        })
      : fail(`no organization configuration enrolls new accounts in ${ctx.region}`, {
          resource: view.lake.arn,
          expected: { autoEnableNewAccount: 'configured' },
          actual: { autoEnableNewAccount: 'none' },
        });
  },
});

/** The organization configuration auto-enables at least the AWS default sources. */
export const autoEnableDefaults: Control = defineControl({
  id: 'security-lake.auto-enable-default-sources',
  title: 'Security Lake auto-enables at least the AWS default log sources for new accounts',
  severity: 'medium',
  capabilities: ['threat-detection'],
  principles: ['automate-security-best-practices', 'enable-traceability'],
  appliesTo: ['log-archive'],
  scope: 'region',
  service: 'security-lake',
  refs: { sraVerify: ['SRA-SECURITYLAKE-05'] },
  risk:
    'New accounts enrolled with fewer sources than AWS recommends leave gaps (for example no DNS or VPC flow ' +
    'logs) that only show up during an investigation.',
  remediation: {
    blueprint: SECURITY_LAKE_KEY,
    manual:
      'From the delegated administrator, add the missing sources to the organization configuration with ' +
      '`aws securitylake create-data-lake-organization-configuration` (the new sources are merged with the ' +
      'existing ones).',
  },
  uses: [SECURITY_LAKE, ORGANIZATIONS_COLLECTOR_ID],
  evaluate(ctx) {
    const view = lakeView(ctx);
    if (isOutcome(view)) return view;
    const auto = ctx.need(view.slice.autoEnable, `Security Lake organization configuration in ${ctx.region}`);
    if (!auto) {
      return notApplicable(
        `no organization configuration in ${ctx.region}; security-lake.organization-configuration reports the gap`,
        view.lake.arn,
      );
    }
    const missing = DEFAULT_AUTO_ENABLE_SOURCES.filter((s) => !(s in auto));
    return missing.length === 0
      ? pass(`new accounts get every AWS default source in ${ctx.region}`, {
          resource: view.lake.arn,
          actual: Object.keys(auto).sort(),
        })
      : fail(`new accounts would not get ${missing.join(', ')} in ${ctx.region}`, {
          resource: view.lake.arn,
          expected: [...DEFAULT_AUTO_ENABLE_SOURCES],
          actual: Object.keys(auto).sort(),
        });
  },
});

/** The data lake controls. */
export const dataLakeControls: readonly Control[] = [
  allAccountsCollected,
  queueEncryptedCmk,
  deadLetterQueueEncryptedCmk,
  dataLakeEncryptedCmk,
  organizationConfiguration,
  autoEnableDefaults,
];
