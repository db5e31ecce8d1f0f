/**
 * Operations of the `log-archive` feature. Every op is idempotent: a re-run after a killed apply finds
 * what the earlier run made (the KMS key by its alias or its `sra-kit:step` tag, buckets by name) and
 * finishes the job instead of creating a second copy.
 */
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  type AliasListEntry,
  type KeyListEntry,
} from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type BucketLocationConstraint,
  type LifecycleRule,
  type ObjectLockRetentionMode,
} from '@aws-sdk/client-s3';
import { defineOp, STEP_TAG_KEY, type Json, type OpContext } from '../../engine/types.js';
import { SraError } from '../../errors.js';
import { bool, int, isAwsError, managedTags, str } from '../common.js';
import { LIFECYCLE_RULE, LIFECYCLE_RULE_ID, type BucketSetting } from './desired.js';

type Params = Readonly<Record<string, Json>>;

/** Lists every page of a KMS list call. */
async function listAll<T>(
  fetch: (marker: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>,
): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  do {
    const page = await fetch(marker);
    out.push(...(page.items ?? []));
    marker = page.next;
  } while (marker);
  return out;
}

/**
 * The key a previous run of this step created: the one `alias` points to, else one tagged with this
 * step's id (a run killed between CreateKey and CreateAlias leaves such a key without an alias).
 */
async function findEarlierKey(ctx: OpContext, alias: string): Promise<string | undefined> {
  const aliases = await listAll<AliasListEntry>(async (Marker) => {
    const r = await ctx.send(
      KMSClient,
      new ListAliasesCommand({ Limit: 100, ...(Marker ? { Marker } : {}) }),
    );
    return { items: r.Aliases, next: r.Truncated ? r.NextMarker : undefined };
  });
  const target = aliases.find((a) => a.AliasName === alias)?.TargetKeyId;
  if (target) return `arn:aws:kms:${ctx.region}:${ctx.account}:key/${target}`;
  const keys = await listAll<KeyListEntry>(async (Marker) => {
    const r = await ctx.send(KMSClient, new ListKeysCommand({ Limit: 1000, ...(Marker ? { Marker } : {}) }));
    return { items: r.Keys, next: r.Truncated ? r.NextMarker : undefined };
  });
  for (const k of keys) {
    if (!k.KeyArn) continue;
    let tags;
    try {
      tags = await ctx.send(KMSClient, new ListResourceTagsCommand({ KeyId: k.KeyArn, Limit: 50 }));
    } catch (e) {
      // AWS managed keys and keys pending deletion of other owners may refuse the call: not ours.
      if (isAwsError(e, 'AccessDeniedException', 'KMSInvalidStateException', 'NotFoundException')) continue;
      throw e;
    }
    if ((tags.Tags ?? []).some((t) => t.TagKey === STEP_TAG_KEY && t.TagValue === ctx.step.id))
      return k.KeyArn;
  }
  return undefined;
}

/**
 * Creates the central log key, its alias and rotation — or adopts the key an earlier run created (found
 * by alias or step tag), enabling it again if a destroy scheduled its deletion and putting the policy.
 */
