/**
 * Semantics of the simulated AWS CloudTrail, through the real CloudTrailClient, including the
 * cross-account chain of the SRA: KMS key in Security Tooling → bucket in Log Archive with its
 * policy → organization trail from the management account. Each test names the AWS page it pins.
 */
import { describe, expect, it } from 'vitest';
import {
  CloudTrailClient,
  CreateTrailCommand,
  type CreateTrailCommandInput,
  DeleteTrailCommand,
  DeregisterOrganizationDelegatedAdminCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
  RegisterOrganizationDelegatedAdminCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  TrailNotFoundException,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, DisableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { SandboxKnobs } from '../../src/sandbox/core/sandbox.js';
import { cloudtrailService } from '../../src/sandbox/services/cloudtrail.js';
import { kmsService } from '../../src/sandbox/services/kms.js';
import { findBucket, s3Service } from '../../src/sandbox/services/s3.js';
import { AUDIT, LOGS, MGMT, orgSandbox, OUTSIDER, WORKLOAD } from './helpers.js';

const ORG_ID = 'o-1111111111';
const BUCKET = 'org-trail-logs';
const CT = 'cloudtrail.amazonaws.com';
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`;
const EXTRA = ['666666666666', '777777777777'];

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).name;
  }
  throw new Error('expected the call to fail');
}

/** The bucket policy CloudTrail documents for an organization trail. */
function orgTrailBucketPolicy(prefixes: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: CT },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${BUCKET}`,
        Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: CT },
        Action: 's3:PutObject',
        Resource: prefixes.map((p) => `arn:aws:s3:::${BUCKET}/AWSLogs/${p}/*`),
        Condition: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL_ARN },
        },
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}

