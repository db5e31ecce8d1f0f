/**
 * What the organization trail should look like, as pure data from the blueprint: names of the trail,
 * its CloudWatch Logs log group and role, the role's policies and the event selectors.
 */
import type { Blueprint } from '../../blueprint/schema.js';
import type { TrailSelectorsInfo } from '../../services/cloudtrail/collect.js';
import { dataCoverage, hasDataSelectors, managementCoverage } from '../../services/cloudtrail/selectors.js';

/** Feature id. */
export const CLOUDTRAIL = 'cloudtrail';

/** Role CloudTrail assumes to write to CloudWatch Logs (in the management account). */
export const CLOUDWATCH_ROLE_NAME = 'sra-cloudtrail-cloudwatch-logs';

/** Name of the role's inline policy. */
export const CLOUDWATCH_ROLE_POLICY = 'sra-cloudtrail-to-cloudwatch-logs';

/** Prefix of Control Tower's trails, which sra-kit never touches. */
export const CONTROL_TOWER_TRAIL_PREFIX = 'aws-controltower-';

/** The trail settings the blueprint asks for (after Control Tower coexistence). */
export interface TrailWant {
  name: string;
  multiRegion: boolean;
  logFileValidation: boolean;
  kms: boolean;
  managementEvents: boolean;
  s3DataEvents: boolean;
  lambdaDataEvents: boolean;
  /** CloudWatch Logs delivery, when on. */
  cloudWatch?: { logGroupName: string; logGroupArn: string; roleArn: string; retentionDays: number };
}

/** The blueprint's trail; `dataEventsOnly` is true under Control Tower when it runs its own trail. */
export function trailWant(
  blueprint: Blueprint,
  management: string,
  homeRegion: string,
): TrailWant & { dataEventsOnly: boolean } {
  const t = blueprint.threatDetection.cloudtrail.organizationTrail;
  const ct = blueprint.organization.controlTower;
  const dataEventsOnly = ct.enabled && ct.managesCloudTrail;
  return {
    name: t.name,
    multiRegion: t.multiRegion,
    logFileValidation: t.logFileValidation,
    kms: t.kms,
    // Beside Control Tower's trail, a second copy of management events is only cost (SRA.md §5).
    managementEvents: dataEventsOnly ? false : t.managementEvents,
    s3DataEvents: t.dataEvents.s3,
    lambdaDataEvents: t.dataEvents.lambda,
    dataEventsOnly,
    ...(t.cloudWatchLogs.enabled
      ? {
          cloudWatch: {
            logGroupName: t.name,
            // CloudTrail wants the log group ARN in its `:*` form.
            // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
            logGroupArn: `arn:aws:logs:${homeRegion}:${management}:log-group:${t.name}:*`,
            roleArn: `arn:aws:iam::${management}:role/${CLOUDWATCH_ROLE_NAME}`,
            retentionDays: t.cloudWatchLogs.retentionDays,
          },
        }
      : {}),
  };
}

/** True when the trail would record nothing (no management events and no data events). */
export function recordsNothing(w: TrailWant): boolean {
  return !w.managementEvents && !w.s3DataEvents && !w.lambdaDataEvents;
}

/**
 * Basic event selectors for the wanted events: management events (read and write) when on, and data
 * events for every S3 object (`arn:aws:s3`) and every Lambda function (`arn:aws:lambda`) when chosen.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
 */
export function eventSelectors(w: TrailWant) {
  return [
    {
      ReadWriteType: 'All' as const,
      IncludeManagementEvents: w.managementEvents,
      DataResources: [
        ...(w.s3DataEvents ? [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] : []),
        ...(w.lambdaDataEvents ? [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] : []),
      ],
    },
  ];
}

/** True when the observed selectors record exactly what `w` wants (basic or advanced selectors alike). */
export function selectorsMatch(s: TrailSelectorsInfo, w: TrailWant): boolean {
  const m = managementCoverage(s);
  const mgmtOk = w.managementEvents ? m.read && m.write && m.exclusions.length === 0 : !m.read && !m.write;
  const data = (type: 'AWS::S3::Object' | 'AWS::Lambda::Function', want: boolean) => {
    if (!want) return !hasDataSelectors(s, type);
    const c = dataCoverage(s, type);
    return c.read && c.write;
  };
  return (
    mgmtOk && data('AWS::S3::Object', w.s3DataEvents) && data('AWS::Lambda::Function', w.lambdaDataEvents)
  );
}

/** A new trail records all management events and no data events until selectors are put. */
export function defaultSelectorsSuffice(w: TrailWant): boolean {
  return w.managementEvents && !w.s3DataEvents && !w.lambdaDataEvents;
}

/**
 * Trust policy of the CloudWatch Logs role: CloudTrail, for trails of this account only.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
 */
export function cloudWatchRoleTrust(management: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': management } },
      },
    ],
  });
}

/** Inline policy of the role: create streams and put events in the trail's log group only. */
export function cloudWatchRolePolicy(management: string, homeRegion: string, logGroupName: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CloudTrailDelivery',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `arn:aws:logs:${homeRegion}:${management}:log-group:${logGroupName}:log-stream:*`,
      },
    ],
  });
}
