/**
 * Planner of the `cloudtrail` feature: the organization trail of the management account (home Region),
 * its event selectors and logging state, and its optional CloudWatch Logs log group and role, compared
 * with the CloudTrail organization slice.
 */
import { makeStep, stepId } from '../../engine/step.js';
import type { FeaturePlan, FieldChange, Json, OutputRef, PlanContext, Step } from '../../engine/types.js';
import { cloudTrailSliceOf, type OrgTrailInfo } from '../../services/cloudtrail/collect.js';
import { LOG_BUCKET, LOG_KEY_ARN, trustedAccess } from '../provides.js';
import { isManaged, need } from '../common.js';
import { logArchiveNames } from '../log-archive/desired.js';
import { unreachableIn } from '../log-archive/plan.js';
import {
  CLOUDTRAIL,
  CLOUDWATCH_ROLE_NAME,
  cloudWatchRolePolicy,
  cloudWatchRoleTrust,
  CONTROL_TOWER_TRAIL_PREFIX,
  defaultSelectorsSuffice,
  recordsNothing,
  selectorsMatch,
  trailWant,
  type TrailWant,
} from './desired.js';

const CAPABILITY = 'threat-detection' as const;
const PRINCIPAL = 'cloudtrail.amazonaws.com';

/** The organization trails, or `PLAN_BLOCKED` when they could not be read. */
function orgTrails(ctx: PlanContext): OrgTrailInfo[] {
  return need(cloudTrailSliceOf(ctx.inventory.organization)?.orgTrails, 'the organization trail', {
    account: ctx.roles.management,
    region: ctx.homeRegion,
    operation: 'cloudtrail:DescribeTrails',
  });
}

/** The trail named `name` homed in the home Region, if it exists. */
function findTrail(ctx: PlanContext, name: string): OrgTrailInfo | undefined {
  return orgTrails(ctx).find((t) => t.name === name && t.homeRegion === ctx.homeRegion);
}

/** Trail params for create and update. */
function trailParams(w: TrailWant, bucket: string, key: string | OutputRef | undefined): Step['params'] {
  return {
    name: w.name,
    bucket,
    multiRegion: w.multiRegion,
    logFileValidation: w.logFileValidation,
    ...(key !== undefined ? { kmsKeyId: key } : {}),
    ...(w.cloudWatch ? { logGroupArn: w.cloudWatch.logGroupArn, roleArn: w.cloudWatch.roleArn } : {}),
  };
}

/** Settings of an existing trail that differ from the wanted ones. */
function trailDrift(
  t: OrgTrailInfo,
  w: TrailWant,
  bucket: string,
  key: string | OutputRef | undefined,
): FieldChange[] {
  const out: FieldChange[] = [];
  const diff = (field: string, from: Json, to: Json) => {
    if (from !== to) out.push({ field, from, to });
  };
  diff('s3BucketName', t.s3BucketName, bucket);
  if (key === undefined) diff('kmsKeyId', t.kmsKeyId ?? null, null);
  else if (typeof key !== 'string')
    out.push({ field: 'kmsKeyId', from: t.kmsKeyId ?? null, to: 'new central key' });
  else diff('kmsKeyId', t.kmsKeyId ?? null, key);
  diff('isMultiRegionTrail', t.isMultiRegionTrail, w.multiRegion);
  diff('includeGlobalServiceEvents', t.includeGlobalServiceEvents, true);
  diff('logFileValidationEnabled', t.logFileValidationEnabled, w.logFileValidation);
  diff('cloudWatchLogsLogGroupArn', t.cloudWatchLogsLogGroupArn ?? null, w.cloudWatch?.logGroupArn ?? null);
  diff('cloudWatchLogsRoleArn', t.cloudWatchLogsRoleArn ?? null, w.cloudWatch?.roleArn ?? null);
  return out;
}