/** A key policy in Security Tooling that lets CloudTrail encrypt the management account's trails. */
function trailKeyPolicy(withCloudTrail = true): string {
  const statements: object[] = [
    {
      Sid: 'root',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ];
  if (withCloudTrail) {
    statements.push(
      {
        Sid: 'CloudTrailEncrypt',
        Effect: 'Allow',
        Principal: { Service: CT },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: {
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${MGMT}:trail/*` },
          StringEquals: { 'aws:SourceArn': TRAIL_ARN },
        },
      },
      {
        Sid: 'CloudTrailDescribe',
        Effect: 'Allow',
        Principal: { Service: CT },
        Action: 'kms:DescribeKey',
        Resource: '*',
      },
    );
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

interface ChainOptions {
  bucket?: boolean;
  bucketPolicy?: string | null;
  keyPolicy?: string;
  keyRegion?: string;
  trustedAccess?: boolean;
  knobs?: SandboxKnobs;
}

/** Builds the cross-account chain through the APIs; each option removes or changes one link. */
async function chain(options: ChainOptions = {}) {
  const env = orgSandbox([s3Service, kmsService, cloudtrailService], options.knobs ?? {}, [
    ...EXTRA.map((id) => ({ id, ou: 'Workloads' })),
  ]);
  const { as, sandbox } = env;
  if (options.trustedAccess ?? true) sandbox.world.organization!.trustedAccess.set(CT, 0);
  if (options.bucket ?? true) {
    const s3 = as(S3Client, LOGS);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const p =
      options.bucketPolicy === undefined ? orgTrailBucketPolicy([MGMT, ORG_ID]) : options.bucketPolicy;
    if (p !== null) await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: p }));
  }
  const key = await as(KMSClient, AUDIT, options.keyRegion ?? 'us-east-1').send(
    new CreateKeyCommand({ Policy: options.keyPolicy ?? trailKeyPolicy() }),
  );
  const orgTrail: CreateTrailCommandInput = {
    Name: 'org-trail',
    S3BucketName: BUCKET,
    IsOrganizationTrail: true,
    IsMultiRegionTrail: true,
    IncludeGlobalServiceEvents: true,
    EnableLogFileValidation: true,
    KmsKeyId: key.KeyMetadata!.Arn!,
  };
  return {
    ...env,
    keyArn: key.KeyMetadata!.Arn!,
    orgTrail,
    ct: (account: string, region = 'us-east-1') => as(CloudTrailClient, account, region),
  };
}

describe('CloudTrail organization trail: the cross-account chain', () => {
  it('creates a KMS-encrypted multi-Region organization trail owned by the management account', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
    const { ct, orgTrail, keyArn } = await chain();
    const out = await ct(MGMT).send(new CreateTrailCommand(orgTrail));
    expect(out).toMatchObject({
      Name: 'org-trail',
      TrailARN: TRAIL_ARN,
      IsOrganizationTrail: true,
      IsMultiRegionTrail: true,
      LogFileValidationEnabled: true,
      KmsKeyId: keyArn,
    });
  });

  it('names the missing bucket with S3BucketDoesNotExistException', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
    const { ct, orgTrail } = await chain({ bucket: false });
    expect(await failure(ct(MGMT).send(new CreateTrailCommand(orgTrail)))).toBe(
      'S3BucketDoesNotExistException',
    );
  });

  it('refuses a bucket whose policy does not admit CloudTrail with InsufficientS3BucketPolicyException', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
    const none = await chain({ bucketPolicy: null });
    expect(await failure(none.ct(MGMT).send(new CreateTrailCommand(none.orgTrail)))).toBe(
      'InsufficientS3BucketPolicyException',
    );
    // An organization trail also writes under AWSLogs/<org id>/: a policy for the account only is not enough.
    const accountOnly = await chain({ bucketPolicy: orgTrailBucketPolicy([MGMT]) });
    expect(await failure(accountOnly.ct(MGMT).send(new CreateTrailCommand(accountOnly.orgTrail)))).toBe(
      'InsufficientS3BucketPolicyException',
    );
    // The same account-only policy is enough for an ordinary trail of the management account.
    await accountOnly
      .ct(MGMT)
      .send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: BUCKET, IsMultiRegionTrail: true }));
  });

  it('names a missing key, or a key in another Region than the bucket, with KmsKeyNotFoundException', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
    const { ct, orgTrail } = await chain();
    const missing = `arn:aws:kms:us-east-1:${AUDIT}:key/00000000-0000-4000-8000-000000000000`;
    expect(await failure(ct(MGMT).send(new CreateTrailCommand({ ...orgTrail, KmsKeyId: missing })))).toBe(
      'KmsKeyNotFoundException',
    );
    const elsewhere = await chain({ keyRegion: 'eu-west-1' });
    expect(await failure(elsewhere.ct(MGMT).send(new CreateTrailCommand(elsewhere.orgTrail)))).toBe(
      'KmsKeyNotFoundException',
    );
    expect(
      await failure(ct(MGMT).send(new CreateTrailCommand({ ...orgTrail, KmsKeyId: 'arn:aws:kms:bad' }))),
    ).toBe('InvalidKmsKeyIdException');
  });

  it('refuses a key whose policy does not admit CloudTrail, and a disabled key', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
    const noGrant = await chain({ keyPolicy: trailKeyPolicy(false) });
    expect(await failure(noGrant.ct(MGMT).send(new CreateTrailCommand(noGrant.orgTrail)))).toBe(
      'InsufficientEncryptionPolicyException',
    );
    const disabled = await chain();
    await disabled.as(KMSClient, AUDIT).send(new DisableKeyCommand({ KeyId: disabled.keyArn }));
    expect(await failure(disabled.ct(MGMT).send(new CreateTrailCommand(disabled.orgTrail)))).toBe(
      'KmsException',
    );
  });

  it('allows organization trails only from the management account or the CloudTrail delegated admin', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-an-organizational-trail-prepare.html
    const { ct, orgTrail } = await chain();
    expect(await failure(ct(WORKLOAD).send(new CreateTrailCommand(orgTrail)))).toBe(
      'NotOrganizationMasterAccountException',
    );
    expect(await failure(ct(OUTSIDER).send(new CreateTrailCommand(orgTrail)))).toBe(
      'OrganizationsNotInUseException',
    );
    const noAccess = await chain({ trustedAccess: false });
    expect(await failure(noAccess.ct(MGMT).send(new CreateTrailCommand(noAccess.orgTrail)))).toBe(
      'CloudTrailAccessNotEnabledException',
    );
    const billing = await chain();
    billing.sandbox.world.organization!.featureSet = 'CONSOLIDATED_BILLING';
    expect(await failure(billing.ct(MGMT).send(new CreateTrailCommand(billing.orgTrail)))).toBe(
      'OrganizationNotInAllFeaturesModeException',
    );
    const denied = await chain({ knobs: { deny: [{ action: 'organizations:List*', account: MGMT }] } });
    expect(await failure(denied.ct(MGMT).send(new CreateTrailCommand(denied.orgTrail)))).toBe(
      'InsufficientDependencyServiceAccessPermissionException',
    );
  });

  it('lets the delegated administrator create the trail, still owned by the management account', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
    const { ct, orgTrail, sandbox } = await chain();
    await ct(MGMT).send(new RegisterOrganizationDelegatedAdminCommand({ MemberAccountId: AUDIT }));
    expect(sandbox.world.delegatedAdminsFor(CT)).toEqual([AUDIT]);
    const out = await ct(AUDIT).send(new CreateTrailCommand(orgTrail));
    expect(out.TrailARN).toBe(TRAIL_ARN);
    await ct(AUDIT).send(new StartLoggingCommand({ Name: TRAIL_ARN }));
    expect((await ct(MGMT).send(new GetTrailStatusCommand({ Name: 'org-trail' }))).IsLogging).toBe(true);
  });
});

