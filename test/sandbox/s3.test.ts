/**
 * Semantics of the simulated Amazon S3, through the real S3Client. Each test names the AWS page
 * whose rule it pins.
 */
import { describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeletePublicAccessBlockCommand,
  DeleteBucketEncryptionCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  NoSuchBucket,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import {
  PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { s3Service, createBucketState, findBucket } from '../../src/sandbox/services/s3.js';
import { s3controlService } from '../../src/sandbox/services/s3control.js';
import { AUDIT, LOGS, orgSandbox, WORKLOAD } from './helpers.js';

/** Error name and HTTP status of a rejected call. */
async function failure(
  p: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; err: unknown }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, err: e };
  }
  throw new Error('expected the call to fail');
}

const OPT_IN = '555555555555';

function setup() {
  const env = orgSandbox([s3Service, s3controlService], {}, [
    { id: OPT_IN, name: 'Opt-in', ou: 'Workloads', optInRegions: ['af-south-1'] },
  ]);
  return env;
}

async function makeBucket(s3: S3Client, name: string, region: string): Promise<void> {
  await s3.send(
    new CreateBucketCommand({
      Bucket: name,
      ...(region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }),
    }),
  );
}

function publicReadPolicy(bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` },
    ],
  });
}

describe('S3 CreateBucket and bucket Regions', () => {
  it('creates a bucket in the Region of its LocationConstraint and lists it with that Region', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html (us-east-1 is null)
    const { as } = setup();
    const eu = as(S3Client, LOGS, 'eu-west-1');
    const us = as(S3Client, LOGS, 'us-east-1');
    await makeBucket(eu, 'logs-eu', 'eu-west-1');
    await makeBucket(us, 'logs-us', 'us-east-1');
    const listed = await us.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => [b.Name, b.BucketRegion])).toEqual([
      ['logs-eu', 'eu-west-1'],
      ['logs-us', 'us-east-1'],
    ]);
    expect((await us.send(new GetBucketLocationCommand({ Bucket: 'logs-eu' }))).LocationConstraint).toBe(
      'eu-west-1',
    );
    expect(
      (await eu.send(new GetBucketLocationCommand({ Bucket: 'logs-us' }))).LocationConstraint,
    ).toBeUndefined();
    // Another account does not see the buckets in its own listing.
    expect((await as(S3Client, WORKLOAD).send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
  });

  it('rejects invalid bucket names with InvalidBucketName', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    for (const name of ['ab', '192.168.5.4', 'my..bucket', 'bucket-s3alias', 'bucket-', 'sthree-bucket']) {
      expect((await failure(s3.send(new CreateBucketCommand({ Bucket: name })))).name).toBe(
        'InvalidBucketName',
      );
    }
  });

  it('enforces the LocationConstraint rules of regional endpoints', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
    // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
    const { as } = setup();
    const us = as(S3Client, LOGS, 'us-east-1');
    const eu = as(S3Client, LOGS, 'eu-west-1');
    const usWest = as(S3Client, LOGS, 'us-west-2');
    const explicitUsEast1 = await failure(
      us.send(
        new CreateBucketCommand({
          Bucket: 'b-one',
          CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as 'EU' },
        }),
      ),
    );
    expect(explicitUsEast1.name).toBe('InvalidLocationConstraint');
    // The SDK fills in the client's Region as LocationConstraint when none is given.
    await eu.send(new CreateBucketCommand({ Bucket: 'b-two' }));
    expect((await eu.send(new GetBucketLocationCommand({ Bucket: 'b-two' }))).LocationConstraint).toBe(
      'eu-west-1',
    );
    const mismatch = await failure(
      usWest.send(
        new CreateBucketCommand({
          Bucket: 'b-three',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      ),
    );
    expect(mismatch.name).toBe('IllegalLocationConstraintException');
    // The us-east-1 endpoint keeps the global endpoint's behaviour for Regions that are not opt-in.
    await us.send(
      new CreateBucketCommand({
        Bucket: 'b-four',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    expect((await us.send(new GetBucketLocationCommand({ Bucket: 'b-four' }))).LocationConstraint).toBe(
      'eu-west-1',
    );
  });

  it('answers BucketAlreadyExists to another account and BucketAlreadyOwnedByYou outside us-east-1', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html (legacy 200 OK in us-east-1)
    const { as } = setup();
    const logsEu = as(S3Client, LOGS, 'eu-west-1');
    const logsUs = as(S3Client, LOGS, 'us-east-1');
    await makeBucket(logsEu, 'shared-name', 'eu-west-1');
    await makeBucket(logsUs, 'shared-us', 'us-east-1');
    const other = await failure(
      as(S3Client, WORKLOAD, 'eu-west-1').send(
        new CreateBucketCommand({
          Bucket: 'shared-name',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      ),
    );
    expect(other).toMatchObject({ name: 'BucketAlreadyExists', status: 409 });
    const mine = await failure(
      logsEu.send(
        new CreateBucketCommand({
          Bucket: 'shared-name',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      ),
    );
    expect(mine).toMatchObject({ name: 'BucketAlreadyOwnedByYou', status: 409 });
    await expect(logsUs.send(new CreateBucketCommand({ Bucket: 'shared-us' }))).resolves.toBeDefined();
  });

  it('redirects a request signed for the wrong Region with the bucket Region header', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (PermanentRedirect 301)
    const { as } = setup();
    await makeBucket(as(S3Client, LOGS, 'eu-west-1'), 'eu-bucket', 'eu-west-1');
    const us = as(S3Client, LOGS, 'us-east-1');
    const redirect = await failure(us.send(new GetBucketVersioningCommand({ Bucket: 'eu-bucket' })));
    expect(redirect).toMatchObject({ name: 'PermanentRedirect', status: 301 });
    expect((redirect.err as { $response: { headers: Record<string, string> } }).$response.headers).toEqual({
      'x-amz-bucket-region': 'eu-west-1',
    });
    // HEAD responses have no body, so the SDK names the error after nothing but the status.
    expect(await failure(us.send(new HeadBucketCommand({ Bucket: 'eu-bucket' })))).toMatchObject({
      name: 'Unknown',
      status: 301,
    });
  });

  it('lets the SDK follow the redirect when followRegionRedirects is on', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (x-amz-bucket-region)
    const { as } = setup();
    await makeBucket(as(S3Client, LOGS, 'eu-west-1'), 'eu-follow', 'eu-west-1');
    class FollowingS3 extends S3Client {
      constructor(config: S3ClientConfig) {
        super({ ...config, followRegionRedirects: true });
      }
    }
    const client = as(FollowingS3, LOGS, 'us-east-1');
    const head = await client.send(new HeadBucketCommand({ Bucket: 'eu-follow' }));
    expect(head.BucketRegion).toBe('eu-west-1');
  });

  it('answers IllegalLocationConstraintException for a bucket in an opt-in Region', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (Regions launched after
    // March 20, 2019 answer 400 instead of redirecting)
    const { as } = setup();
    await makeBucket(as(S3Client, OPT_IN, 'af-south-1'), 'cape-town', 'af-south-1');
    const wrong = await failure(
      as(S3Client, OPT_IN, 'eu-west-1').send(new GetBucketPolicyCommand({ Bucket: 'cape-town' })),
    );
    expect(wrong).toMatchObject({ name: 'IllegalLocationConstraintException', status: 400 });
    // Creating it through us-east-1 is refused as well.
    const viaUs = await failure(
      as(S3Client, OPT_IN, 'us-east-1').send(
        new CreateBucketCommand({
          Bucket: 'cape-two',
          CreateBucketConfiguration: { LocationConstraint: 'af-south-1' },
        }),
      ),
    );
    expect(viaUs.name).toBe('IllegalLocationConstraintException');
  });
});

describe('S3 defaults of new buckets', () => {
  it('applies SSE-S3, Block Public Access and BucketOwnerEnforced to a new bucket', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html (January 2023)
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-overview.html (April 2023)
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'fresh-bucket', 'us-east-1');
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'fresh-bucket' }));
    expect(
      enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    ).toBe('AES256');
    const bpa = await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'fresh-bucket' }));
    expect(bpa.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const own = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'fresh-bucket' }));
    expect(own.OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe('BucketOwnerEnforced');
    expect(
      (await s3.send(new GetBucketVersioningCommand({ Bucket: 'fresh-bucket' }))).Status,
    ).toBeUndefined();
  });

  it('reports missing settings of a pre-2023 bucket with their documented errors', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
    const { as, sandbox, clock } = setup();
    createBucketState(sandbox.world, {
      name: 'old-bucket',
      owner: LOGS,
      region: 'us-east-1',
      createdAt: new Date(clock.now()),
      legacyDefaults: true,
    });
    const s3 = as(S3Client, LOGS);
    expect(await failure(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'old-bucket' })))).toMatchObject({
      name: 'NoSuchPublicAccessBlockConfiguration',
      status: 404,
    });
    expect(
      (await failure(s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'old-bucket' })))).name,
    ).toBe('OwnershipControlsNotFoundError');
    expect(
      (await failure(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'old-bucket' })))).name,
    ).toBe('NoSuchLifecycleConfiguration');
    expect((await failure(s3.send(new GetBucketTaggingCommand({ Bucket: 'old-bucket' })))).name).toBe(
      'NoSuchTagSet',
    );
    expect(
      (await failure(s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'old-bucket' })))).name,
    ).toBe('ObjectLockConfigurationNotFoundError');
  });

  it('falls back to SSE-S3 when the encryption configuration is deleted', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'kms-bucket', 'us-east-1');
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'kms-bucket',
        ServerSideEncryptionConfiguration: {
          Rules: [
            { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/logs' } },
          ],
        },
      }),
    );
    const rule = (await s3.send(new GetBucketEncryptionCommand({ Bucket: 'kms-bucket' })))
      .ServerSideEncryptionConfiguration?.Rules?.[0];
    expect(rule?.ApplyServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: 'alias/logs',
    });
    await s3.send(new DeleteBucketEncryptionCommand({ Bucket: 'kms-bucket' }));
    const after = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'kms-bucket' }));
    expect(
      after.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    ).toBe('AES256');
    const bad = await failure(
      s3.send(
        new PutBucketEncryptionCommand({
          Bucket: 'kms-bucket',
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'DES' as 'AES256' } }],
          },
        }),
      ),
    );
    expect(bad.name).toBe('MalformedXML');
  });
});

describe('S3 bucket policies and public access', () => {
  it('answers NoSuchBucketPolicy, MalformedPolicy and stores a valid policy', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'policy-bucket', 'us-east-1');
    expect(await failure(s3.send(new GetBucketPolicyCommand({ Bucket: 'policy-bucket' })))).toMatchObject({
      name: 'NoSuchBucketPolicy',
      status: 404,
    });
    expect(
      (await failure(s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-bucket', Policy: '{not json' }))))
        .name,
    ).toBe('MalformedPolicy');
    const otherBucket = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: WORKLOAD },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::someone-else/*',
        },
      ],
    });
    expect(
      (await failure(s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-bucket', Policy: otherBucket }))))
        .name,
    ).toBe('MalformedPolicy');
    const noPrincipal = JSON.stringify({
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-bucket/*' }],
    });
    expect(
      (await failure(s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-bucket', Policy: noPrincipal }))))
        .name,
    ).toBe('MalformedPolicy');
    const good = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: WORKLOAD },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::policy-bucket/*',
        },
      ],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-bucket', Policy: good }));
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: 'policy-bucket' }))).Policy).toBe(good);
    expect(
      (await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'policy-bucket' }))).PolicyStatus?.IsPublic,
    ).toBe(false);
  });

  it('blocks a public policy while BlockPublicPolicy is on and reports it public once allowed', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'site-bucket', 'us-east-1');
    const blocked = await failure(
      s3.send(new PutBucketPolicyCommand({ Bucket: 'site-bucket', Policy: publicReadPolicy('site-bucket') })),
    );
    expect(blocked).toMatchObject({ name: 'AccessDenied', status: 403 });
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'site-bucket' }));
    await s3.send(
      new PutBucketPolicyCommand({ Bucket: 'site-bucket', Policy: publicReadPolicy('site-bucket') }),
    );
    expect(
      (await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'site-bucket' }))).PolicyStatus?.IsPublic,
    ).toBe(true);
  });

  it('does not count a wildcard principal pinned by aws:SourceOrgID as public', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'org-bucket', 'us-east-1');
    const orgOnly = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::org-bucket/*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1111111111' } },
        },
      ],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'org-bucket', Policy: orgOnly }));
    expect(
      (await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'org-bucket' }))).PolicyStatus?.IsPublic,
    ).toBe(false);
  });

  it('applies the account-level BlockPublicPolicy even without a bucket-level block', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'acct-blocked', 'us-east-1');
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'acct-blocked' }));
    await as(S3ControlClient, LOGS).send(
      new PutAccountPublicAccessBlockCommand({
        AccountId: LOGS,
        PublicAccessBlockConfiguration: { BlockPublicPolicy: true },
      }),
    );
    const blocked = await failure(
      s3.send(
        new PutBucketPolicyCommand({ Bucket: 'acct-blocked', Policy: publicReadPolicy('acct-blocked') }),
      ),
    );
    expect(blocked.name).toBe('AccessDenied');
  });

  it('keeps the bucket policy operations to the owner account', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html (403 without
    // permission, 405 for an identity outside the owner account)
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'owner-only', 'us-east-1');
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'owner-only',
        Policy: JSON.stringify({
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
              Action: 's3:GetBucketPolicy',
              Resource: 'arn:aws:s3:::owner-only',
            },
          ],
        }),
      }),
    );
    expect(
      await failure(as(S3Client, WORKLOAD).send(new GetBucketPolicyCommand({ Bucket: 'owner-only' }))),
    ).toMatchObject({
      name: 'AccessDenied',
      status: 403,
    });
    expect(
      await failure(as(S3Client, AUDIT).send(new GetBucketPolicyCommand({ Bucket: 'owner-only' }))),
    ).toMatchObject({
      name: 'MethodNotAllowed',
      status: 405,
    });
  });

  it('grants another account only what the bucket policy allows, honouring its conditions', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'drop-box', 'us-east-1');
    const policy = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: WORKLOAD },
          Action: 's3:ListBucket',
          Resource: 'arn:aws:s3:::drop-box',
        },
        {
          Effect: 'Allow',
          Principal: { AWS: WORKLOAD },
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::drop-box/*',
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        },
      ],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'drop-box', Policy: policy }));
    const workload = as(S3Client, WORKLOAD);
    expect(
      (await failure(workload.send(new PutObjectCommand({ Bucket: 'drop-box', Key: 'a.txt', Body: 'x' }))))
        .name,
    ).toBe('AccessDenied');
    await workload.send(
      new PutObjectCommand({ Bucket: 'drop-box', Key: 'a.txt', Body: 'x', ACL: 'bucket-owner-full-control' }),
    );
    expect((await workload.send(new ListObjectsV2Command({ Bucket: 'drop-box' }))).KeyCount).toBe(1);
    expect((await failure(workload.send(new GetBucketVersioningCommand({ Bucket: 'drop-box' })))).name).toBe(
      'AccessDenied',
    );
    expect(
      (await failure(as(S3Client, AUDIT).send(new ListObjectsV2Command({ Bucket: 'drop-box' })))).name,
    ).toBe('AccessDenied');
  });

  it('rejects a request whose ExpectedBucketOwner does not own the bucket', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'owned', 'us-east-1');
    const wrong = await failure(
      s3.send(new GetBucketVersioningCommand({ Bucket: 'owned', ExpectedBucketOwner: WORKLOAD })),
    );
    expect(wrong).toMatchObject({ name: 'AccessDenied', status: 403 });
  });
});

describe('S3 bucket lifecycle, versioning and Object Lock', () => {
  it('refuses to delete a bucket that holds objects, then deletes it once empty of them', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html
    const { as, sandbox } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'full-bucket', 'us-east-1');
    await s3.send(new PutObjectCommand({ Bucket: 'full-bucket', Key: 'log.json', Body: '{}' }));
    expect(await failure(s3.send(new DeleteBucketCommand({ Bucket: 'full-bucket' })))).toMatchObject({
      name: 'BucketNotEmpty',
      status: 409,
    });
    findBucket(sandbox.world, 'full-bucket')!.objects.clear();
    await s3.send(new DeleteBucketCommand({ Bucket: 'full-bucket' }));
    expect(await failure(s3.send(new HeadBucketCommand({ Bucket: 'full-bucket' })))).toMatchObject({
      name: 'NotFound',
      status: 404,
    });
    const gone = await failure(s3.send(new GetBucketPolicyCommand({ Bucket: 'full-bucket' })));
    expect(gone.name).toBe('NoSuchBucket');
    // Modeled errors arrive as the SDK's own exception classes.
    expect(gone.err).toBeInstanceOf(NoSuchBucket);
  });

  it('enables Object Lock on an existing bucket only once versioning is enabled, and then pins versioning', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'vault', 'us-east-1');
    const lock = {
      Bucket: 'vault',
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled' as const,
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE' as const, Days: 365 } },
      },
    };
    expect(await failure(s3.send(new PutObjectLockConfigurationCommand(lock)))).toMatchObject({
      name: 'InvalidBucketState',
      status: 409,
    });
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: 'vault', VersioningConfiguration: { Status: 'Enabled' } }),
    );
    await s3.send(new PutObjectLockConfigurationCommand(lock));
    const cfg = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'vault' }));
    expect(cfg.ObjectLockConfiguration).toEqual(lock.ObjectLockConfiguration);
    const suspend = await failure(
      s3.send(
        new PutBucketVersioningCommand({ Bucket: 'vault', VersioningConfiguration: { Status: 'Suspended' } }),
      ),
    );
    expect(suspend.name).toBe('InvalidBucketState');
  });

  it('turns versioning and Object Lock on for a bucket created with ObjectLockEnabledForBucket', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await s3.send(new CreateBucketCommand({ Bucket: 'locked-from-birth', ObjectLockEnabledForBucket: true }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'locked-from-birth' }))).Status).toBe(
      'Enabled',
    );
    const cfg = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'locked-from-birth' }));
    expect(cfg.ObjectLockConfiguration?.ObjectLockEnabled).toBe('Enabled');
  });

  it('stores lifecycle rules and tags, and rejects duplicate tag keys', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'managed', 'us-east-1');
    const rules = [
      { ID: 'expire', Status: 'Enabled' as const, Filter: { Prefix: 'tmp/' }, Expiration: { Days: 400 } },
    ];
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: 'managed',
        LifecycleConfiguration: { Rules: rules },
      }),
    );
    expect((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'managed' }))).Rules).toEqual(
      rules,
    );
    const dup = await failure(
      s3.send(
        new PutBucketTaggingCommand({
          Bucket: 'managed',
          Tagging: {
            TagSet: [
              { Key: 'a', Value: '1' },
              { Key: 'a', Value: '2' },
            ],
          },
        }),
      ),
    );
    expect(dup.name).toBe('InvalidTag');
    await s3.send(
      new PutBucketTaggingCommand({
        Bucket: 'managed',
        Tagging: { TagSet: [{ Key: 'owner', Value: 'security' }] },
      }),
    );
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: 'managed' }))).TagSet).toEqual([
      { Key: 'owner', Value: 'security' },
    ]);
  });

  it('validates the server access logging target bucket', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'app-data', 'us-east-1');
    await makeBucket(s3, 'access-logs', 'us-east-1');
    await makeBucket(as(S3Client, LOGS, 'eu-west-1'), 'access-logs-eu', 'eu-west-1');
    const put = (target: string) =>
      s3.send(
        new PutBucketLoggingCommand({
          Bucket: 'app-data',
          BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: 'app-data/' } },
        }),
      );
    expect((await failure(put('no-such-target'))).name).toBe('InvalidTargetBucketForLogging');
    expect((await failure(put('access-logs-eu'))).name).toBe('CrossLocationLoggingProhibited');
    await put('access-logs');
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket: 'app-data' }))).LoggingEnabled).toEqual({
      TargetBucket: 'access-logs',
      TargetPrefix: 'app-data/',
    });
  });

  it('pages ListObjectsV2 and rolls keys up into common prefixes', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
    const { as } = setup();
    const s3 = as(S3Client, LOGS);
    await makeBucket(s3, 'many-objects', 'us-east-1');
    for (const key of ['a/1', 'a/2', 'b/1', 'c.txt', 'd.txt']) {
      await s3.send(new PutObjectCommand({ Bucket: 'many-objects', Key: key, Body: key }));
    }
    const first = await s3.send(new ListObjectsV2Command({ Bucket: 'many-objects', MaxKeys: 3 }));
    expect(first.Contents?.map((o) => o.Key)).toEqual(['a/1', 'a/2', 'b/1']);
    expect(first.IsTruncated).toBe(true);
    const second = await s3.send(
      new ListObjectsV2Command({
        Bucket: 'many-objects',
        MaxKeys: 3,
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(second.Contents?.map((o) => o.Key)).toEqual(['c.txt', 'd.txt']);
    expect(second.IsTruncated).toBe(false);
    const grouped = await s3.send(new ListObjectsV2Command({ Bucket: 'many-objects', Delimiter: '/' }));
    expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'b/']);
    expect(grouped.Contents?.map((o) => [o.Key, o.Size])).toEqual([
      ['c.txt', 5],
      ['d.txt', 5],
    ]);
    const bad = await failure(
      s3.send(new ListObjectsV2Command({ Bucket: 'many-objects', ContinuationToken: 'garbage' })),
    );
    expect(bad.name).toBe('InvalidArgument');
  });
});