/** Plans the organization trail. */
export function planCloudTrail(ctx: PlanContext): FeaturePlan {
  const mgmt = ctx.roles.management;
  const home = ctx.homeRegion;
  const w = trailWant(ctx.blueprint, mgmt, home);
  const notes: string[] = [];
  if (!ctx.blueprint.threatDetection.cloudtrail.organizationTrail.enabled) {
    return {
      steps: [],
      notes: ['cloudtrail: the organization trail is disabled in the blueprint; nothing planned'],
    };
  }
  if (w.name.startsWith(CONTROL_TOWER_TRAIL_PREFIX)) {
    return {
      steps: [],
      notes: [`cloudtrail: ${w.name} is a Control Tower name; sra-kit never manages that trail`],
    };
  }
  if (unreachableIn(ctx.inventory, mgmt, home)) {
    return { steps: [], notes: [`cloudtrail: management account ${mgmt} (${home}) could not be reached`] };
  }
  if (w.dataEventsOnly) {
    notes.push(
      'cloudtrail: Control Tower runs the organization trail for management events; ' +
        `${w.name} records data events only`,
    );
    if (recordsNothing(w)) {
      return {
        steps: [],
        notes: [
          'cloudtrail: no trail planned — Control Tower already records management events and the blueprint ' +
            'chooses no data events (threatDetection.cloudtrail.organizationTrail.dataEvents)',
        ],
      };
    }
  } else if (recordsNothing(w)) {
    return {
      steps: [],
      notes: ['cloudtrail: the blueprint trail records neither management nor data events; nothing planned'],
    };
  }

  const bucketProvided = ctx.provided(LOG_BUCKET);
  const bucket =
    typeof bucketProvided?.value === 'string'
      ? bucketProvided.value
      : logArchiveNames(ctx.roles.logArchive, home).bucket;
  const existing = findTrail(ctx, w.name);
  let key: string | OutputRef | undefined;
  const keyProvided = ctx.provided(LOG_KEY_ARN);
  if (w.kms) {
    key = keyProvided?.value ?? existing?.kmsKeyId;
    if (key === undefined) {
      return {
        steps: [],
        notes: [
          `cloudtrail: ${w.name} wants KMS encryption but no central log key is planned or known; ` +
            'plan the log-archive feature with it',
        ],
      };
    }
  }
  const base = { feature: CLOUDTRAIL, capability: CAPABILITY, account: mgmt, region: home };
  const steps: Step[] = [];
  const prereqs = [
    ...(ctx.provided(trustedAccess(PRINCIPAL))?.after ?? []),
    ...(bucketProvided?.after ?? []),
    ...(w.kms ? (keyProvided?.after ?? []) : []),
  ];

  // CloudWatch Logs: log group and role, when the trail is new or points elsewhere, or the group drifted.
  const cwDeps: string[] = [];
  if (w.cloudWatch) {
    const cw = w.cloudWatch;
    const pointsHere =
      existing?.cloudWatchLogsLogGroupArn === cw.logGroupArn && existing.cloudWatchLogsRoleArn === cw.roleArn;
    // The collector read the group the trail points to; another group says nothing about ours.
    const group =
      pointsHere && existing.logGroup
        ? need(existing.logGroup, `log group ${cw.logGroupName}`, {
            account: mgmt,
            region: home,
            operation: 'logs:DescribeLogGroups',
          })
        : null;
    if (!group || group.retentionInDays !== cw.retentionDays) {
      const s = makeStep({
        ...base,
        op: 'cloudtrail.create-log-group',
        action: group ? 'update' : 'create',
        resource: 'log-group',
        summary: `CloudWatch Logs log group ${cw.logGroupName} (${cw.retentionDays} days)`,
        params: { logGroupName: cw.logGroupName, retentionDays: cw.retentionDays },
        ...(group
          ? {
              changes: [
                { field: 'retentionInDays', from: group.retentionInDays ?? null, to: cw.retentionDays },
              ],
            }
          : {}),
      });
      steps.push(s);
      cwDeps.push(s.id);
    }
    if (!pointsHere) {
      const s = makeStep({
        ...base,
        op: 'cloudtrail.create-cloudwatch-role',
        action: 'create',
        resource: 'cloudwatch-role',
        global: true,
        summary: `IAM role ${CLOUDWATCH_ROLE_NAME} for CloudTrail to write to CloudWatch Logs`,
        params: {
          roleName: CLOUDWATCH_ROLE_NAME,
          trustPolicy: cloudWatchRoleTrust(mgmt),
          policy: cloudWatchRolePolicy(mgmt, home, cw.logGroupName),
        },
      });
      steps.push(s);
      cwDeps.push(s.id);
    }
  }

  // The trail.
  const trailId = stepId(CLOUDTRAIL, mgmt, home, 'trail');
  let trailSteps: string[] = [];
  if (!existing) {
    steps.push(
      makeStep({
        ...base,
        op: 'cloudtrail.create-trail',
        action: 'create',
        resource: 'trail',
        summary: `organization trail ${w.name} → s3://${bucket}`,
        params: trailParams(w, bucket, key),
        dependsOn: [...prereqs, ...cwDeps],
      }),
    );
    trailSteps = [trailId];
  } else {
    const changes = trailDrift(existing, w, bucket, key);
    if (changes.length) {
      steps.push(
        makeStep({
          ...base,
          op: 'cloudtrail.update-trail',
          action: 'update',
          resource: 'trail',
          summary: `organization trail ${w.name}`,
          params: trailParams(w, bucket, key),
          dependsOn: [...prereqs, ...cwDeps],
          changes,
        }),
      );
      trailSteps = [trailId];
    }
  }

  // Event selectors.
  const selectors = existing
    ? need(existing.selectors, `event selectors of ${w.name}`, {
        account: mgmt,
        region: home,
        operation: 'cloudtrail:GetEventSelectors',
      })
    : undefined;
  const selectorsOk = selectors ? selectorsMatch(selectors, w) : defaultSelectorsSuffice(w);
  let selectorSteps: string[] = [];
  if (!selectorsOk) {
    const s = makeStep({
      ...base,
      op: 'cloudtrail.put-event-selectors',
      action: existing ? 'update' : 'create',
      resource: 'event-selectors',
      summary: `events of ${w.name}: management ${w.managementEvents ? 'on' : 'off'}, S3 data ${w.s3DataEvents ? 'on' : 'off'}, Lambda data ${w.lambdaDataEvents ? 'on' : 'off'}`,
      params: {
        name: w.name,
        managementEvents: w.managementEvents,
        s3DataEvents: w.s3DataEvents,
        lambdaDataEvents: w.lambdaDataEvents,
      },
      dependsOn: trailSteps,
    });
    steps.push(s);
    selectorSteps = [s.id];
  }

  // Logging.
  const status = existing
    ? need(existing.status, `logging status of ${w.name}`, {
        account: mgmt,
        region: home,
        operation: 'cloudtrail:GetTrailStatus',
      })
    : undefined;
  if (!status?.isLogging) {
    steps.push(
      makeStep({
        ...base,
        op: 'cloudtrail.start-logging',
        action: existing ? 'update' : 'create',
        resource: 'logging',
        summary: `start logging of ${w.name}`,
        params: { name: w.name },
        dependsOn: [...trailSteps, ...selectorSteps],
        ...(existing ? { changes: [{ field: 'isLogging', from: false, to: true }] } : {}),
      }),
    );
  }
  return { steps, notes };
}