describe('CloudTrail trail visibility', () => {
  it('shows a multi-Region trail as a shadow trail in other Regions', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html
    const { ct, orgTrail } = await chain();
    await ct(MGMT).send(new CreateTrailCommand(orgTrail));
    const eu = ct(MGMT, 'eu-west-1');
    const shadow = await eu.send(new DescribeTrailsCommand({}));
    expect(shadow.trailList?.map((t) => [t.Name, t.HomeRegion])).toEqual([['org-trail', 'us-east-1']]);
    expect((await eu.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList).toEqual([]);
    // By name only the trails homed in this Region match; a shadow needs its ARN.
    expect((await eu.send(new DescribeTrailsCommand({ trailNameList: ['org-trail'] }))).trailList).toEqual(
      [],
    );
    expect((await eu.send(new DescribeTrailsCommand({ trailNameList: [TRAIL_ARN] }))).trailList).toHaveLength(
      1,
    );
    await expect(eu.send(new GetTrailCommand({ Name: 'org-trail' }))).rejects.toBeInstanceOf(
      TrailNotFoundException,
    );
    expect((await eu.send(new GetTrailCommand({ Name: TRAIL_ARN }))).Trail?.HomeRegion).toBe('us-east-1');
  });

  it('shows the organization trail in member accounts, and lists it', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListTrails.html
    const { ct, orgTrail } = await chain();
    await ct(MGMT).send(new CreateTrailCommand(orgTrail));
    const member = ct(WORKLOAD, 'us-east-1');
    const seen = await member.send(new DescribeTrailsCommand({}));
    expect(seen.trailList?.map((t) => [t.TrailARN, t.IsOrganizationTrail])).toEqual([[TRAIL_ARN, true]]);
    expect((await member.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList).toEqual(
      [],
    );
    expect((await member.send(new ListTrailsCommand({}))).Trails).toEqual([
      { TrailARN: TRAIL_ARN, Name: 'org-trail', HomeRegion: 'us-east-1' },
    ]);
    expect((await ct(OUTSIDER).send(new ListTrailsCommand({}))).Trails).toEqual([]);
  });

  it('modifies and deletes a trail only from its home Region and only by its managers', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DeleteTrail.html (InvalidHomeRegionException)
    const { ct, orgTrail } = await chain();
    await ct(MGMT).send(new CreateTrailCommand(orgTrail));
    expect(await failure(ct(MGMT, 'eu-west-1').send(new DeleteTrailCommand({ Name: TRAIL_ARN })))).toBe(
      'InvalidHomeRegionException',
    );
    expect(await failure(ct(WORKLOAD).send(new StopLoggingCommand({ Name: TRAIL_ARN })))).toBe(
      'NotOrganizationMasterAccountException',
    );
    await ct(MGMT).send(new DeleteTrailCommand({ Name: 'org-trail' }));
    expect((await ct(WORKLOAD).send(new DescribeTrailsCommand({}))).trailList).toEqual([]);
  });
});

