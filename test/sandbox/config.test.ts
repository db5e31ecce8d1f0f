/**
 * Semantics of the simulated AWS Config, through the real ConfigServiceClient. Each test names the
 * AWS page whose rule it pins.
 */
import { describe, expect, it } from 'vitest';
import {
  ConfigServiceClient,
  DeleteConfigurationRecorderCommand,
  DeleteDeliveryChannelCommand,
  DeleteOrganizationConformancePackCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  DescribeConfigurationAggregatorsCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConformancePacksCommand,
  DescribeDeliveryChannelStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeOrganizationConformancePacksCommand,
  NoSuchConfigurationRecorderException,
  PutConfigurationAggregatorCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  PutOrganizationConformancePackCommand,
  type RecordingGroup,
  StartConfigurationRecorderCommand,
  StopConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';
import {
  CONFIG_MULTI_ACCOUNT_PRINCIPAL,
  CONFIG_PRINCIPAL,
  configService,
  CONTROL_TOWER_RECORDER_NAME,
  plantConfigRecorder,
} from '../../src/sandbox/services/config.js';
import { s3Service } from '../../src/sandbox/services/s3.js';
import { AUDIT, LOGS, MGMT, orgSandbox, OUTSIDER, WORKLOAD } from './helpers.js';

const BUCKET = 'config-history';

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).name;
  }
  throw new Error('expected the call to fail');
}

