/**
 * Operations of the `cloudtrail` feature, all run from the management account in the home Region and
 * all idempotent ("already exists" answers are taken as success, then the settings are put again).
 */
import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { defineOp, MANAGED_TAG, type Json, type OpContext } from '../../engine/types.js';
import { bool, isAwsError, managedTags, str } from '../common.js';
import { CLOUDWATCH_ROLE_POLICY, eventSelectors } from './desired.js';

type Params = Readonly<Record<string, Json>>;

/** The trail settings both create and update send; empty strings remove KMS and CloudWatch Logs. */
function trailSettings(params: Params) {
  const kms = typeof params.kmsKeyId === 'string' ? params.kmsKeyId : '';
  const group = typeof params.logGroupArn === 'string' ? params.logGroupArn : '';
  const role = typeof params.roleArn === 'string' ? params.roleArn : '';
  return {
    Name: str(params, 'name'),
    S3BucketName: str(params, 'bucket'),
    IsMultiRegionTrail: bool(params, 'multiRegion'),
    // A multi-Region trail must include global service events; the SRA wants them either way.
    IncludeGlobalServiceEvents: true,
    EnableLogFileValidation: bool(params, 'logFileValidation'),
    IsOrganizationTrail: true,
    KmsKeyId: kms,
    CloudWatchLogsLogGroupArn: group,
    CloudWatchLogsRoleArn: role,
  };
}

/**
 * Retries while IAM has not yet propagated a fresh role to CloudTrail (it answers
 * `InvalidCloudWatchLogsRoleArnException` for a role it cannot assume yet).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
 */
function whileRolePropagates<T>(ctx: OpContext, what: string, call: () => Promise<T>): Promise<T> {
  return ctx.poll(
    async () => {
      try {
        return await call();
      } catch (e) {
        if (isAwsError(e, 'InvalidCloudWatchLogsRoleArnException')) return undefined;
        throw e;
      }
    },
    { what, timeoutMs: 120_000 },
  );
}

/** Creates the organization trail (or brings an existing one of that name to the wanted settings). */
export const createTrailOp = defineOp({
  op: 'cloudtrail.create-trail',
  calls: ['cloudtrail:CreateTrail', 'cloudtrail:AddTags', 'cloudtrail:UpdateTrail', 'iam:PassRole'],
  required: ['name', 'bucket'],
  async run(ctx, params) {
    const s = trailSettings(params);
    const what = `CloudTrail accepting role ${s.CloudWatchLogsRoleArn}`;
    try {
      const out = await whileRolePropagates(ctx, what, () =>
        ctx.send(
          CloudTrailClient,
          new CreateTrailCommand({
            ...s,
            ...(s.KmsKeyId ? {} : { KmsKeyId: undefined }),
            ...(s.CloudWatchLogsLogGroupArn
              ? {}
              : { CloudWatchLogsLogGroupArn: undefined, CloudWatchLogsRoleArn: undefined }),
            TagsList: managedTags(ctx.step.id),
          }),
        ),
      );
      return { arn: out.TrailARN ?? '' };
    } catch (e) {
      if (!isAwsError(e, 'TrailAlreadyExistsException')) throw e;
    }
    const out = await whileRolePropagates(ctx, what, () =>
      ctx.send(CloudTrailClient, new UpdateTrailCommand(s)),
    );
    return { arn: out.TrailARN ?? '' };
  },
});

/** Brings an existing trail to the wanted settings. */
export const updateTrailOp = defineOp({
  op: 'cloudtrail.update-trail',
  calls: ['cloudtrail:UpdateTrail', 'iam:PassRole'],
  required: ['name', 'bucket'],
  async run(ctx, params) {
    const s = trailSettings(params);
    const out = await whileRolePropagates(ctx, `CloudTrail accepting role ${s.CloudWatchLogsRoleArn}`, () =>
      ctx.send(CloudTrailClient, new UpdateTrailCommand(s)),
    );
    return { arn: out.TrailARN ?? '' };
  },
});

/** Puts the trail's event selectors (management and data events). */
export const putEventSelectorsOp = defineOp({
  op: 'cloudtrail.put-event-selectors',
  calls: ['cloudtrail:PutEventSelectors'],
  required: ['name'],
  async run(ctx, params) {
    await ctx.send(
      CloudTrailClient,
      new PutEventSelectorsCommand({
        TrailName: str(params, 'name'),
        EventSelectors: eventSelectors({
          name: str(params, 'name'),
          multiRegion: true,
          logFileValidation: true,
          kms: true,
          managementEvents: bool(params, 'managementEvents'),
          s3DataEvents: bool(params, 's3DataEvents'),
          lambdaDataEvents: bool(params, 'lambdaDataEvents'),
        }),
      }),
    );
  },
});

