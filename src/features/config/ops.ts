/**
 * Operations of the `config` feature. Every op is idempotent: Config's Put* calls create or update by
 * name, the service-linked role and the aggregator role tolerate "already exists", and deletions
 * tolerate "does not exist", so a re-run after an interrupted apply converges without duplicates.
 *
 * API pages followed:
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationRecorder.html
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_PutDeliveryChannel.html
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_StartConfigurationRecorder.html
 * - https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationAggregator.html
 * - https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceLinkedRole.html
 */
import {
  ConfigServiceClient,
  DeleteConfigurationAggregatorCommand,
  DeleteConfigurationRecorderCommand,
  DeleteDeliveryChannelCommand,
  DescribeConfigurationRecorderStatusCommand,
  PutConfigurationAggregatorCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
  StopConfigurationRecorderCommand,
  type MaximumExecutionFrequency,
} from '@aws-sdk/client-config-service';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { isAwsError, str } from '../common.js';
import { defineOp, MANAGED_TAG, STEP_TAG_KEY, type OpContext, type OpHandler } from '../../engine/types.js';

/** Config's service principal. */
export const CONFIG_SERVICE = 'config.amazonaws.com';
/** Name of Config's service-linked role. */
export const CONFIG_SLR_NAME = 'AWSServiceRoleForConfig';
/** AWS managed policy an organization aggregator's role needs. */
export const AGGREGATOR_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations';

/** ARN of Config's service-linked role in `account`. */
export function configSlrArn(account: string): string {
  return `arn:aws:iam::${account}:role/aws-service-role/${CONFIG_SERVICE}/${CONFIG_SLR_NAME}`;
}

function optStr(params: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = params[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function tags(ctx: OpContext): Array<{ Key: string; Value: string }> {
  return [
    { Key: MANAGED_TAG.key, Value: MANAGED_TAG.value },
    { Key: STEP_TAG_KEY, Value: ctx.step.id },
  ];
}

/** Creates `AWSServiceRoleForConfig` (global step, once per account). */
export const createServiceLinkedRoleOp: OpHandler = defineOp({
  op: 'config.create-service-linked-role',
  calls: ['iam:CreateServiceLinkedRole'],
  async run(ctx) {
    try {
      await ctx.send(IAMClient, new CreateServiceLinkedRoleCommand({ AWSServiceName: CONFIG_SERVICE }));
    } catch (e) {
      // The role exists already ("has been taken in this account"): nothing to do.
      if (!isAwsError(e, 'InvalidInput', 'InvalidInputException')) throw e;
    }
    return { arn: configSlrArn(ctx.account) };
  },
});

/**
 * Creates or updates the configuration recorder: every supported resource type, global resource types
 * only where `includeGlobalResourceTypes` says so (the one global-resources Region).
 */
export const putRecorderOp: OpHandler = defineOp({
  op: 'config.put-recorder',
  calls: ['config:PutConfigurationRecorder', 'iam:PassRole'],
  required: ['name', 'roleArn', 'includeGlobalResourceTypes'],
  async run(ctx, params) {
    const name = str(params, 'name');
    await ctx.send(
      ConfigServiceClient,
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: {
          name,
          roleARN: str(params, 'roleArn'),
          recordingGroup: {
            allSupported: true,
            includeGlobalResourceTypes: params.includeGlobalResourceTypes === true,
            recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' },
          },
        },
        // Tags can only be given when the recorder is created.
        ...(params.create === true ? { Tags: tags(ctx) } : {}),
      }),
    );
    return { name };
  },
});

/** Creates or updates the delivery channel to the central log bucket, encrypted with the log key. */
export const putDeliveryChannelOp: OpHandler = defineOp({
  op: 'config.put-delivery-channel',
  calls: ['config:PutDeliveryChannel'],
  required: ['name', 'bucket', 'deliveryFrequency'],
  async run(ctx, params) {
    const name = str(params, 'name');
    const prefix = optStr(params, 'keyPrefix');
    const key = optStr(params, 'kmsKeyArn');
    await ctx.send(
      ConfigServiceClient,
      new PutDeliveryChannelCommand({
        DeliveryChannel: {
          name,
          s3BucketName: str(params, 'bucket'),
          ...(prefix ? { s3KeyPrefix: prefix } : {}),
          ...(key ? { s3KmsKeyArn: key } : {}),
          configSnapshotDeliveryProperties: {
            deliveryFrequency: str(params, 'deliveryFrequency') as MaximumExecutionFrequency,
          },
        },
      }),
    );
    return { name };
  },
});

/** Starts the recorder and waits until Config reports it recording. */
export const startRecorderOp: OpHandler = defineOp({
  op: 'config.start-recorder',
  calls: ['config:StartConfigurationRecorder', 'config:DescribeConfigurationRecorderStatus'],
  required: ['name'],
  async run(ctx, params) {
    const name = str(params, 'name');
    await ctx.send(
      ConfigServiceClient,
      new StartConfigurationRecorderCommand({ ConfigurationRecorderName: name }),
    );
    await ctx.poll(
      async () => {
        const out = await ctx.send(
          ConfigServiceClient,
          new DescribeConfigurationRecorderStatusCommand({ ConfigurationRecorderNames: [name] }),
        );
        return out.ConfigurationRecordersStatus?.[0]?.recording === true ? true : undefined;
      },
      { what: `Config recorder ${name} to report recording`, timeoutMs: 60_000 },
    );
    return { name };
  },
});

