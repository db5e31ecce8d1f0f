/**
 * CloudTrail controls, family "organization trail": one organization trail (from the management
 * account or the CloudTrail delegated administrator; Control Tower's `aws-controltower-*` trail counts)
 * that records every account and Region, encrypted, validated, logging, and delivering to the log
 * archive and CloudWatch Logs. Evaluated once for the organization (management account).
 *
 * Property controls report one outcome per organization trail. When there is no organization trail at
 * all, only `cloudtrail.org-trail-exists` fails; the others are NOT_APPLICABLE and point to it, so one
 * gap is one finding. Delivery controls are NOT_APPLICABLE while the trail is not logging (that gap is
 * `cloudtrail.org-trail-logging`'s).
 */
import type { EvalContext, Outcome } from '../../verify/types.js';
import { defineControl, fail, notApplicable, pass, type Control } from '../../verify/types.js';
import { logArchiveHoldsBucket } from '../s3/ownership.js';
import { S3 } from '../s3/collect.js';
import { CLOUDTRAIL, cloudTrailSliceOf, type OrgTrailInfo, type TrailStatusInfo } from './collect.js';
import { managementCoverage, recordsAllManagementEvents } from './selectors.js';

const BLUEPRINT_TRAIL = 'threatDetection.cloudtrail.organizationTrail';

/** Shared metadata of the organization-trail controls. */
const base = {
  capabilities: ['threat-detection', 'security-assurance'],
  principles: ['enable-traceability'],
  appliesTo: ['management'],
  scope: 'organization',
  service: 'cloudtrail',
  uses: [CLOUDTRAIL],
} as const satisfies Partial<Control>;

/** The organization trails (ERROR when they could not be read). */
export function orgTrailsOf(ctx: EvalContext): OrgTrailInfo[] {
  return ctx.need(cloudTrailSliceOf(ctx.inventory.organization)?.orgTrails, 'organization trails');
}

const NO_TRAIL = 'there is no organization trail (see cloudtrail.org-trail-exists)';

/** The blueprint's organization trail settings, when verify runs with a blueprint. */
function wanted(ctx: EvalContext) {
  return ctx.blueprint?.threatDetection.cloudtrail.organizationTrail;
}

/** Whether the blueprint leaves the organization trail to Control Tower or turns it off. */
function trailNotWanted(ctx: EvalContext): boolean {
  const bp = ctx.blueprint;
  if (!bp) return false;
  const ct = bp.organization.controlTower;
  return !bp.threatDetection.cloudtrail.organizationTrail.enabled && !(ct.enabled && ct.managesCloudTrail);
}

/** Runs `check` on every organization trail; NOT_APPLICABLE when there is none. */
function perTrail(ctx: EvalContext, check: (t: OrgTrailInfo) => Outcome): Outcome[] {
  const trails = orgTrailsOf(ctx);
  if (trails.length === 0) return [notApplicable(NO_TRAIL)];
  return trails.map((t) => ({ resource: t.arn, ...check(t) }));
}

/** Whether a trail records management events at all (a data-events-only trail does not). */
function recordsManagement(t: OrgTrailInfo): boolean | undefined {
  if (!t.selectors.ok) return undefined;
  const c = managementCoverage(t.selectors.value);
  return c.read || c.write;
}

/** An organization trail exists. */
export const orgTrailExists = defineControl({
  ...base,
  id: 'cloudtrail.org-trail-exists',
  title: 'An organization trail records activity in every account of the organization',
  severity: 'critical',
  refs: { sraVerify: ['SRA-CLOUDTRAIL-01'], fsbp: ['CloudTrail.1'], cis: ['3.1'] },
  risk:
    'Without an organization trail, API activity in member accounts is only recorded if each account ' +
    'keeps its own trail; new accounts start unrecorded and a compromised account can hide its tracks.',
  remediation: {
    blueprint: `${BLUEPRINT_TRAIL}.enabled`,
    manual:
      'From the management account (or the CloudTrail delegated administrator): CloudTrail console → ' +
      'Trails → Create trail → "Enable for all accounts in my organization", or ' +
      '`aws cloudtrail create-trail --is-organization-trail --is-multi-region-trail …`.',
  },
  evaluate(ctx) {
    const trails = orgTrailsOf(ctx);
    if (trails.length > 0) {
      return pass(`${trails.length} organization trail(s): ${trails.map((t) => t.name).join(', ')}`, {
        actual: trails.map((t) => t.arn),
      });
    }
    if (trailNotWanted(ctx)) {
      return notApplicable(
        `the blueprint turns the organization trail off (${BLUEPRINT_TRAIL}.enabled: false) and Control ` +
          'Tower does not manage one',
      );
    }
    return fail('the management account has no organization trail', {
      expected: 'at least one organization trail',
      actual: 'none',
    });
  },
});