/** Bucket policy Config documents for delivery from other accounts of the organization. */
function configBucketPolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSConfigBucketPermissionsCheck',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${BUCKET}`,
      },
      {
        Sid: 'AWSConfigBucketDelivery',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/*/Config/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    ],
  });
}

async function env(knobs: SandboxKnobs = {}, bucketPolicy = true) {
  const e = orgSandbox([s3Service, configService], knobs);
  const s3 = e.as(S3Client, LOGS);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  if (bucketPolicy)
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: configBucketPolicy() }));
  const cfg = (account: string, region = 'us-east-1') => e.as(ConfigServiceClient, account, region);
  return { ...e, cfg };
}

const role = (account: string) =>
  `arn:aws:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;

async function recorderAndChannel(client: ConfigServiceClient, account: string): Promise<void> {
  await client.send(
    new PutConfigurationRecorderCommand({
      ConfigurationRecorder: { name: 'default', roleARN: role(account) },
    }),
  );
  await client.send(
    new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: BUCKET } }),
  );
}

describe('Config recorder', () => {
  it('records all supported resource types by default and keeps one recorder per Region', async () => {
    // https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationRecorder.html
    const { cfg } = await env();
    const client = cfg(WORKLOAD);
    await client.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: { name: 'default', roleARN: role(WORKLOAD) },
      }),
    );
    const [rec] =
      (await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];
    expect(rec).toMatchObject({
      name: 'default',
      roleARN: role(WORKLOAD),
      recordingGroup: {
        allSupported: true,
        includeGlobalResourceTypes: false,
        recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' },
      },
      recordingMode: { recordingFrequency: 'CONTINUOUS' },
    });
    expect(
      await failure(
        client.send(
          new PutConfigurationRecorderCommand({
            ConfigurationRecorder: { name: 'second', roleARN: role(WORKLOAD) },
          }),
        ),
      ),
    ).toBe('MaxNumberOfConfigurationRecordersExceededException');
    // The same name updates the recorder; another Region has its own.
    await client.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: {
          name: 'default',
          roleARN: role(WORKLOAD),
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
        },
      }),
    );
    const updated =
      (await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];
    expect(updated.map((r) => r.recordingGroup?.includeGlobalResourceTypes)).toEqual([true]);
    await cfg(WORKLOAD, 'eu-west-1').send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: { name: 'second', roleARN: role(WORKLOAD) },
      }),
    );
    expect(
      await failure(
        client.send(new DescribeConfigurationRecordersCommand({ ConfigurationRecorderNames: ['second'] })),
      ),
    ).toBe('NoSuchConfigurationRecorderException');
  });

  it('validates the recorder name and role', async () => {
    // https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationRecorder.html
    const { cfg } = await env();
    const client = cfg(WORKLOAD);
    expect(
      await failure(
        client.send(
          new PutConfigurationRecorderCommand({
            ConfigurationRecorder: { name: 'AWSConfigurationRecorderForX', roleARN: role(WORKLOAD) },
          }),
        ),
      ),
    ).toBe('InvalidConfigurationRecorderNameException');
    expect(
      await failure(
        client.send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default' } })),
      ),
    ).toBe('InvalidRoleException');
    expect(
      await failure(
        client.send(
          new PutConfigurationRecorderCommand({
            ConfigurationRecorder: { name: 'default', roleARN: 'not-an-arn' },
          }),
        ),
      ),
    ).toBe('InvalidRoleException');
  });

  it('rejects recording groups that combine settings AWS does not allow', async () => {
    // https://docs.aws.amazon.com/config/latest/APIReference/API_RecordingGroup.html
    const { cfg } = await env();
    const client = cfg(WORKLOAD);
    const put = (recordingGroup: RecordingGroup) =>
      client.send(
        new PutConfigurationRecorderCommand({
          ConfigurationRecorder: { name: 'default', roleARN: role(WORKLOAD), recordingGroup },
        }),
      );
    const invalid: RecordingGroup[] = [
      {},
      { allSupported: true, resourceTypes: ['AWS::S3::Bucket'] },
      { allSupported: false, includeGlobalResourceTypes: true },
      { exclusionByResourceTypes: { resourceTypes: ['AWS::IAM::User'] } },
      { allSupported: true, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' } },
      { resourceTypes: ['S3 buckets' as 'AWS::S3::Bucket'] },
    ];
    for (const g of invalid) expect(await failure(put(g))).toBe('InvalidRecordingGroupException');
    await put({
      exclusionByResourceTypes: { resourceTypes: ['AWS::IAM::User'] },
      recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' },
    });
    await put({ resourceTypes: ['AWS::S3::Bucket'] });
    const [rec] =
      (await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];
    expect(rec?.recordingGroup).toMatchObject({
      allSupported: false,
      recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' },
    });
  });

  it('starts only with a delivery channel and reports Pending, then Success, then Failure', async () => {
    // https://docs.aws.amazon.com/config/latest/APIReference/API_StartConfigurationRecorder.html
    // https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigurationRecorderStatus.html
    const { cfg, clock, as } = await env({ propagationDelayMs: { 'config:recording': 60_000 } });
    const client = cfg(WORKLOAD);
    await expect(
      client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' })),
    ).rejects.toBeInstanceOf(NoSuchConfigurationRecorderException);
    await client.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: { name: 'default', roleARN: role(WORKLOAD) },
      }),
    );
    expect(
      await failure(
        client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' })),
      ),
    ).toBe('NoAvailableDeliveryChannelException');
    await client.send(
      new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: BUCKET } }),
    );
    await client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    const status = async () =>
      (await client.send(new DescribeConfigurationRecorderStatusCommand({})))
        .ConfigurationRecordersStatus?.[0];
    expect(await status()).toMatchObject({ recording: true, lastStatus: 'Pending' });
    clock.advance(60_000);
    expect(await status()).toMatchObject({ recording: true, lastStatus: 'Success' });
    await as(S3Client, LOGS).send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
    expect(await status()).toMatchObject({ lastStatus: 'Failure', lastErrorCode: 'AccessDenied' });
    const channel = (await client.send(new DescribeDeliveryChannelStatusCommand({})))
      .DeliveryChannelsStatus?.[0];
    expect(channel?.configHistoryDeliveryInfo).toMatchObject({
      lastStatus: 'Failure',
      lastErrorCode: 'AccessDenied',
    });
  });

  it('keeps the delivery channel while the recorder runs and deletes the recorder on request', async () => {
    // https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteDeliveryChannel.html
    const { cfg } = await env();
    const client = cfg(WORKLOAD);
    await recorderAndChannel(client, WORKLOAD);
    await client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    expect(
      await failure(client.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: 'default' }))),
    ).toBe('LastDeliveryChannelDeleteFailedException');
    await client.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    await client.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: 'default' }));
    expect(
      await failure(client.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: 'default' }))),
    ).toBe('NoSuchDeliveryChannelException');
    await client.send(new DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    expect((await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders).toEqual(
      [],
    );
  });

  it('treats a Control Tower recorder as the one recorder of the Region', async () => {
    // https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationRecorder.html (one customer managed recorder per account and Region, whoever created it)
    const { cfg, sandbox, clock } = await env();
    plantConfigRecorder(sandbox.world, WORKLOAD, 'us-east-1', {
      recordingSince: new Date(clock.now()),
      deliveryBucket: BUCKET,
    });
    const client = cfg(WORKLOAD);
    const names = (
      (await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? []
    ).map((r) => r.name);
    expect(names).toEqual([CONTROL_TOWER_RECORDER_NAME]);
    expect(
      await failure(
        client.send(
          new PutConfigurationRecorderCommand({
            ConfigurationRecorder: { name: 'default', roleARN: role(WORKLOAD) },
          }),
        ),
      ),
    ).toBe('MaxNumberOfConfigurationRecordersExceededException');
    expect(
      (await client.send(new DescribeConfigurationRecorderStatusCommand({})))
        .ConfigurationRecordersStatus?.[0],
    ).toMatchObject({
      recording: true,
      lastStatus: 'Success',
    });
  });
});

describe('Config delivery channel', () => {
  it('needs a recorder and an existing bucket, and one channel per Region', async () => {
    // https://docs.aws.amazon.com/config/latest/APIReference/API_PutDeliveryChannel.html
    const { cfg } = await env();
    const client = cfg(WORKLOAD);
    expect(
      await failure(
        client.send(
          new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: BUCKET } }),
        ),
      ),
    ).toBe('NoAvailableConfigurationRecorderException');
    await client.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: { name: 'default', roleARN: role(WORKLOAD) },
      }),
    );
    expect(
      await failure(
        client.send(
          new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'no-such' } }),
        ),
      ),
    ).toBe('NoSuchBucketException');
    await client.send(
      new PutDeliveryChannelCommand({
        DeliveryChannel: {
          name: 'default',
          s3BucketName: BUCKET,
          configSnapshotDeliveryProperties: { deliveryFrequency: 'Six_Hours' },
        },
      }),
    );
    expect(
      await failure(
        client.send(
          new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'other', s3BucketName: BUCKET } }),
        ),
      ),
    ).toBe('MaxNumberOfDeliveryChannelsExceededException');
    expect((await client.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels).toEqual([
      {
        name: 'default',
        s3BucketName: BUCKET,
        configSnapshotDeliveryProperties: { deliveryFrequency: 'Six_Hours' },
      },
    ]);
  });

  it('needs a bucket policy admitting config.amazonaws.com for a bucket in another account', async () => {
    // https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
    const { cfg } = await env({}, false);
    const member = cfg(WORKLOAD);
    await member.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: { name: 'default', roleARN: role(WORKLOAD) },
      }),
    );
    expect(
      await failure(
        member.send(
          new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: BUCKET } }),
        ),
      ),
    ).toBe('InsufficientDeliveryPolicyException');
    // The bucket owner itself writes with the recorder's role and needs no bucket policy.
    const owner = cfg(LOGS);
    await recorderAndChannel(owner, LOGS);
  });
  it('presents aws:SourceOrgID to a bucket policy that pins the organization', async () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgid
    const { cfg, as, sandbox } = await env({}, false);
    const orgId = sandbox.world.organization!.id;
    await as(S3Client, LOGS).send(
      new PutBucketPolicyCommand({
        Bucket: BUCKET,
        Policy: JSON.stringify({
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'config.amazonaws.com' },
              Action: ['s3:GetBucketAcl', 's3:PutObject'],
              Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
              Condition: { StringEquals: { 'aws:SourceOrgID': orgId } },
            },
          ],
        }),
      }),
    );
    await recorderAndChannel(cfg(WORKLOAD), WORKLOAD);
    const outsider = cfg(OUTSIDER);
    await outsider.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: { name: 'default', roleARN: role(OUTSIDER) },
      }),
    );
    expect(
      await failure(
        outsider.send(
          new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: BUCKET } }),
        ),
      ),
    ).toBe('InsufficientDeliveryPolicyException');
  });
});

describe('Config aggregators', () => {
  const orgSource = (account: string) => ({
    ConfigurationAggregatorName: 'org-aggregator',
    OrganizationAggregationSource: {
      RoleArn: `arn:aws:iam::${account}:role/ConfigAggregatorRole`,
      AllAwsRegions: true,
    },
  });

  it('creates an organization aggregator from the management account and enables trusted access', async () => {
    // https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationAggregator.html
    const { cfg, sandbox } = await env();
    const out = await cfg(MGMT).send(new PutConfigurationAggregatorCommand(orgSource(MGMT)));
    expect(out.ConfigurationAggregator?.OrganizationAggregationSource?.AllAwsRegions).toBe(true);
    expect(sandbox.world.hasTrustedAccess(CONFIG_PRINCIPAL)).toBe(true);
    const listed = await cfg(MGMT).send(new DescribeConfigurationAggregatorsCommand({}));
    expect(listed.ConfigurationAggregators?.map((a) => a.ConfigurationAggregatorName)).toEqual([
      'org-aggregator',
    ]);
  });

  it('accepts a delegated administrator only once registered and with trusted access', async () => {
    // https://docs.aws.amazon.com/config/latest/developerguide/set-up-aggregator-cli.html
    const { cfg, sandbox } = await env();
    const audit = cfg(AUDIT);
    expect(await failure(audit.send(new PutConfigurationAggregatorCommand(orgSource(AUDIT))))).toBe(
      'OrganizationAccessDeniedException',
    );
    const org = sandbox.world.organization!;
    org.delegatedAdmins.set(CONFIG_PRINCIPAL, new Map([[AUDIT, 0]]));
    expect(await failure(audit.send(new PutConfigurationAggregatorCommand(orgSource(AUDIT))))).toBe(
      'OrganizationAccessDeniedException',
    );
    org.trustedAccess.set(CONFIG_PRINCIPAL, 0);
    await audit.send(new PutConfigurationAggregatorCommand(orgSource(AUDIT)));
    const status = await audit.send(
      new DescribeConfigurationAggregatorSourcesStatusCommand({
        ConfigurationAggregatorName: 'org-aggregator',
      }),
    );
    const list = status.AggregatedSourceStatusList ?? [];
    expect(list.length).toBe(sandbox.world.account(AUDIT)!.enabledRegions.size);
    expect(new Set(list.map((s) => `${s.SourceType}:${s.SourceId}:${s.LastUpdateStatus}`))).toEqual(
      new Set([`ORGANIZATION:${org.id}:SUCCEEDED`]),
    );
    // Once the account is no longer the delegated administrator, aggregation fails.
    org.delegatedAdmins.get(CONFIG_PRINCIPAL)!.delete(AUDIT);
    const failed = await audit.send(
      new DescribeConfigurationAggregatorSourcesStatusCommand({
        ConfigurationAggregatorName: 'org-aggregator',
        UpdateStatus: ['FAILED'],
      }),
    );
    expect(failed.AggregatedSourceStatusList?.[0]).toMatchObject({
      LastUpdateStatus: 'FAILED',
      LastErrorCode: 'OrganizationAccessDeniedException',
    });
  });

  it('answers the documented errors for missing organizations and bad sources', async () => {
    // https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationAggregator.html
    const { cfg, sandbox } = await env();
    expect(
      await failure(cfg(OUTSIDER).send(new PutConfigurationAggregatorCommand(orgSource(OUTSIDER)))),
    ).toBe('NoAvailableOrganizationException');
    const both = {
      ...orgSource(MGMT),
      OrganizationAggregationSource: {
        RoleArn: orgSource(MGMT).OrganizationAggregationSource.RoleArn,
        AllAwsRegions: true,
        AwsRegions: ['us-east-1'],
      },
    };
    expect(await failure(cfg(MGMT).send(new PutConfigurationAggregatorCommand(both)))).toBe(
      'InvalidParameterValueException',
    );
    const noRole = {
      ConfigurationAggregatorName: 'x',
      OrganizationAggregationSource: { RoleArn: '', AllAwsRegions: true },
    };
    expect(await failure(cfg(MGMT).send(new PutConfigurationAggregatorCommand(noRole)))).toBe(
      'InvalidRoleException',
    );
    expect(
      await failure(
        cfg(MGMT).send(new PutConfigurationAggregatorCommand({ ConfigurationAggregatorName: 'empty' })),
      ),
    ).toBe('InvalidParameterValueException');
    expect(
      await failure(
        cfg(MGMT).send(
          new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: 'nope' }),
        ),
      ),
    ).toBe('NoSuchConfigurationAggregatorException');
    expect(await failure(cfg(MGMT).send(new DescribeConfigurationAggregatorsCommand({ Limit: 11 })))).toBe(
      'InvalidLimitException',
    );
    sandbox.world.organization!.featureSet = 'CONSOLIDATED_BILLING';
    expect(await failure(cfg(MGMT).send(new PutConfigurationAggregatorCommand(orgSource(MGMT))))).toBe(
      'OrganizationAllFeaturesNotEnabledException',
    );
  });
});

describe('Config organization conformance packs', () => {
  const template = [
    'Resources:',
    '  S3BucketVersioningEnabled:',
    '    Type: AWS::Config::ConfigRule',
    '    Properties:',
    '      ConfigRuleName: s3-bucket-versioning-enabled',
    '      Source:',
    '        Owner: AWS',
    '        SourceIdentifier: S3_BUCKET_VERSIONING_ENABLED',
  ].join('\n');

  it('deploys from the delegated administrator to accounts that record, and removes on delete', async () => {
    // https://docs.aws.amazon.com/config/latest/APIReference/API_PutOrganizationConformancePack.html
    const { cfg, sandbox } = await env();
    const org = sandbox.world.organization!;
    org.delegatedAdmins.set(CONFIG_MULTI_ACCOUNT_PRINCIPAL, new Map([[AUDIT, 0]]));
    org.trustedAccess.set(CONFIG_MULTI_ACCOUNT_PRINCIPAL, 0);
    await recorderAndChannel(cfg(WORKLOAD), WORKLOAD);
    await recorderAndChannel(cfg(LOGS), LOGS);
    const audit = cfg(AUDIT);
    await audit.send(
      new PutOrganizationConformancePackCommand({
        OrganizationConformancePackName: 'sra-baseline',
        TemplateBody: template,
        ExcludedAccounts: [LOGS],
      }),
    );
    const packs =
      (await cfg(MGMT).send(new DescribeOrganizationConformancePacksCommand({})))
        .OrganizationConformancePacks ?? [];
    expect(packs.map((p) => [p.OrganizationConformancePackName, p.ExcludedAccounts])).toEqual([
      ['sra-baseline', [LOGS]],
    ]);
    const inWorkload =
      (await cfg(WORKLOAD).send(new DescribeConformancePacksCommand({}))).ConformancePackDetails ?? [];
    expect(inWorkload).toHaveLength(1);
    expect(inWorkload[0]?.ConformancePackName).toMatch(/^OrgConformsPack-sra-baseline-/);
    expect((await cfg(LOGS).send(new DescribeConformancePacksCommand({}))).ConformancePackDetails).toEqual(
      [],
    );
    // AUDIT has no recorder, so nothing was deployed there.
    expect((await audit.send(new DescribeConformancePacksCommand({}))).ConformancePackDetails).toEqual([]);
    await audit.send(
      new DeleteOrganizationConformancePackCommand({ OrganizationConformancePackName: 'sra-baseline' }),
    );
    expect(
      (await cfg(WORKLOAD).send(new DescribeConformancePacksCommand({}))).ConformancePackDetails,
    ).toEqual([]);
    expect(
      await failure(
        audit.send(
          new DeleteOrganizationConformancePackCommand({ OrganizationConformancePackName: 'sra-baseline' }),
        ),
      ),
    ).toBe('NoSuchOrganizationConformancePackException');
  });

  it('keeps organization conformance packs to the management account and delegated admin', async () => {
    // https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeOrganizationConformancePacks.html
    const { cfg, sandbox } = await env();
    expect(await failure(cfg(WORKLOAD).send(new DescribeOrganizationConformancePacksCommand({})))).toBe(
      'OrganizationAccessDeniedException',
    );
    expect(
      await failure(
        cfg(WORKLOAD).send(
          new PutOrganizationConformancePackCommand({
            OrganizationConformancePackName: 'p',
            TemplateBody: template,
          }),
        ),
      ),
    ).toBe('OrganizationAccessDeniedException');
    await cfg(MGMT).send(
      new PutOrganizationConformancePackCommand({
        OrganizationConformancePackName: 'p',
        TemplateBody: template,
      }),
    );
    expect(sandbox.world.hasTrustedAccess(CONFIG_MULTI_ACCOUNT_PRINCIPAL)).toBe(true);
  });

  it('validates the template, the name and the delivery bucket', async () => {
    // https://docs.aws.amazon.com/config/latest/APIReference/API_PutOrganizationConformancePack.html
    const { cfg } = await env();
    const mgmt = cfg(MGMT);
    const put = (
      input: Partial<{
        TemplateBody: string;
        DeliveryS3Bucket: string;
        OrganizationConformancePackName: string;
      }>,
    ) =>
      mgmt.send(
        new PutOrganizationConformancePackCommand({ OrganizationConformancePackName: 'pack', ...input }),
      );
    expect(await failure(put({ TemplateBody: 'Resources: [unclosed' }))).toBe(
      'OrganizationConformancePackTemplateValidationException',
    );
    expect(await failure(put({ TemplateBody: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n' }))).toBe(
      'OrganizationConformancePackTemplateValidationException',
    );
    expect(await failure(put({}))).toBe('ValidationException');
    expect(await failure(put({ TemplateBody: template, DeliveryS3Bucket: BUCKET }))).toBe(
      'ValidationException',
    );
    expect(await failure(put({ TemplateBody: template, OrganizationConformancePackName: '1-bad' }))).toBe(
      'ValidationException',
    );
    expect(
      await failure(
        mgmt.send(
          new DescribeOrganizationConformancePacksCommand({ OrganizationConformancePackNames: ['missing'] }),
        ),
      ),
    ).toBe('NoSuchOrganizationConformancePackException');
  });
});