/** Stops and deletes a recorder sra-kit created (destroy). */
export const deleteRecorderOp: OpHandler = defineOp({
  op: 'config.delete-recorder',
  calls: ['config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder'],
  required: ['name'],
  async run(ctx, params) {
    const name = str(params, 'name');
    for (const command of [
      new StopConfigurationRecorderCommand({ ConfigurationRecorderName: name }),
      new DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: name }),
    ]) {
      try {
        await ctx.send(ConfigServiceClient, command);
      } catch (e) {
        if (!isAwsError(e, 'NoSuchConfigurationRecorderException')) throw e;
      }
    }
  },
});

/** Deletes a delivery channel sra-kit created (destroy); the delivered objects stay in the bucket. */
export const deleteDeliveryChannelOp: OpHandler = defineOp({
  op: 'config.delete-delivery-channel',
  calls: ['config:DeleteDeliveryChannel'],
  required: ['name'],
  async run(ctx, params) {
    try {
      await ctx.send(
        ConfigServiceClient,
        new DeleteDeliveryChannelCommand({ DeliveryChannelName: str(params, 'name') }),
      );
    } catch (e) {
      if (!isAwsError(e, 'NoSuchDeliveryChannelException')) throw e;
    }
  },
});

/** Trust policy of the aggregator role: only AWS Config may assume it. */
function aggregatorTrustPolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: CONFIG_SERVICE }, Action: 'sts:AssumeRole' }],
  });
}

/**
 * Creates or updates the organization aggregator. When `roleName` is given (sra-kit's own role), the
 * role is created first if missing — trusted by `config.amazonaws.com`, with
 * `AWSConfigRoleForOrganizations` attached — as an organization source needs a role that can read
 * the organization.
 * https://docs.aws.amazon.com/config/latest/developerguide/set-up-aggregator-cli.html
 */
export const putAggregatorOp: OpHandler = defineOp({
  op: 'config.put-aggregator',
  calls: [
    'iam:CreateRole',
    'iam:AttachRolePolicy',
    'iam:PassRole',
    'config:PutConfigurationAggregator',
    'config:TagResource',
  ],
  required: ['name', 'roleArn'],
  async run(ctx, params) {
    const name = str(params, 'name');
    const roleName = optStr(params, 'roleName');
    if (roleName) {
      try {
        await ctx.send(
          IAMClient,
          new CreateRoleCommand({
            RoleName: roleName,
            AssumeRolePolicyDocument: aggregatorTrustPolicy(),
            Description: 'Lets AWS Config read the organization for the sra-kit organization aggregator',
            Tags: tags(ctx),
          }),
        );
      } catch (e) {
        if (!isAwsError(e, 'EntityAlreadyExists', 'EntityAlreadyExistsException')) throw e;
      }
      // Attaching an already attached policy is a no-op.
      await ctx.send(
        IAMClient,
        new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: AGGREGATOR_POLICY_ARN }),
      );
    }
    const out = await ctx.send(
      ConfigServiceClient,
      new PutConfigurationAggregatorCommand({
        ConfigurationAggregatorName: name,
        OrganizationAggregationSource: { RoleArn: str(params, 'roleArn'), AllAwsRegions: true },
        ...(params.create === true ? { Tags: tags(ctx) } : {}),
      }),
    );
    return { arn: out.ConfigurationAggregator?.ConfigurationAggregatorArn ?? '' };
  },
});

/** Deletes sra-kit's organization aggregator and its role (destroy). */
export const deleteAggregatorOp: OpHandler = defineOp({
  op: 'config.delete-aggregator',
  calls: ['config:DeleteConfigurationAggregator', 'iam:DetachRolePolicy', 'iam:DeleteRole'],
  required: ['name'],
  async run(ctx, params) {
    try {
      await ctx.send(
        ConfigServiceClient,
        new DeleteConfigurationAggregatorCommand({ ConfigurationAggregatorName: str(params, 'name') }),
      );
    } catch (e) {
      if (!isAwsError(e, 'NoSuchConfigurationAggregatorException')) throw e;
    }
    const roleName = optStr(params, 'roleName');
    if (!roleName) return;
    for (const command of [
      new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: AGGREGATOR_POLICY_ARN }),
      new DeleteRoleCommand({ RoleName: roleName }),
    ]) {
      try {
        await ctx.send(IAMClient, command);
      } catch (e) {
        if (!isAwsError(e, 'NoSuchEntity', 'NoSuchEntityException')) throw e;
      }
    }
  },
});

/** Every op of the `config` feature. */
export const CONFIG_OPS: readonly OpHandler[] = [
  createServiceLinkedRoleOp,
  putRecorderOp,
  putDeliveryChannelOp,
  startRecorderOp,
  deleteRecorderOp,
  deleteDeliveryChannelOp,
  putAggregatorOp,
  deleteAggregatorOp,
];