/** Some organization trail records all management events. */
export const orgTrailManagementEvents = defineControl({
  ...base,
  id: 'cloudtrail.org-trail-management-events',
  title: 'An organization trail records all read and write management events, with no exclusions',
  severity: 'high',
  refs: { fsbp: ['CloudTrail.1'], cis: ['3.1'] },
  risk:
    'A trail that records only writes, or leaves out event sources such as KMS or RDS Data API, misses ' +
    'the reconnaissance and data-access calls an investigation needs.',
  remediation: {
    blueprint: `${BLUEPRINT_TRAIL}.managementEvents`,
    manual:
      'CloudTrail console → the organization trail → Management events → API activity: Read and Write, ' +
      'no excluded event sources (or `aws cloudtrail put-event-selectors`).',
  },
  evaluate(ctx) {
    const trails = orgTrailsOf(ctx);
    if (trails.length === 0) return notApplicable(NO_TRAIL);
    const covered: string[] = [];
    const partial: Record<string, unknown> = {};
    for (const t of trails) {
      const sel = ctx.need(t.selectors, `event selectors of ${t.name}`);
      if (recordsAllManagementEvents(sel)) covered.push(t.arn);
      else partial[t.name] = managementCoverage(sel);
    }
    if (covered.length > 0) return pass('management events are recorded in full', { actual: covered });
    return fail('no organization trail records all read and write management events', {
      expected: { read: true, write: true, exclusions: [] },
      actual: partial,
    });
  },
});

/** Organization trails are multi-Region. */
export const orgTrailMultiRegion = defineControl({
  ...base,
  id: 'cloudtrail.org-trail-multi-region',
  title: 'Organization trails record every AWS Region',
  severity: 'high',
  refs: { sraVerify: ['SRA-CLOUDTRAIL-04'], fsbp: ['CloudTrail.1'], cis: ['3.1'] },
  risk:
    'A single-Region trail leaves every other Region unrecorded — exactly where an attacker starts ' +
    'resources to stay out of sight.',
  remediation: {
    blueprint: `${BLUEPRINT_TRAIL}.multiRegion`,
    manual:
      '`aws cloudtrail update-trail --name <trail> --is-multi-region-trail` from the trail’s home Region.',
  },
  evaluate: (ctx) =>
    perTrail(ctx, (t) =>
      t.isMultiRegionTrail
        ? pass(`${t.name} is multi-Region`)
        : wanted(ctx)?.multiRegion === false
          ? notApplicable(
              `the blueprint asks for a single-Region trail (${BLUEPRINT_TRAIL}.multiRegion: false)`,
            )
          : fail(`${t.name} records only ${t.homeRegion}`, {
              expected: { isMultiRegionTrail: true },
              actual: { isMultiRegionTrail: false, homeRegion: t.homeRegion },
            }),
    ),
});

/** Organization trails record global service events. */
export const orgTrailGlobalEvents = defineControl({
  ...base,
  id: 'cloudtrail.org-trail-global-events',
  title: 'Organization trails record events of global services (IAM, STS, CloudFront)',
  severity: 'medium',
  refs: { sraVerify: ['SRA-CLOUDTRAIL-06'] },
  risk: 'Without global service events, IAM changes — new users, keys and policies — go unrecorded.',
  remediation: {
    blueprint: BLUEPRINT_TRAIL,
    manual: '`aws cloudtrail update-trail --name <trail> --include-global-service-events`.',
  },
  evaluate: (ctx) =>
    perTrail(ctx, (t) =>
      t.includeGlobalServiceEvents
        ? pass(`${t.name} records global service events`)
        : fail(`${t.name} leaves out global service events`, {
            expected: { includeGlobalServiceEvents: true },
            actual: { includeGlobalServiceEvents: false },
          }),
    ),
});