describe('CloudTrail trail rules', () => {
  it('validates trail names and parameter combinations', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html
    const { ct } = await chain();
    const client = ct(MGMT);
    expect(
      await failure(client.send(new CreateTrailCommand({ Name: 'my--trail', S3BucketName: BUCKET }))),
    ).toBe('InvalidTrailNameException');
    expect(
      await failure(
        client.send(
          new CreateTrailCommand({
            Name: 'regional',
            S3BucketName: BUCKET,
            IsMultiRegionTrail: true,
            IncludeGlobalServiceEvents: false,
          }),
        ),
      ),
    ).toBe('InvalidParameterCombinationException');
    expect(
      await failure(
        client.send(
          new CreateTrailCommand({
            Name: 'cwl',
            S3BucketName: BUCKET,
            CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${MGMT}:log-group:trail:*`,
          }),
        ),
      ),
    ).toBe('InvalidCloudWatchLogsRoleArnException');
    expect(await failure(client.send(new GetTrailCommand({ Name: 'arn:aws:cloudtrail:nope' })))).toBe(
      'CloudTrailARNInvalidException',
    );
  });

  it('rejects a duplicate name and a sixth trail in a Region', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html (5 trails per Region)
    const { ct, sandbox } = await chain({ bucketPolicy: orgTrailBucketPolicy([MGMT, ORG_ID]) });
    // Let any trail of the management account write (the chain policy pins org-trail's ARN).
    findBucket(sandbox.world, BUCKET)!.policy = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: CT },
          Action: ['s3:GetBucketAcl', 's3:PutObject'],
          Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        },
      ],
    });
    const client = ct(MGMT);
    for (let i = 1; i <= 5; i++) {
      await client.send(new CreateTrailCommand({ Name: `trail-${i}`, S3BucketName: BUCKET }));
    }
    expect(
      await failure(client.send(new CreateTrailCommand({ Name: 'trail-1', S3BucketName: BUCKET }))),
    ).toBe('TrailAlreadyExistsException');
    expect(
      await failure(client.send(new CreateTrailCommand({ Name: 'trail-6', S3BucketName: BUCKET }))),
    ).toBe('MaximumNumberOfTrailsExceededException');
    // Single-Region trails of us-east-1 do not count in eu-west-1.
    await ct(MGMT, 'eu-west-1').send(new CreateTrailCommand({ Name: 'trail-6', S3BucketName: BUCKET }));
  });

  it('logs only after StartLogging and reports delivery as of the start, then the delivery error', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
    const { ct, orgTrail, clock, sandbox, as, keyArn } = await chain();
    const client = ct(MGMT);
    await client.send(new CreateTrailCommand(orgTrail));
    expect((await client.send(new GetTrailStatusCommand({ Name: 'org-trail' }))).IsLogging).toBe(false);
    const started = clock.now();
    await client.send(new StartLoggingCommand({ Name: 'org-trail' }));
    clock.advance(60_000);
    const status = await client.send(new GetTrailStatusCommand({ Name: 'org-trail' }));
    expect(status).toMatchObject({ IsLogging: true });
    expect(status.StartLoggingTime?.getTime()).toBe(started);
    expect(status.LatestDeliveryTime?.getTime()).toBe(started);
    expect(status.LatestDigestDeliveryTime?.getTime()).toBe(started);
    expect(status.LatestDeliveryError).toBeUndefined();
    const keys = [...findBucket(sandbox.world, BUCKET)!.objects.keys()];
    expect(keys.some((k) => k.startsWith(`AWSLogs/${ORG_ID}/${MGMT}/CloudTrail/us-east-1/`))).toBe(true);
    expect(keys.some((k) => k.includes('/CloudTrail-Digest/'))).toBe(true);
    await as(KMSClient, AUDIT).send(new DisableKeyCommand({ KeyId: keyArn }));
    expect((await client.send(new GetTrailStatusCommand({ Name: 'org-trail' }))).LatestDeliveryError).toBe(
      'KMS.DisabledException',
    );
    await as(S3Client, LOGS).send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
    expect((await client.send(new GetTrailStatusCommand({ Name: 'org-trail' }))).LatestDeliveryError).toBe(
      'AccessDenied',
    );
    await client.send(new StopLoggingCommand({ Name: 'org-trail' }));
    const stopped = await client.send(new GetTrailStatusCommand({ Name: 'org-trail' }));
    expect(stopped.IsLogging).toBe(false);
    expect(stopped.StopLoggingTime?.getTime()).toBe(clock.now());
  });

  it('re-checks the destination when UpdateTrail changes the key', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
    const { ct, orgTrail, as } = await chain();
    const client = ct(MGMT);
    await client.send(new CreateTrailCommand({ ...orgTrail, KmsKeyId: undefined }));
    const bare = await as(KMSClient, AUDIT).send(new CreateKeyCommand({}));
    expect(
      await failure(
        client.send(new UpdateTrailCommand({ Name: 'org-trail', KmsKeyId: bare.KeyMetadata!.Arn! })),
      ),
    ).toBe('InsufficientEncryptionPolicyException');
    const updated = await client.send(
      new UpdateTrailCommand({ Name: 'org-trail', EnableLogFileValidation: false }),
    );
    expect(updated.LogFileValidationEnabled).toBe(false);
    expect(updated.KmsKeyId).toBeUndefined();
  });

  it('keeps default, basic and advanced event selectors apart', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
    const { ct, orgTrail } = await chain();
    const client = ct(MGMT);
    await client.send(new CreateTrailCommand(orgTrail));
    const initial = await client.send(new GetEventSelectorsCommand({ TrailName: 'org-trail' }));
    expect(initial.EventSelectors).toEqual([
      {
        ReadWriteType: 'All',
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ]);
    expect(
      await failure(
        client.send(
          new PutEventSelectorsCommand({
            TrailName: 'org-trail',
            EventSelectors: [{ ReadWriteType: 'All' }],
            AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }],
          }),
        ),
      ),
    ).toBe('InvalidEventSelectorsException');
    await client.send(
      new PutEventSelectorsCommand({
        TrailName: 'org-trail',
        AdvancedEventSelectors: [
          {
            Name: 'S3 data',
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            ],
          },
        ],
      }),
    );
    const after = await client.send(new GetEventSelectorsCommand({ TrailName: 'org-trail' }));
    expect(after.EventSelectors).toBeUndefined();
    expect(after.AdvancedEventSelectors?.[0]?.Name).toBe('S3 data');
    expect(
      (await client.send(new GetTrailCommand({ Name: 'org-trail' }))).Trail?.HasCustomEventSelectors,
    ).toBe(true);
  });

  it('answers InsightNotEnabledException until Insights selectors are set', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetInsightSelectors.html
    const { ct, orgTrail } = await chain();
    const client = ct(MGMT);
    await client.send(new CreateTrailCommand(orgTrail));
    expect(await failure(client.send(new GetInsightSelectorsCommand({ TrailName: 'org-trail' })))).toBe(
      'InsightNotEnabledException',
    );
    expect(
      await failure(
        client.send(
          new PutInsightSelectorsCommand({
            TrailName: 'org-trail',
            InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiCallRateInsight' }],
          }),
        ),
      ),
    ).toBe('InvalidInsightSelectorsException');
    await client.send(
      new PutInsightSelectorsCommand({
        TrailName: 'org-trail',
        InsightSelectors: [{ InsightType: 'ApiErrorRateInsight' }],
      }),
    );
    expect(
      (await client.send(new GetInsightSelectorsCommand({ TrailName: 'org-trail' }))).InsightSelectors,
    ).toEqual([{ InsightType: 'ApiErrorRateInsight' }]);
  });
});

describe('CloudTrail delegated administrator API', () => {
  it('registers members only, from the management account, up to three', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_RegisterOrganizationDelegatedAdmin.html
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
    const { ct, sandbox } = await chain();
    const mgmt = ct(MGMT);
    const register = (id: string, client = mgmt) =>
      client.send(new RegisterOrganizationDelegatedAdminCommand({ MemberAccountId: id }));
    expect(await failure(register(MGMT))).toBe('CannotDelegateManagementAccountException');
    expect(await failure(register(OUTSIDER))).toBe('AccountNotFoundException');
    expect(await failure(register(LOGS, ct(AUDIT)))).toBe('NotOrganizationManagementAccountException');
    await register(AUDIT);
    expect(await failure(register(AUDIT))).toBe('AccountRegisteredException');
    await register(EXTRA[0]!);
    await register(EXTRA[1]!);
    expect(await failure(register(LOGS))).toBe('DelegatedAdminAccountLimitExceededException');
    expect(sandbox.world.delegatedAdminsFor(CT).sort()).toEqual([AUDIT, ...EXTRA].sort());
    await mgmt.send(new DeregisterOrganizationDelegatedAdminCommand({ DelegatedAdminAccountId: AUDIT }));
    expect(
      await failure(
        mgmt.send(new DeregisterOrganizationDelegatedAdminCommand({ DelegatedAdminAccountId: AUDIT })),
      ),
    ).toBe('AccountNotRegisteredException');
  });

  it('needs trusted access for CloudTrail before registering', async () => {
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_RegisterOrganizationDelegatedAdmin.html
    const { ct } = await chain({ trustedAccess: false });
    expect(
      await failure(ct(MGMT).send(new RegisterOrganizationDelegatedAdminCommand({ MemberAccountId: AUDIT }))),
    ).toBe('CloudTrailAccessNotEnabledException');
  });
});