export const createKeyOp = defineOp({
  op: 'log-archive.create-key',
  calls: [
    'kms:ListAliases',
    'kms:ListKeys',
    'kms:ListResourceTags',
    'kms:CreateKey',
    'kms:TagResource',
    'kms:CreateAlias',
    'kms:EnableKeyRotation',
    'kms:DescribeKey',
    'kms:CancelKeyDeletion',
    'kms:EnableKey',
    'kms:PutKeyPolicy',
  ],
  required: ['alias', 'policy', 'rotation'],
  async run(ctx, params) {
    const alias = str(params, 'alias');
    let arn = await findEarlierKey(ctx, alias);
    if (arn) {
      // An earlier key (a killed run, or one a destroy scheduled for deletion): bring it back as wanted.
      const meta = (await ctx.send(KMSClient, new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata;
      if (meta?.KeyState === 'PendingDeletion') {
        await ctx.send(KMSClient, new CancelKeyDeletionCommand({ KeyId: arn }));
      }
      if (meta?.KeyState !== 'Enabled') await ctx.send(KMSClient, new EnableKeyCommand({ KeyId: arn }));
      await ctx.send(
        KMSClient,
        new PutKeyPolicyCommand({ KeyId: arn, PolicyName: 'default', Policy: str(params, 'policy') }),
      );
    } else {
      const created = await ctx.send(
        KMSClient,
        new CreateKeyCommand({
          Description: 'sra-kit: central log encryption (CloudTrail, Config, findings exports)',
          Policy: str(params, 'policy'),
          Tags: managedTags(ctx.step.id).map((t) => ({ TagKey: t.Key, TagValue: t.Value })),
        }),
      );
      arn = created.KeyMetadata?.Arn;
      if (!arn) throw new Error('CreateKey returned no key ARN');
    }
    try {
      await ctx.send(KMSClient, new CreateAliasCommand({ AliasName: alias, TargetKeyId: arn }));
    } catch (e) {
      if (!isAwsError(e, 'AlreadyExistsException')) throw e;
    }
    if (bool(params, 'rotation')) await ctx.send(KMSClient, new EnableKeyRotationCommand({ KeyId: arn }));
    return { arn };
  },
});

/** Puts the key policy and/or sets rotation of an existing key. */
export const updateKeyOp = defineOp({
  op: 'log-archive.update-key',
  calls: ['kms:PutKeyPolicy', 'kms:EnableKeyRotation', 'kms:DisableKeyRotation'],
  required: ['keyArn'],
  async run(ctx, params) {
    const KeyId = str(params, 'keyArn');
    if (typeof params.policy === 'string') {
      await ctx.send(
        KMSClient,
        new PutKeyPolicyCommand({ KeyId, PolicyName: 'default', Policy: params.policy }),
      );
    }
    if (typeof params.rotation === 'boolean') {
      await ctx.send(
        KMSClient,
        params.rotation ? new EnableKeyRotationCommand({ KeyId }) : new DisableKeyRotationCommand({ KeyId }),
      );
    }
    return { arn: KeyId };
  },
});

/** Brings back a key that was disabled or scheduled for deletion (destroy kept the alias). */
export const restoreKeyOp = defineOp({
  op: 'log-archive.restore-key',
  calls: ['kms:CancelKeyDeletion', 'kms:EnableKey'],
  required: ['keyArn'],
  async run(ctx, params) {
    const KeyId = str(params, 'keyArn');
    try {
      await ctx.send(KMSClient, new CancelKeyDeletionCommand({ KeyId }));
    } catch (e) {
      // Not pending deletion (only disabled, or an earlier run already cancelled it).
      if (!isAwsError(e, 'KMSInvalidStateException')) throw e;
    }
    await ctx.send(KMSClient, new EnableKeyCommand({ KeyId }));
    return { arn: KeyId };
  },
});

/** Schedules deletion of the central key (destroy with `scheduleKeyDeletion` only). */
export const scheduleKeyDeletionOp = defineOp({
  op: 'log-archive.schedule-key-deletion',
  calls: ['kms:ScheduleKeyDeletion'],
  required: ['keyArn', 'pendingWindowDays'],
  async run(ctx, params) {
    const days = params.pendingWindowDays;
    try {
      await ctx.send(
        KMSClient,
        new ScheduleKeyDeletionCommand({
          KeyId: str(params, 'keyArn'),
          PendingWindowInDays: typeof days === 'number' ? days : 30,
        }),
      );
    } catch (e) {
      // Already pending deletion, or already gone.
      if (!isAwsError(e, 'KMSInvalidStateException', 'NotFoundException')) throw e;
    }
  },
});

/** Applies one bucket setting from the op parameters. */
async function applySetting(
  ctx: OpContext,
  bucket: string,
  setting: BucketSetting,
  params: Params,
): Promise<void> {
  const Bucket = bucket;
  switch (setting) {
    case 'versioning':
      await ctx.send(
        S3Client,
        new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
      );
      return;
    case 'object-lock': {
      // Enables Object Lock on the (already versioned) bucket and sets the default retention of new object
      // versions; putting the same configuration again changes nothing.
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectLockConfiguration.html
      const mode = str(params, 'objectLockMode');
      if (mode !== 'GOVERNANCE' && mode !== 'COMPLIANCE') {
        throw new Error(`parameter objectLockMode must be GOVERNANCE or COMPLIANCE, not ${mode}`);
      }
      await ctx.send(
        S3Client,
        new PutObjectLockConfigurationCommand({
          Bucket,
          ObjectLockConfiguration: {
            ObjectLockEnabled: 'Enabled',
            Rule: {
              DefaultRetention: {
                Mode: mode satisfies ObjectLockRetentionMode,
                Days: int(params, 'objectLockDays'),
              },
            },
          },
        }),
      );
      return;
    }
    case 'encryption': {
      const key = typeof params.kmsKeyId === 'string' ? params.kmsKeyId : undefined;
      await ctx.send(
        S3Client,
        new PutBucketEncryptionCommand({
          Bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [
              key
                ? {
                    ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key },
                    // S3 Bucket Keys cut KMS requests (and cost) for high-volume log delivery.
                    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
                    BucketKeyEnabled: true,
                  }
                : { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
        }),
      );
      return;
    }
    case 'public-access-block':
      await ctx.send(
        S3Client,
        new PutPublicAccessBlockCommand({
          Bucket,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        }),
      );
      return;
    case 'ownership':
      await ctx.send(
        S3Client,
        new PutBucketOwnershipControlsCommand({
          Bucket,
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        }),
      );
      return;
    case 'policy':
      await ctx.send(S3Client, new PutBucketPolicyCommand({ Bucket, Policy: str(params, 'policy') }));
      return;
    case 'lifecycle': {
      // Keep the owner's other rules; replace only sra-kit's.
      let rules: LifecycleRule[] = [];
      try {
        const current = await ctx.send(S3Client, new GetBucketLifecycleConfigurationCommand({ Bucket }));
        rules = (current.Rules ?? []).filter((r) => r.ID !== LIFECYCLE_RULE_ID);
      } catch (e) {
        if (!isAwsError(e, 'NoSuchLifecycleConfiguration')) throw e;
      }
      rules.push({
        ID: LIFECYCLE_RULE.id,
        Status: LIFECYCLE_RULE.status,
        Filter: {},
        Transitions: LIFECYCLE_RULE.transitions.map((t) => ({ Days: t.days, StorageClass: t.storageClass })),
        NoncurrentVersionTransitions: LIFECYCLE_RULE.noncurrentTransitions.map((t) => ({
          NoncurrentDays: t.days,
          StorageClass: t.storageClass,
        })),
      });
      await ctx.send(
        S3Client,
        new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: rules } }),
      );
      return;
    }
    case 'logging':
      await ctx.send(
        S3Client,
        new PutBucketLoggingCommand({
          Bucket,
          BucketLoggingStatus: {
            LoggingEnabled: {
              TargetBucket: str(params, 'loggingTarget'),
              TargetPrefix: str(params, 'loggingPrefix'),
            },
          },
        }),
      );
      return;
  }
}