/** Organization trails are encrypted with KMS. */
export const orgTrailKms = defineControl({
  ...base,
  id: 'cloudtrail.org-trail-kms',
  title: 'Organization trail log files are encrypted with a KMS key',
  severity: 'medium',
  capabilities: ['threat-detection', 'data-protection'],
  principles: ['enable-traceability', 'protect-data-in-transit-and-at-rest'],
  refs: { sraVerify: ['SRA-CLOUDTRAIL-02'], fsbp: ['CloudTrail.2'], cis: ['3.5'] },
  risk:
    'With SSE-S3 only, anyone who can read the bucket can read the logs; a KMS key adds a second, ' +
    'separately audited permission and lets you cut access by disabling the key.',
  remediation: {
    blueprint: `${BLUEPRINT_TRAIL}.kms`,
    manual:
      'Create a KMS key whose policy admits cloudtrail.amazonaws.com for the trail, then ' +
      '`aws cloudtrail update-trail --name <trail> --kms-key-id <key-arn>`.',
  },
  evaluate: (ctx) =>
    perTrail(ctx, (t) =>
      t.kmsKeyId
        ? pass(`${t.name} is encrypted with ${t.kmsKeyId}`, { actual: { kmsKeyId: t.kmsKeyId } })
        : wanted(ctx)?.kms === false
          ? notApplicable(`the blueprint turns KMS encryption off (${BLUEPRINT_TRAIL}.kms: false)`)
          : fail(`${t.name} is not encrypted with a KMS key`, {
              expected: { kmsKeyId: 'a KMS key ARN' },
              actual: { kmsKeyId: null },
            }),
    ),
});

/** Organization trails validate log files. */
export const orgTrailLogFileValidation = defineControl({
  ...base,
  id: 'cloudtrail.org-trail-log-file-validation',
  title: 'Organization trails have log file integrity validation enabled',
  severity: 'medium',
  refs: { sraVerify: ['SRA-CLOUDTRAIL-03'], fsbp: ['CloudTrail.4'], cis: ['3.2'] },
  risk: 'Without digest files nobody can prove a log file was not altered or deleted after delivery.',
  remediation: {
    blueprint: `${BLUEPRINT_TRAIL}.logFileValidation`,
    manual: '`aws cloudtrail update-trail --name <trail> --enable-log-file-validation`.',
  },
  evaluate: (ctx) =>
    perTrail(ctx, (t) =>
      t.logFileValidationEnabled
        ? pass(`${t.name} validates log files`)
        : wanted(ctx)?.logFileValidation === false
          ? notApplicable(`the blueprint turns validation off (${BLUEPRINT_TRAIL}.logFileValidation: false)`)
          : fail(`${t.name} does not validate log files`, {
              expected: { logFileValidationEnabled: true },
              actual: { logFileValidationEnabled: false },
            }),
    ),
});

/** Organization trails send events to CloudWatch Logs. */
export const orgTrailCloudWatchLogs = defineControl({
  ...base,
  id: 'cloudtrail.org-trail-cloudwatch-logs',
  title: 'Organization trails recording management events also send them to CloudWatch Logs',
  severity: 'low',
  capabilities: ['threat-detection', 'incident-response'],
  principles: ['enable-traceability', 'prepare-for-security-events'],
  refs: { sraVerify: ['SRA-CLOUDTRAIL-05'], fsbp: ['CloudTrail.5'] },
  risk:
    'Without CloudWatch Logs, metric filters and alarms on root logins, policy changes or console ' +
    'sign-in failures cannot run, and investigations wait for S3 delivery.',
  remediation: {
    blueprint: `${BLUEPRINT_TRAIL}.cloudWatchLogs.enabled`,
    manual:
      'Create a log group and a role CloudTrail can assume to write to it, then ' +
      '`aws cloudtrail update-trail --name <trail> --cloud-watch-logs-log-group-arn … --cloud-watch-logs-role-arn …`.',
  },
  evaluate: (ctx) =>
    perTrail(ctx, (t) => {
      if (t.cloudWatchLogsLogGroupArn) {
        return pass(`${t.name} sends events to ${t.cloudWatchLogsLogGroupArn}`, {
          actual: { cloudWatchLogsLogGroupArn: t.cloudWatchLogsLogGroupArn },
        });
      }
      if (wanted(ctx)?.cloudWatchLogs.enabled === false) {
        return notApplicable(
          `the blueprint turns CloudWatch Logs off (${BLUEPRINT_TRAIL}.cloudWatchLogs.enabled: false)`,
        );
      }
      if (ctx.need(t.selectors, `event selectors of ${t.name}`) && recordsManagement(t) === false) {
        return notApplicable(`${t.name} records data events only`);
      }
      return fail(`${t.name} has no CloudWatch Logs log group`, {
        expected: { cloudWatchLogsLogGroupArn: 'a log group ARN' },
        actual: { cloudWatchLogsLogGroupArn: null },
      });
    }),
});