/** Steps removing sra-kit's trail and role; the log group (log data) is kept. */
export function destroyCloudTrail(ctx: PlanContext): FeaturePlan {
  const mgmt = ctx.roles.management;
  const home = ctx.homeRegion;
  const name = ctx.blueprint.threatDetection.cloudtrail.organizationTrail.name;
  if (unreachableIn(ctx.inventory, mgmt, home)) {
    return { steps: [], notes: [`cloudtrail: management account ${mgmt} (${home}) could not be reached`] };
  }
  if (name.startsWith(CONTROL_TOWER_TRAIL_PREFIX)) return { steps: [], notes: [] };
  const t = findTrail(ctx, name);
  if (!t) return { steps: [], notes: [] };
  const tags = need(t.tags, `the tags of ${name}`, {
    account: mgmt,
    region: home,
    operation: 'cloudtrail:ListTags',
  });
  if (!isManaged(tags)) {
    return { steps: [], notes: [`cloudtrail: trail ${name} was not created by sra-kit; left alone`] };
  }
  const base = { feature: CLOUDTRAIL, capability: CAPABILITY, account: mgmt, region: home };
  const del = makeStep({
    ...base,
    op: 'cloudtrail.delete-trail',
    action: 'delete',
    resource: 'trail',
    summary: `stop logging and delete organization trail ${name} (delivered logs stay in s3://${t.s3BucketName})`,
    params: { name },
  });
  const steps: Step[] = [del];
  const notes: string[] = [];
  if (t.cloudWatchLogsRoleArn === `arn:aws:iam::${mgmt}:role/${CLOUDWATCH_ROLE_NAME}`) {
    steps.push(
      makeStep({
        ...base,
        op: 'cloudtrail.delete-cloudwatch-role',
        action: 'delete',
        resource: 'cloudwatch-role',
        global: true,
        summary: `delete IAM role ${CLOUDWATCH_ROLE_NAME} (if sra-kit created it)`,
        params: { roleName: CLOUDWATCH_ROLE_NAME },
        dependsOn: [del.id],
      }),
    );
  }
  if (t.cloudWatchLogsLogGroupArn) {
    notes.push(
      `cloudtrail: log group ${t.cloudWatchLogsLogGroupArn.replace(/:\*$/, '')} kept (sra-kit never deletes log data)`,
    );
  }
  return { steps, notes };
}
