import { describe, expect, it } from 'vitest';
import {
  BadRequestException,
  CreateAwsLogSourceCommand,
  CreateDataLakeCommand,
  CreateDataLakeOrganizationConfigurationCommand,
  CreateSubscriberCommand,
  DeleteAwsLogSourceCommand,
  DeleteDataLakeCommand,
  DeleteDataLakeOrganizationConfigurationCommand,
  DeleteSubscriberCommand,
  DeregisterDataLakeDelegatedAdministratorCommand,
  GetDataLakeOrganizationConfigurationCommand,
  GetDataLakeSourcesCommand,
  GetSubscriberCommand,
  ListDataLakesCommand,
  ListLogSourcesCommand,
  ListSubscribersCommand,
  RegisterDataLakeDelegatedAdministratorCommand,
  SecurityLakeClient,
  UpdateDataLakeCommand,
  type DataLakeConfiguration,
} from '@aws-sdk/client-securitylake';
import { AUDIT, LOGS, MGMT, OUTSIDER, WORKLOAD, orgSandbox } from './helpers.js';
import { SECURITY_LAKE_PRINCIPAL, securityLakeService } from '../../src/sandbox/services/securitylake.js';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sqsService } from '../../src/sandbox/services/sqs.js';

const ROLE = `arn:aws:iam::${LOGS}:role/AmazonSecurityLakeMetaStoreManager`;
const KEY = `arn:aws:kms:us-east-1:${LOGS}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function setup(knobs: SandboxKnobs = {}) {
  const env = orgSandbox([securityLakeService], knobs);
  const sl = (account: string, region = 'us-east-1') => env.as(SecurityLakeClient, account, region);
  /** Registers LOGS (as SRA does) and creates its data lake in the given Regions. */
  const lake = async (regions: string[] = ['us-east-1']) => {
    await sl(MGMT).send(new RegisterDataLakeDelegatedAdministratorCommand({ accountId: LOGS }));
    const configurations: DataLakeConfiguration[] = regions.map((region) => ({ region }));
    await sl(LOGS).send(new CreateDataLakeCommand({ configurations, metaStoreManagerRoleArn: ROLE }));
  };
  const join = (id: string) => {
    env.sandbox.world.accounts.set(id, {
      id,
      name: `new-${id}`,
      email: `${id}@example.com`,
      status: 'ACTIVE',
      parentId: env.sandbox.world.organization!.rootId,
      joinedMethod: 'CREATED',
      joinedAt: env.clock.now(),
      enabledRegions: new Set(['us-east-1', 'eu-west-1']),
      assumableRoles: new Set(),
      tags: {},
    });
  };
  return { ...env, sl, lake, join };
}

describe('Amazon Security Lake sandbox', () => {
  // https://docs.aws.amazon.com/security-lake/latest/APIReference/API_RegisterDataLakeDelegatedAdministrator.html
  it('lets only the management account register a member (never itself) as delegated administrator', async () => {
    const { sl, sandbox } = setup();
    await expect(
      sl(LOGS).send(new RegisterDataLakeDelegatedAdministratorCommand({ accountId: LOGS })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    await expect(
      sl(MGMT).send(new RegisterDataLakeDelegatedAdministratorCommand({ accountId: MGMT })),
    ).rejects.toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
    await expect(
      sl(MGMT).send(new RegisterDataLakeDelegatedAdministratorCommand({ accountId: MGMT })),
    ).rejects.toBeInstanceOf(BadRequestException);
    await expect(
      sl(MGMT).send(new RegisterDataLakeDelegatedAdministratorCommand({ accountId: OUTSIDER })),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
    await sl(MGMT).send(new RegisterDataLakeDelegatedAdministratorCommand({ accountId: LOGS }));
    expect(sandbox.world.delegatedAdminsFor(SECURITY_LAKE_PRINCIPAL)).toEqual([LOGS]);
    // One administrator for the organization, in every Region.
    await expect(
      sl(MGMT, 'eu-west-1').send(new RegisterDataLakeDelegatedAdministratorCommand({ accountId: AUDIT })),
    ).rejects.toMatchObject({ name: 'ConflictException', $metadata: { httpStatusCode: 409 } });
  });

  // https://docs.aws.amazon.com/security-lake/latest/APIReference/API_DeregisterDataLakeDelegatedAdministrator.html
  it('deregisters the delegated administrator', async () => {
    const { sl, sandbox } = setup();
    await expect(
      sl(MGMT).send(new DeregisterDataLakeDelegatedAdministratorCommand({})),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await sl(MGMT).send(new RegisterDataLakeDelegatedAdministratorCommand({ accountId: LOGS }));
    await sl(MGMT).send(new DeregisterDataLakeDelegatedAdministratorCommand({}));
    expect(sandbox.world.delegatedAdminsFor(SECURITY_LAKE_PRINCIPAL)).toEqual([]);
  });

  // https://docs.aws.amazon.com/security-lake/latest/APIReference/API_CreateDataLake.html
  it('creates data lakes in several Regions with encryption and lifecycle, once per Region', async () => {
    const { sl } = setup();
    await expect(
      sl(LOGS).send(
        new CreateDataLakeCommand({
          configurations: [{ region: 'us-east-1' }],
          metaStoreManagerRoleArn: 'x',
        }),
      ),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(
      sl(LOGS).send(
        new CreateDataLakeCommand({
          configurations: [{ region: 'mars-north-1' }],
          metaStoreManagerRoleArn: ROLE,
        }),
      ),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
    const lifecycleConfiguration = {
      expiration: { days: 365 },
      transitions: [{ storageClass: 'STANDARD_IA', days: 31 }],
    };
    await expect(
      sl(LOGS).send(
        new CreateDataLakeCommand({
          configurations: [
            {
              region: 'us-east-1',
              lifecycleConfiguration: {
                expiration: { days: 30 },
                transitions: [{ storageClass: 'GLACIER', days: 60 }],
              },
            },
          ],
          metaStoreManagerRoleArn: ROLE,
        }),
      ),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
    const res = await sl(LOGS).send(
      new CreateDataLakeCommand({
        configurations: [
          { region: 'us-east-1', encryptionConfiguration: { kmsKeyId: KEY }, lifecycleConfiguration },
          { region: 'eu-west-1' },
        ],
        metaStoreManagerRoleArn: ROLE,
      }),
    );
    expect(res.dataLakes?.map((d) => [d.dataLakeArn, d.createStatus])).toEqual([
      [`arn:aws:securitylake:us-east-1:${LOGS}:data-lake/default`, 'COMPLETED'],
      [`arn:aws:securitylake:eu-west-1:${LOGS}:data-lake/default`, 'COMPLETED'],
    ]);
    const listed = await sl(LOGS, 'eu-west-1').send(new ListDataLakesCommand({ regions: ['us-east-1'] }));
    expect(listed.dataLakes).toEqual([
      expect.objectContaining({
        region: 'us-east-1',
        encryptionConfiguration: { kmsKeyId: KEY },
        lifecycleConfiguration,
      }),
    ]);
    expect(
      (await sl(LOGS).send(new ListDataLakesCommand({ regions: ['eu-west-1'] }))).dataLakes?.[0]
        ?.encryptionConfiguration,
    ).toEqual({ kmsKeyId: 'S3_MANAGED_KEY' });
    await expect(
      sl(LOGS).send(
        new CreateDataLakeCommand({
          configurations: [{ region: 'eu-west-1' }],
          metaStoreManagerRoleArn: ROLE,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConflictException' });
  });

  // https://docs.aws.amazon.com/security-lake/latest/APIReference/API_UpdateDataLake.html, API_DeleteDataLake.html
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/SecurityLakeResourceManagementServiceRolePolicy.html
  it('creates the manager queue and its dead-letter queue, encrypted with the lake key or SSE-SQS', async () => {
    const env = orgSandbox([securityLakeService, sqsService]);
    const sl = env.as(SecurityLakeClient, LOGS, 'us-east-1');
    await env
      .as(SecurityLakeClient, MGMT, 'us-east-1')
      .send(new RegisterDataLakeDelegatedAdministratorCommand({ accountId: LOGS }));
    await sl.send(
      new CreateDataLakeCommand({
        configurations: [
          { region: 'us-east-1', encryptionConfiguration: { kmsKeyId: KEY } },
          { region: 'eu-west-1' },
        ],
        metaStoreManagerRoleArn: ROLE,
      }),
    );
    const attrs = async (region: string) => {
      const sqs = env.as(SQSClient, LOGS, region);
      const { QueueUrls = [] } = await sqs.send(
        new ListQueuesCommand({ QueueNamePrefix: 'AmazonSecurityLake' }),
      );
      const out: Record<string, Record<string, string> | undefined> = {};
      for (const url of QueueUrls) {
        const a = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            AttributeNames: ['QueueArn', 'KmsMasterKeyId', 'SqsManagedSseEnabled', 'RedrivePolicy'],
          }),
        );
        out[url.slice(url.lastIndexOf('/') + 1)] = a.Attributes;
      }
      return out;
    };
    const dlqArn = `arn:aws:sqs:us-east-1:${LOGS}:AmazonSecurityLakeManager-us-east-1-Dlq`;
    expect(await attrs('us-east-1')).toEqual({
      'AmazonSecurityLakeManager-us-east-1-Dlq': {
        QueueArn: dlqArn,
        KmsMasterKeyId: KEY,
        SqsManagedSseEnabled: 'false',
      },
      'AmazonSecurityLakeManager-us-east-1-Queue': {
        QueueArn: `arn:aws:sqs:us-east-1:${LOGS}:AmazonSecurityLakeManager-us-east-1-Queue`,
        KmsMasterKeyId: KEY,
        SqsManagedSseEnabled: 'false',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 10 }),
      },
    });
    const eu = await attrs('eu-west-1');
    expect(Object.keys(eu)).toEqual([
      'AmazonSecurityLakeManager-eu-west-1-Dlq',
      'AmazonSecurityLakeManager-eu-west-1-Queue',
    ]);
    expect(eu['AmazonSecurityLakeManager-eu-west-1-Queue']).toMatchObject({ SqsManagedSseEnabled: 'true' });
    expect(eu['AmazonSecurityLakeManager-eu-west-1-Queue']?.KmsMasterKeyId).toBeUndefined();
  });

  it('updates and deletes existing data lakes only', async () => {
    const { sl, lake } = setup();
    await lake(['us-east-1']);
    await expect(
      sl(LOGS).send(new UpdateDataLakeCommand({ configurations: [{ region: 'eu-west-1' }] })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    const upd = await sl(LOGS).send(
      new UpdateDataLakeCommand({
        configurations: [{ region: 'us-east-1', encryptionConfiguration: { kmsKeyId: KEY } }],
      }),
    );
    expect(upd.dataLakes?.[0]?.encryptionConfiguration).toEqual({ kmsKeyId: KEY });
    await expect(sl(LOGS).send(new DeleteDataLakeCommand({ regions: ['eu-west-1'] }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await sl(LOGS).send(new DeleteDataLakeCommand({ regions: ['us-east-1'] }));
    expect((await sl(LOGS).send(new ListDataLakesCommand({}))).dataLakes).toEqual([]);
  });

  // https://docs.aws.amazon.com/security-lake/latest/APIReference/API_CreateAwsLogSource.html
  it('lets the delegated administrator collect sources for organization accounts, defaulting to version 2.0', async () => {
    const { sl, lake } = setup();
    await sl(MGMT).send(new RegisterDataLakeDelegatedAdministratorCommand({ accountId: LOGS }));
    await expect(
      sl(LOGS).send(
        new CreateAwsLogSourceCommand({ sources: [{ sourceName: 'ROUTE53', regions: ['us-east-1'] }] }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await lake(['us-east-1', 'eu-west-1']);
    const res = await sl(LOGS).send(
      new CreateAwsLogSourceCommand({
        sources: [
          {
            sourceName: 'CLOUD_TRAIL_MGMT',
            regions: ['us-east-1', 'eu-west-1'],
            accounts: [LOGS, WORKLOAD, OUTSIDER],
          },
          { sourceName: 'VPC_FLOW', sourceVersion: '1.0', regions: ['us-east-1'], accounts: [WORKLOAD] },
        ],
      }),
    );
    expect(res.failed).toEqual([OUTSIDER]);
    const { sources } = await sl(LOGS).send(
      new ListLogSourcesCommand({ regions: ['us-east-1'], accounts: [WORKLOAD] }),
    );
    expect(sources).toEqual([
      {
        account: WORKLOAD,
        region: 'us-east-1',
        sources: [
          { awsLogSource: { sourceName: 'CLOUD_TRAIL_MGMT', sourceVersion: '2.0' } },
          { awsLogSource: { sourceName: 'VPC_FLOW', sourceVersion: '1.0' } },
        ],
      },
    ]);
    const v2Only = await sl(LOGS).send(
      new ListLogSourcesCommand({
        sources: [{ awsLogSource: { sourceName: 'VPC_FLOW', sourceVersion: '2.0' } }],
      }),
    );
    expect(v2Only.sources).toEqual([]);
    await sl(LOGS).send(
      new DeleteAwsLogSourceCommand({
        sources: [{ sourceName: 'CLOUD_TRAIL_MGMT', regions: ['eu-west-1'], accounts: [WORKLOAD] }],
      }),
    );
    // GetDataLakeSources: the snapshot of the current Region, one entry per account and source.
    const snapshot = await sl(LOGS).send(new GetDataLakeSourcesCommand({ accounts: [WORKLOAD] }));
    expect(
      snapshot.dataLakeSources?.map((d) => [d.account, d.sourceName, d.sourceStatuses?.[0]?.status]),
    ).toEqual([
      [WORKLOAD, 'CLOUD_TRAIL_MGMT', 'COLLECTING'],
      [WORKLOAD, 'VPC_FLOW', 'COLLECTING'],
    ]);
    const eu = await sl(LOGS).send(new ListLogSourcesCommand({ regions: ['eu-west-1'] }));
    expect(eu.sources?.map((s) => s.account)).toEqual([LOGS]);
    await expect(
      sl(LOGS).send(
        new CreateAwsLogSourceCommand({
          sources: [{ sourceName: 'ROUTE53', sourceVersion: '3.0', regions: ['us-east-1'] }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  // https://docs.aws.amazon.com/security-lake/latest/userguide/multi-account-management.html
  it('does not let a standalone lake owner collect another account’s sources', async () => {
    const { sl } = setup();
    await sl(WORKLOAD).send(
      new CreateDataLakeCommand({ configurations: [{ region: 'us-east-1' }], metaStoreManagerRoleArn: ROLE }),
    );
    const res = await sl(WORKLOAD).send(
      new CreateAwsLogSourceCommand({
        sources: [{ sourceName: 'ROUTE53', regions: ['us-east-1'], accounts: [WORKLOAD, LOGS] }],
      }),
    );
    expect(res.failed).toEqual([LOGS]);
  });

  // https://docs.aws.amazon.com/security-lake/latest/APIReference/API_CreateDataLakeOrganizationConfiguration.html
  it('merges the organization configuration, applies it to accounts that join later, and deletes parts of it', async () => {
    const { sl, lake, join, clock } = setup();
    await lake(['us-east-1', 'eu-west-1']);
    const cfg = (sourceName: 'ROUTE53' | 'SH_FINDINGS', region = 'us-east-1') =>
      new CreateDataLakeOrganizationConfigurationCommand({
        autoEnableNewAccount: [{ region, sources: [{ sourceName }] }],
      });
    await expect(sl(AUDIT).send(cfg('ROUTE53'))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await sl(LOGS).send(cfg('ROUTE53'));
    await sl(LOGS).send(cfg('SH_FINDINGS'));
    await sl(LOGS).send(cfg('ROUTE53', 'eu-west-1'));
    const got = await sl(LOGS).send(new GetDataLakeOrganizationConfigurationCommand({}));
    expect(got.autoEnableNewAccount).toEqual([
      { region: 'eu-west-1', sources: [{ sourceName: 'ROUTE53', sourceVersion: '2.0' }] },
      {
        region: 'us-east-1',
        sources: [
          { sourceName: 'ROUTE53', sourceVersion: '2.0' },
          { sourceName: 'SH_FINDINGS', sourceVersion: '2.0' },
        ],
      },
    ]);
    clock.advance(1000);
    join('555555555555');
    const { sources } = await sl(LOGS).send(new ListLogSourcesCommand({ regions: ['us-east-1'] }));
    expect(sources?.map((s) => [s.account, s.sources?.length])).toEqual([['555555555555', 2]]);
    await sl(LOGS).send(
      new DeleteDataLakeOrganizationConfigurationCommand({
        autoEnableNewAccount: [{ region: 'us-east-1', sources: [{ sourceName: 'ROUTE53' }] }],
      }),
    );
    const after = await sl(LOGS).send(new GetDataLakeOrganizationConfigurationCommand({}));
    expect(after.autoEnableNewAccount?.find((e) => e.region === 'us-east-1')?.sources).toEqual([
      { sourceName: 'SH_FINDINGS', sourceVersion: '2.0' },
    ]);
    await sl(LOGS).send(new DeleteDataLakeOrganizationConfigurationCommand({}));
    expect(await sl(LOGS).send(new GetDataLakeOrganizationConfigurationCommand({}))).not.toHaveProperty(
      'autoEnableNewAccount',
    );
  });

  // https://docs.aws.amazon.com/security-lake/latest/APIReference/API_CreateSubscriber.html
  it('creates data access and query access subscribers on an existing lake', async () => {
    const { sl, lake } = setup();
    const sub = (name: string, accessTypes: ('S3' | 'LAKEFORMATION')[]) =>
      new CreateSubscriberCommand({
        subscriberName: name,
        subscriberIdentity: { principal: AUDIT, externalId: 'sra' },
        sources: [{ awsLogSource: { sourceName: 'CLOUD_TRAIL_MGMT', sourceVersion: '2.0' } }],
        accessTypes,
      });
    await expect(sl(LOGS).send(sub('audit-data', ['S3']))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await lake();
    const data = await sl(LOGS).send(sub('audit-data', ['S3']));
    const query = await sl(LOGS).send(sub('audit-query', ['LAKEFORMATION']));
    expect(query.subscriber).toMatchObject({ accessTypes: ['LAKEFORMATION'], subscriberStatus: 'ACTIVE' });
    expect(query.subscriber?.resourceShareArn).toBeDefined();
    await expect(sl(LOGS).send(sub('audit-data', ['S3']))).rejects.toMatchObject({
      name: 'ConflictException',
    });
    const { subscribers } = await sl(LOGS).send(new ListSubscribersCommand({}));
    expect(subscribers?.map((s) => [s.subscriberName, s.subscriberIdentity?.principal])).toEqual([
      ['audit-data', AUDIT],
      ['audit-query', AUDIT],
    ]);
    await sl(LOGS).send(new DeleteSubscriberCommand({ subscriberId: data.subscriber!.subscriberId }));
    await expect(
      sl(LOGS).send(new GetSubscriberCommand({ subscriberId: data.subscriber!.subscriberId })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  // Propagation knobs documented in the service file header.
  it('honours the securitylake:admin and securitylake:datalake propagation delays', async () => {
    const { sl, clock } = setup({
      propagationDelayMs: { 'securitylake:admin': 10_000, 'securitylake:datalake': 5_000 },
    });
    await sl(MGMT).send(new RegisterDataLakeDelegatedAdministratorCommand({ accountId: LOGS }));
    const created = await sl(LOGS).send(
      new CreateDataLakeCommand({ configurations: [{ region: 'us-east-1' }], metaStoreManagerRoleArn: ROLE }),
    );
    expect(created.dataLakes?.[0]?.createStatus).toBe('PENDING');
    await expect(sl(LOGS).send(new GetDataLakeOrganizationConfigurationCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    clock.advance(10_000);
    expect((await sl(LOGS).send(new ListDataLakesCommand({}))).dataLakes?.[0]?.createStatus).toBe(
      'COMPLETED',
    );
    await expect(sl(LOGS).send(new GetDataLakeOrganizationConfigurationCommand({}))).resolves.toBeDefined();
  });
});