/** Organization trails are logging. */
export const orgTrailLogging = defineControl({
  ...base,
  id: 'cloudtrail.org-trail-logging',
  title: 'Organization trails are logging',
  severity: 'critical',
  refs: { sraVerify: ['SRA-CLOUDTRAIL-07'] },
  risk: 'A stopped organization trail records nothing in any account: an organization-wide blind spot.',
  remediation: {
    blueprint: BLUEPRINT_TRAIL,
    manual: '`aws cloudtrail start-logging --name <trail-arn>` from the trail’s home Region.',
  },
  evaluate: (ctx) =>
    perTrail(ctx, (t) => {
      const s = ctx.need(t.status, `status of ${t.name}`);
      return s.isLogging
        ? pass(`${t.name} is logging`, { actual: { isLogging: true, since: s.startLoggingTime } })
        : fail(`${t.name} is not logging`, {
            expected: { isLogging: true },
            actual: { isLogging: false, stoppedAt: s.stopLoggingTime ?? null },
          });
    }),
});

/** Delivery evidence check shared by the three delivery controls. */
function delivery(
  t: OrgTrailInfo,
  what: string,
  time: string | undefined,
  error: string | undefined,
): Outcome {
  if (error) {
    return fail(`${t.name}: the last ${what} delivery failed with ${error}`, {
      expected: { deliveryError: null },
      actual: { deliveryError: error, lastSuccess: time ?? null },
    });
  }
  if (!time) {
    return fail(`${t.name} has not delivered ${what} files yet`, {
      expected: { lastDelivery: 'a delivery time' },
      actual: { lastDelivery: null },
    });
  }
  return pass(`${t.name} delivered ${what} files at ${time}`, { actual: { lastDelivery: time } });
}

/** Runs a delivery check on logging trails only. */
function whileLogging(ctx: EvalContext, t: OrgTrailInfo, check: (s: TrailStatusInfo) => Outcome): Outcome {
  const s = ctx.need(t.status, `status of ${t.name}`);
  if (!s.isLogging) return notApplicable(`${t.name} is not logging (see cloudtrail.org-trail-logging)`);
  return check(s);
}

/** Organization trails deliver to S3 without errors. */
export const orgTrailS3Delivery = defineControl({
  ...base,
  id: 'cloudtrail.org-trail-s3-delivery',
  title: 'Organization trails deliver log files to their S3 bucket without errors',
  severity: 'high',
  refs: { sraVerify: ['SRA-CLOUDTRAIL-08'] },
  risk:
    'A trail that logs but cannot write (bucket policy, deleted bucket, disabled key) loses events while ' +
    'looking healthy in the console.',
  remediation: {
    blueprint: BLUEPRINT_TRAIL,
    manual:
      'Fix the error GetTrailStatus reports: the bucket must exist and its policy admit ' +
      'cloudtrail.amazonaws.com (s3:GetBucketAcl, s3:PutObject under AWSLogs/), and the KMS key must be ' +
      'enabled with a policy that lets CloudTrail generate data keys.',
  },
  evaluate: (ctx) =>
    perTrail(ctx, (t) =>
      whileLogging(ctx, t, (s) => delivery(t, 'log', s.latestDeliveryTime, s.latestDeliveryError)),
    ),
});