/**
 * The IAM actions of the bucket settings (several differ from the API operation's name; the executor maps
 * each operation with `actionFor` before checking it).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
 */
const BUCKET_CALLS = [
  's3:PutBucketVersioning',
  's3:PutBucketObjectLockConfiguration',
  's3:PutEncryptionConfiguration',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:GetLifecycleConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutBucketLogging',
] as const;

/**
 * Creates a log bucket (or adopts the one an earlier run of this step created) and applies every
 * setting named in `settings`, in an order S3 accepts (versioning before anything that needs it, the
 * logging target last).
 */
export const createBucketOp = defineOp({
  op: 'log-archive.create-bucket',
  calls: ['s3:CreateBucket', 's3:PutBucketTagging', ...BUCKET_CALLS],
  required: ['bucket', 'settings'],
  async run(ctx, params) {
    const Bucket = str(params, 'bucket');
    try {
      await ctx.send(
        S3Client,
        new CreateBucketCommand({
          Bucket,
          ObjectOwnership: 'BucketOwnerEnforced',
          // us-east-1 is the default location and is not a valid LocationConstraint.
          // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
          ...(ctx.region === 'us-east-1'
            ? {}
            : { CreateBucketConfiguration: { LocationConstraint: ctx.region as BucketLocationConstraint } }),
        }),
      );
    } catch (e) {
      if (!isAwsError(e, 'BucketAlreadyOwnedByYou')) throw e;
    }
    await ctx.send(
      S3Client,
      new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: managedTags(ctx.step.id) } }),
    );
    const settings = Array.isArray(params.settings) ? params.settings : [];
    for (const s of settings) {
      if (typeof s === 'string') await applySetting(ctx, Bucket, s as BucketSetting, params);
    }
    return { bucket: Bucket, arn: `arn:aws:s3:::${Bucket}` };
  },
});

/** Applies one setting to an existing bucket. */
export const configureBucketOp = defineOp({
  op: 'log-archive.configure-bucket',
  calls: [...BUCKET_CALLS],
  required: ['bucket', 'setting'],
  async run(ctx, params) {
    const Bucket = str(params, 'bucket');
    await applySetting(ctx, Bucket, str(params, 'setting') as BucketSetting, params);
    return { bucket: Bucket };
  },
});

/** Deletes an empty log bucket; refuses (and keeps it) when it holds objects. */
export const deleteBucketOp = defineOp({
  op: 'log-archive.delete-bucket',
  calls: ['s3:DeleteBucket'],
  required: ['bucket'],
  async run(ctx, params) {
    const Bucket = str(params, 'bucket');
    try {
      await ctx.send(S3Client, new DeleteBucketCommand({ Bucket }));
    } catch (e) {
      if (isAwsError(e, 'NoSuchBucket')) return;
      if (isAwsError(e, 'BucketNotEmpty')) {
        throw new SraError(
          'LOG_DATA_KEPT',
          `bucket ${Bucket} received objects since the plan was made; it is kept`,
          {
            account: ctx.account,
            region: ctx.region,
            service: 's3',
            operation: 'DeleteBucket',
            hint: 'sra-kit never deletes log data; empty the bucket yourself if it must go, then re-run sra destroy',
            cause: e,
          },
        );
      }
      throw e;
    }
  },
});

/** Every op of the feature. */
export const LOG_ARCHIVE_OPS = [
  createKeyOp,
  updateKeyOp,
  restoreKeyOp,
  scheduleKeyDeletionOp,
  createBucketOp,
  configureBucketOp,
  deleteBucketOp,
];