/** Starts logging (a no-op when the trail already logs). */
export const startLoggingOp = defineOp({
  op: 'cloudtrail.start-logging',
  calls: ['cloudtrail:StartLogging'],
  required: ['name'],
  async run(ctx, params) {
    await ctx.send(CloudTrailClient, new StartLoggingCommand({ Name: str(params, 'name') }));
  },
});

/** Creates the trail's log group (or keeps the existing one) and sets its retention. */
export const createLogGroupOp = defineOp({
  op: 'cloudtrail.create-log-group',
  calls: ['logs:CreateLogGroup', 'logs:TagResource', 'logs:PutRetentionPolicy'],
  required: ['logGroupName', 'retentionDays'],
  async run(ctx, params) {
    const logGroupName = str(params, 'logGroupName');
    try {
      await ctx.send(
        CloudWatchLogsClient,
        new CreateLogGroupCommand({
          logGroupName,
          tags: Object.fromEntries(managedTags(ctx.step.id).map((t) => [t.Key, t.Value])),
        }),
      );
    } catch (e) {
      if (!isAwsError(e, 'ResourceAlreadyExistsException')) throw e;
    }
    const days = params.retentionDays;
    await ctx.send(
      CloudWatchLogsClient,
      new PutRetentionPolicyCommand({ logGroupName, retentionInDays: typeof days === 'number' ? days : 400 }),
    );
  },
});

/** Creates the role CloudTrail assumes for CloudWatch Logs and puts its inline policy. */
export const createCloudWatchRoleOp = defineOp({
  op: 'cloudtrail.create-cloudwatch-role',
  calls: ['iam:CreateRole', 'iam:TagRole', 'iam:PutRolePolicy'],
  required: ['roleName', 'trustPolicy', 'policy'],
  async run(ctx, params) {
    const RoleName = str(params, 'roleName');
    try {
      await ctx.send(
        IAMClient,
        new CreateRoleCommand({
          RoleName,
          AssumeRolePolicyDocument: str(params, 'trustPolicy'),
          Description: 'sra-kit: lets CloudTrail deliver the organization trail to CloudWatch Logs',
          Tags: managedTags(ctx.step.id),
        }),
      );
    } catch (e) {
      if (!isAwsError(e, 'EntityAlreadyExistsException', 'EntityAlreadyExists')) throw e;
    }
    await ctx.send(
      IAMClient,
      new PutRolePolicyCommand({
        RoleName,
        PolicyName: CLOUDWATCH_ROLE_POLICY,
        PolicyDocument: str(params, 'policy'),
      }),
    );
    return { arn: `arn:aws:iam::${ctx.account}:role/${RoleName}` };
  },
});

/** Stops logging and deletes sra-kit's trail (the log files already delivered stay in the bucket). */
export const deleteTrailOp = defineOp({
  op: 'cloudtrail.delete-trail',
  calls: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'],
  required: ['name'],
  async run(ctx, params) {
    const Name = str(params, 'name');
    for (const command of [new StopLoggingCommand({ Name }), new DeleteTrailCommand({ Name })]) {
      try {
        await ctx.send(CloudTrailClient, command);
      } catch (e) {
        if (isAwsError(e, 'TrailNotFoundException')) return;
        throw e;
      }
    }
  },
});

/** Deletes the CloudWatch Logs role when sra-kit created it (tagged); leaves anyone else's role alone. */
export const deleteCloudWatchRoleOp = defineOp({
  op: 'cloudtrail.delete-cloudwatch-role',
  calls: ['iam:GetRole', 'iam:DeleteRolePolicy', 'iam:DeleteRole'],
  required: ['roleName'],
  async run(ctx, params) {
    const RoleName = str(params, 'roleName');
    let tags;
    try {
      tags = (await ctx.send(IAMClient, new GetRoleCommand({ RoleName }))).Role?.Tags ?? [];
    } catch (e) {
      if (isAwsError(e, 'NoSuchEntityException', 'NoSuchEntity')) return;
      throw e;
    }
    if (!tags.some((t) => t.Key === MANAGED_TAG.key && t.Value === MANAGED_TAG.value)) return;
    try {
      await ctx.send(
        IAMClient,
        new DeleteRolePolicyCommand({ RoleName, PolicyName: CLOUDWATCH_ROLE_POLICY }),
      );
    } catch (e) {
      if (!isAwsError(e, 'NoSuchEntityException', 'NoSuchEntity')) throw e;
    }
    try {
      await ctx.send(IAMClient, new DeleteRoleCommand({ RoleName }));
    } catch (e) {
      if (!isAwsError(e, 'NoSuchEntityException', 'NoSuchEntity')) throw e;
    }
  },
});

/** Every op of the feature. */
export const CLOUDTRAIL_OPS = [
  createTrailOp,
  updateTrailOp,
  putEventSelectorsOp,
  startLoggingOp,
  createLogGroupOp,
  createCloudWatchRoleOp,
  deleteTrailOp,
  deleteCloudWatchRoleOp,
];