/** Organization trails deliver to CloudWatch Logs without errors. */
export const orgTrailCloudWatchDelivery = defineControl({
  ...base,
  id: 'cloudtrail.org-trail-cloudwatch-delivery',
  title: 'Organization trails deliver events to CloudWatch Logs without errors',
  severity: 'medium',
  capabilities: ['threat-detection', 'incident-response'],
  principles: ['enable-traceability', 'prepare-for-security-events'],
  refs: { sraVerify: ['SRA-CLOUDTRAIL-09'] },
  risk: 'Alarms built on the trail’s log group stay silent when CloudTrail cannot write to it.',
  remediation: {
    blueprint: `${BLUEPRINT_TRAIL}.cloudWatchLogs`,
    manual:
      'Check that the log group exists and that the CloudWatch Logs role trusts cloudtrail.amazonaws.com ' +
      'and may call logs:CreateLogStream and logs:PutLogEvents on it.',
  },
  evaluate: (ctx) =>
    perTrail(ctx, (t) => {
      if (!t.cloudWatchLogsLogGroupArn) {
        return notApplicable(
          `${t.name} has no CloudWatch Logs log group (see cloudtrail.org-trail-cloudwatch-logs)`,
        );
      }
      return whileLogging(ctx, t, (s) =>
        delivery(
          t,
          'CloudWatch Logs',
          s.latestCloudWatchLogsDeliveryTime,
          s.latestCloudWatchLogsDeliveryError,
        ),
      );
    }),
});

/** Organization trails deliver digest files. */
export const orgTrailDigestDelivery = defineControl({
  ...base,
  id: 'cloudtrail.org-trail-digest-delivery',
  title: 'Organization trails deliver log file validation digests to their bucket',
  severity: 'medium',
  refs: { sraVerify: ['SRA-CLOUDTRAIL-10'] },
  risk: 'Validation is on in name only when digest files do not arrive: integrity can no longer be proven.',
  remediation: {
    blueprint: `${BLUEPRINT_TRAIL}.logFileValidation`,
    manual: 'Fix the digest delivery error GetTrailStatus reports (bucket policy or KMS key policy).',
  },
  evaluate: (ctx) =>
    perTrail(ctx, (t) => {
      if (!t.logFileValidationEnabled) {
        return notApplicable(
          `${t.name} does not validate log files (see cloudtrail.org-trail-log-file-validation)`,
        );
      }
      return whileLogging(ctx, t, (s) =>
        delivery(t, 'digest', s.latestDigestDeliveryTime, s.latestDigestDeliveryError),
      );
    }),
});

/** Organization trails deliver to a bucket in the log archive account. */
export const orgTrailBucketInLogArchive = defineControl({
  ...base,
  id: 'cloudtrail.org-trail-bucket-in-log-archive',
  title: 'Organization trails deliver to a bucket in the log archive account',
  severity: 'high',
  uses: [CLOUDTRAIL, S3],
  capabilities: ['threat-detection', 'security-governance'],
  principles: ['enable-traceability', 'keep-people-away-from-data'],
  refs: { sraVerify: ['SRA-CLOUDTRAIL-11'] },
  risk:
    'Logs kept in the management or a workload account can be read, changed or deleted by the people ' +
    'and workloads they are meant to watch.',
  remediation: {
    blueprint: 'accounts.logArchive',
    manual:
      'Create the bucket in the log archive account with a policy admitting CloudTrail for the ' +
      'organization, then `aws cloudtrail update-trail --name <trail> --s3-bucket-name <bucket>`.',
  },
  evaluate: (ctx) =>
    perTrail(ctx, (t) => logArchiveHoldsBucket(ctx, t.s3BucketName, `${t.name}'s bucket`, t.arn)),
});

/** Every control of the organization-trail family. */
export const ORG_TRAIL_CONTROLS: readonly Control[] = [
  orgTrailExists,
  orgTrailManagementEvents,
  orgTrailMultiRegion,
  orgTrailGlobalEvents,
  orgTrailKms,
  orgTrailLogFileValidation,
  orgTrailCloudWatchLogs,
  orgTrailLogging,
  orgTrailS3Delivery,
  orgTrailCloudWatchDelivery,
  orgTrailDigestDelivery,
  orgTrailBucketInLogArchive,
];
