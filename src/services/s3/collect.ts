/**
 * S3 collector (account scope, home Region): the account-level Block Public Access settings, the
 * account's bucket list, and — only in the account that holds an organization trail's bucket, i.e. the
 * log archive — the security settings of its buckets.
 *
 * Why this shape:
 * - Account-level Block Public Access is one S3 Control read per account (IAM action
 *   `s3:GetAccountPublicAccessBlock`; an account that never set it answers
 *   `NoSuchPublicAccessBlockConfiguration`, which is recorded as "not set", not as an error).
 *   https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetPublicAccessBlock.html
 * - Who owns a bucket cannot be asked cross-account, so each account lists its own buckets once
 *   (`ListBuckets`, IAM action `s3:ListAllMyBuckets`, up to 10,000 a page with `MaxBuckets`; names and
 *   Regions only). Controls answer "is the org trail's / Config's bucket in the log archive account?"
 *   from these lists. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html
 * - Bucket settings cost seven reads per bucket, so they are read only where the SRA's central log
 *   buckets live: in the account that owns an organization trail's bucket (known from the CloudTrail
 *   organization slice before account collectors run), for every bucket of that account up to
 *   {@link MAX_DETAILED_BUCKETS}. Every read is sent to the bucket's own Region (S3 redirects
 *   otherwise).
 * - The buckets sra-kit names (`sra-logs-<account>-<region>`, `sra-access-logs-<account>-<region>`)
 *   are read even where no trail points yet (`sraBuckets`), so `sra plan` sees them; for those buckets
 *   only, lifecycle, tags and one page of objects are read as well (three more reads each), and the
 *   keys behind sra-kit's KMS aliases of the account's home Region (`sraKeys`).
 */
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  S3Client,
  type GetBucketEncryptionCommandOutput,
  type GetBucketLifecycleConfigurationCommandOutput,
  type GetBucketTaggingCommandOutput,
  type ListObjectsV2CommandOutput,
  type GetBucketLoggingCommandOutput,
  type GetBucketOwnershipControlsCommandOutput,
  type GetBucketPolicyCommandOutput,
  type GetBucketVersioningCommandOutput,
  type GetObjectLockConfigurationCommandOutput,
  type GetPublicAccessBlockCommandOutput,
  type ListBucketsCommandOutput,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
  type GetPublicAccessBlockCommandOutput as GetAccountPublicAccessBlockCommandOutput,
} from '@aws-sdk/client-s3-control';
import type { CollectContext, DataError, Datum } from '../../observe/types.js';
import { accountSliceIn, viewOf, type InventoryLike } from '../../observe/view.js';
import { defineCollector } from '../../observe/types.js';
import { orgTrailBuckets, orgTrailKeys } from '../cloudtrail/collect.js';
import { readSraKeys, type SraKeyInfo } from '../kms/collect.js';
import { absentAs, mapDatum, ok } from './datum.js';

/** Id of the S3 collector (its key in `inventory.account[account]`). */
export const S3 = 's3';

/** Most buckets whose settings are read in the log archive account. */
export const MAX_DETAILED_BUCKETS = 100;

/** The four Block Public Access settings. */
export interface PublicAccessBlockInfo {
  /** New public ACLs are rejected. */
  blockPublicAcls: boolean;
  /** Existing public ACLs are ignored. */
  ignorePublicAcls: boolean;
  /** Public bucket policies are rejected. */
  blockPublicPolicy: boolean;
  /** Public policies only admit AWS services and the owner's principals. */
  restrictPublicBuckets: boolean;
}

/** One bucket of the account's list. */
export interface BucketRef {
  /** Bucket name. */
  name: string;
  /** Region, when `ListBuckets` returned it. */
  region?: string;
}

/** One default-encryption rule of a bucket. */
export interface EncryptionRuleInfo {
  /** `AES256`, `aws:kms` or `aws:kms:dsse`. */
  algorithm: string;
  /** KMS key id or ARN, for SSE-KMS. */
  kmsKeyId?: string;
  /** S3 Bucket Keys. */
  bucketKeyEnabled?: boolean;
}

/** Object Lock state of a bucket. */
export interface ObjectLockInfo {
  /** Whether Object Lock is enabled. */
  enabled: boolean;
  /** Default retention mode (`GOVERNANCE` or `COMPLIANCE`), when a default rule is set. */
  mode?: string;
  /** Default retention in days. */
  days?: number;
  /** Default retention in years. */
  years?: number;
}

/** One lifecycle rule, reduced to what sra-kit compares. */
export interface LifecycleRuleInfo {
  /** Rule id. */
  id?: string;
  /** `Enabled` or `Disabled`. */
  status: string;
  /** Key prefix the rule is limited to (`Filter.Prefix` or the legacy `Prefix`), when set. */
  prefix?: string;
  /** Transitions of current versions. */
  transitions: Array<{ days?: number; storageClass?: string }>;
  /** Transitions of noncurrent versions. */
  noncurrentTransitions: Array<{ days?: number; storageClass?: string }>;
  /** Expiration of current versions in days, when set. */
  expirationDays?: number;
  /** Expiration of noncurrent versions in days, when set. */
  noncurrentExpirationDays?: number;
}

/** How many objects a bucket holds, from one `ListObjectsV2` page. */
export interface ObjectCountInfo {
  /** Objects on the first page (up to 1,000). */
  count: number;
  /** True when there are more objects than {@link ObjectCountInfo.count}. */
  truncated: boolean;
}

/** Security settings of one bucket (each read on its own, so one failure leaves the rest). */
export interface BucketDetail {
  /** Bucket name. */
  name: string;
  /** Bucket Region. */
  region: string;
  /** Bucket policy JSON; `null` when there is none. */
  policy: Datum<string | null>;
  /** Bucket-level Block Public Access; `null` when not set. */
  publicAccessBlock: Datum<PublicAccessBlockInfo | null>;
  /** Default encryption rules. */
  encryption: Datum<EncryptionRuleInfo[]>;
  /** Versioning (`Enabled`/`Suspended`/undefined) and MFA delete. */
  versioning: Datum<{ status?: string; mfaDelete?: string }>;
  /** Object Lock. */
  objectLock: Datum<ObjectLockInfo>;
  /** Server access logging target; `null` when off. */
  logging: Datum<{ targetBucket: string; targetPrefix?: string } | null>;
  /** Object Ownership (`BucketOwnerEnforced` disables ACLs); `null` when not set. */
  ownership: Datum<string | null>;
  /** Lifecycle rules (empty when none); read only for buckets named by sra-kit. */
  lifecycle?: Datum<LifecycleRuleInfo[]>;
  /** Bucket tags (empty when none); read only for buckets named by sra-kit. */
  tags?: Datum<Record<string, string>>;
  /** Whether the bucket holds objects; read only for buckets named by sra-kit (destroy keeps data). */
  objects?: Datum<ObjectCountInfo>;
}

/** Account-scope slice of S3. */
export interface S3Slice {
  /** Account-level Block Public Access; `null` when never set. */
  accountPublicAccessBlock: Datum<PublicAccessBlockInfo | null>;
  /** The account's buckets. */
  buckets: Datum<BucketRef[]>;
  /**
   * Settings of the account's buckets, present only in an account that holds an organization trail's
   * bucket (the log archive).
   */
  logBuckets?: BucketDetail[];
  /** True when the account had more than {@link MAX_DETAILED_BUCKETS} buckets and some were not read. */
  logBucketsTruncated?: boolean;
  /**
   * Settings of sra-kit's own buckets in an account that holds no organization trail bucket (so
   * `logBuckets` is absent and verify does not judge them as central buckets yet). Where `logBuckets`
   * is present it already holds them.
   */
  sraBuckets?: BucketDetail[];
  /**
   * The keys behind sra-kit's KMS aliases in this account's home Region, read only where sra-kit's
   * buckets are (the log archive), since their default encryption uses the `alias/sra-logs` key.
   */
  sraKeys?: Datum<SraKeyInfo[]>;
}

/** Details of bucket `name` of an S3 slice, from `logBuckets` or `sraBuckets`. */
export function bucketDetailOf(slice: S3Slice | undefined, name: string): BucketDetail | undefined {
  return (slice?.logBuckets ?? slice?.sraBuckets)?.find((b) => b.name === name);
}

/**
 * Prefixes of the buckets sra-kit names in the log archive account: `<prefix><account>-<region>`.
 * Their settings are read wherever they exist (even before an organization trail points at them), with
 * lifecycle, tags and an object count on top, because sra-kit plans and destroys them.
 */
export const SRA_BUCKET_PREFIXES = ['sra-logs-', 'sra-access-logs-'] as const;

/** True when `bucket` carries one of sra-kit's bucket names for `account`. */
export function isSraBucketName(bucket: string, account: string): boolean {
  return SRA_BUCKET_PREFIXES.some((p) => bucket.startsWith(`${p}${account}-`));
}

/** The S3 slice of `account` in an inventory. */
export function s3SliceOf(inventory: InventoryLike, account: string): S3Slice | undefined {
  const s = accountSliceIn<unknown>(inventory, account, S3);
  return s && typeof s === 'object' ? (s as S3Slice) : undefined;
}

/** Where a bucket was found among the collected bucket lists. */
export interface BucketOwnership {
  /** Account that lists the bucket, when one does. */
  owner?: string;
  /** Bucket lists that could not be read (the bucket may be in one of those accounts). */
  unreadable: DataError[];
}

/**
 * Finds the account owning `bucket` from the collected bucket lists of every account. The lists are read
 * once per view (one pass over every account) into a bucket → owner index; `unreadable` lists the bucket
 * lists that could not be read when no collected list has the bucket.
 */
export function findBucketOwner(inventory: InventoryLike, bucket: string): BucketOwnership {
  const view = viewOf(inventory);
  const index = view.memo('s3.bucket-owners', () => {
    const owners = new Map<string, string>();
    const unreadable: DataError[] = [];
    for (const a of view.accounts) {
      const d = s3SliceOf(view, a.id)?.buckets;
      if (!d) continue;
      if (!d.ok) unreadable.push(d.error);
      else for (const b of d.value) if (!owners.has(b.name)) owners.set(b.name, a.id);
    }
    return { owners, unreadable };
  });
  const owner = index.owners.get(bucket);
  return owner ? { owner, unreadable: [] } : { unreadable: index.unreadable };
}

/** The four settings as the S3 and S3 Control APIs name them. */
type ApiPublicAccessBlock = Partial<
  Record<'BlockPublicAcls' | 'IgnorePublicAcls' | 'BlockPublicPolicy' | 'RestrictPublicBuckets', boolean>
>;

function pabInfo(c: ApiPublicAccessBlock | undefined): PublicAccessBlockInfo {
  return {
    blockPublicAcls: c?.BlockPublicAcls === true,
    ignorePublicAcls: c?.IgnorePublicAcls === true,
    blockPublicPolicy: c?.BlockPublicPolicy === true,
    restrictPublicBuckets: c?.RestrictPublicBuckets === true,
  };
}

/** Lists every bucket of the account (`ListBuckets` pages carry `ContinuationToken`). */
async function listBuckets(ctx: CollectContext): Promise<Datum<BucketRef[]>> {
  const out: BucketRef[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const d = await ctx.read<ListBucketsCommandOutput>(
      S3Client,
      new ListBucketsCommand({ MaxBuckets: 10_000, ...(token ? { ContinuationToken: token } : {}) }),
    );
    if (!d.ok) return d;
    for (const b of d.value.Buckets ?? []) {
      if (b.Name) out.push({ name: b.Name, ...(b.BucketRegion ? { region: b.BucketRegion } : {}) });
    }
    token = d.value.ContinuationToken;
    if (!token) break;
  }
  return ok(out);
}

/** Lifecycle rules as sra-kit compares them. */
function lifecycleInfo(
  out: Omit<GetBucketLifecycleConfigurationCommandOutput, '$metadata'>,
): LifecycleRuleInfo[] {
  return (out.Rules ?? []).map((r) => {
    const prefix = r.Filter?.Prefix ?? r.Prefix;
    return {
      ...(r.ID ? { id: r.ID } : {}),
      status: r.Status ?? 'Disabled',
      ...(prefix ? { prefix } : {}),
      transitions: (r.Transitions ?? []).map((t) => ({
        ...(t.Days !== undefined ? { days: t.Days } : {}),
        ...(t.StorageClass ? { storageClass: t.StorageClass } : {}),
      })),
      noncurrentTransitions: (r.NoncurrentVersionTransitions ?? []).map((t) => ({
        ...(t.NoncurrentDays !== undefined ? { days: t.NoncurrentDays } : {}),
        ...(t.StorageClass ? { storageClass: t.StorageClass } : {}),
      })),
      ...(r.Expiration?.Days !== undefined ? { expirationDays: r.Expiration.Days } : {}),
      ...(r.NoncurrentVersionExpiration?.NoncurrentDays !== undefined
        ? { noncurrentExpirationDays: r.NoncurrentVersionExpiration.NoncurrentDays }
        : {}),
    };
  });
}

/**
 * The reads sra-kit adds for its own buckets: lifecycle (`s3:GetLifecycleConfiguration`; none set is
 * `NoSuchLifecycleConfiguration`), tags (`s3:GetBucketTagging`; none is `NoSuchTagSet`) and one page of
 * `ListObjectsV2` (`s3:ListBucket`) to know whether the bucket holds data.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLifecycleConfiguration.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketTagging.html
 */
async function sraBucketExtras(
  ctx: CollectContext,
  name: string,
  o: { region: string },
): Promise<Pick<BucketDetail, 'lifecycle' | 'tags' | 'objects'>> {
  const [lifecycle, tags, objects] = await Promise.all([
    ctx.read<GetBucketLifecycleConfigurationCommandOutput>(
      S3Client,
      new GetBucketLifecycleConfigurationCommand({ Bucket: name }),
      o,
    ),
    ctx.read<GetBucketTaggingCommandOutput>(S3Client, new GetBucketTaggingCommand({ Bucket: name }), o),
    ctx.read<ListObjectsV2CommandOutput>(
      S3Client,
      new ListObjectsV2Command({ Bucket: name, MaxKeys: 1000 }),
      o,
    ),
  ]);
  return {
    lifecycle: absentAs(mapDatum(lifecycle, lifecycleInfo), ['NoSuchLifecycleConfiguration'], []),
    tags: absentAs(
      mapDatum(tags, (t) => Object.fromEntries((t.TagSet ?? []).map((x) => [x.Key ?? '', x.Value ?? '']))),
      ['NoSuchTagSet'],
      {},
    ),
    objects: mapDatum(objects, (l) => ({
      count: l.KeyCount ?? l.Contents?.length ?? 0,
      truncated: l.IsTruncated === true,
    })),
  };
}

/** Reads the security settings of one bucket, in its Region. */
async function bucketDetail(ctx: CollectContext, b: BucketRef): Promise<BucketDetail> {
  const region = b.region ?? ctx.region;
  const o = { region };
  const extras = isSraBucketName(b.name, ctx.account) ? await sraBucketExtras(ctx, b.name, o) : {};
  const [policy, pab, encryption, versioning, lock, logging, ownership] = await Promise.all([
    ctx.read<GetBucketPolicyCommandOutput>(S3Client, new GetBucketPolicyCommand({ Bucket: b.name }), o),
    ctx.read<GetPublicAccessBlockCommandOutput>(
      S3Client,
      new GetPublicAccessBlockCommand({ Bucket: b.name }),
      o,
    ),
    ctx.read<GetBucketEncryptionCommandOutput>(
      S3Client,
      new GetBucketEncryptionCommand({ Bucket: b.name }),
      o,
    ),
    ctx.read<GetBucketVersioningCommandOutput>(
      S3Client,
      new GetBucketVersioningCommand({ Bucket: b.name }),
      o,
    ),
    ctx.read<GetObjectLockConfigurationCommandOutput>(
      S3Client,
      new GetObjectLockConfigurationCommand({ Bucket: b.name }),
      o,
    ),
    ctx.read<GetBucketLoggingCommandOutput>(S3Client, new GetBucketLoggingCommand({ Bucket: b.name }), o),
    ctx.read<GetBucketOwnershipControlsCommandOutput>(
      S3Client,
      new GetBucketOwnershipControlsCommand({ Bucket: b.name }),
      o,
    ),
  ]);
  return {
    name: b.name,
    region,
    policy: absentAs(
      mapDatum(policy, (p) => p.Policy ?? null),
      ['NoSuchBucketPolicy'],
      null,
    ),
    publicAccessBlock: absentAs(
      mapDatum(pab, (p) => pabInfo(p.PublicAccessBlockConfiguration)),
      ['NoSuchPublicAccessBlockConfiguration'],
      null,
    ),
    // Since January 2023 every bucket has default encryption; "not found" means SSE-S3 in practice.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html
    encryption: absentAs(
      mapDatum(encryption, (e) =>
        (e.ServerSideEncryptionConfiguration?.Rules ?? []).map((r) => ({
          algorithm: r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? 'AES256',
          ...(r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID
            ? { kmsKeyId: r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID }
            : {}),
          ...(r.BucketKeyEnabled !== undefined ? { bucketKeyEnabled: r.BucketKeyEnabled } : {}),
        })),
      ),
      ['ServerSideEncryptionConfigurationNotFoundError'],
      [{ algorithm: 'AES256' }],
    ),
    versioning: mapDatum(versioning, (v) => ({
      ...(v.Status ? { status: v.Status } : {}),
      ...(v.MFADelete ? { mfaDelete: v.MFADelete } : {}),
    })),
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectLockConfiguration.html
    objectLock: absentAs(
      mapDatum(lock, (l) => {
        const r = l.ObjectLockConfiguration?.Rule?.DefaultRetention;
        return {
          enabled: l.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled',
          ...(r?.Mode ? { mode: r.Mode } : {}),
          ...(r?.Days !== undefined ? { days: r.Days } : {}),
          ...(r?.Years !== undefined ? { years: r.Years } : {}),
        };
      }),
      ['ObjectLockConfigurationNotFoundError'],
      { enabled: false },
    ),
    logging: mapDatum(logging, (l) =>
      l.LoggingEnabled?.TargetBucket
        ? {
            targetBucket: l.LoggingEnabled.TargetBucket,
            ...(l.LoggingEnabled.TargetPrefix ? { targetPrefix: l.LoggingEnabled.TargetPrefix } : {}),
          }
        : null,
    ),
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketOwnershipControls.html
    ownership: absentAs(
      mapDatum(ownership, (c) => c.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? null),
      ['OwnershipControlsNotFoundError'],
      null,
    ),
    ...extras,
  };
}

/** Reads account-level Block Public Access, the bucket list and (in the log archive) bucket settings. */
export const s3Collector = defineCollector<S3Slice>({
  id: S3,
  scope: 'account',
  reads: [
    's3:GetAccountPublicAccessBlock',
    's3:ListAllMyBuckets',
    's3:GetBucketPolicy',
    's3:GetBucketPublicAccessBlock',
    's3:GetEncryptionConfiguration',
    's3:GetBucketVersioning',
    's3:GetBucketObjectLockConfiguration',
    's3:GetBucketLogging',
    's3:GetBucketOwnershipControls',
    's3:GetLifecycleConfiguration',
    's3:GetBucketTagging',
    's3:ListBucket',
    // sra-kit's own key, where its buckets are (see S3Slice.sraKeys).
    'kms:ListAliases',
    'kms:ListResourceTags',
    'kms:DescribeKey',
    'kms:GetKeyPolicy',
    'kms:GetKeyRotationStatus',
  ],
  async collect(ctx) {
    const [accountPab, buckets] = await Promise.all([
      ctx.read<GetAccountPublicAccessBlockCommandOutput>(
        S3ControlClient,
        new GetAccountPublicAccessBlockCommand({ AccountId: ctx.account }),
      ),
      listBuckets(ctx),
    ]);
    const slice: S3Slice = {
      accountPublicAccessBlock: absentAs(
        mapDatum(accountPab, (p) => pabInfo(p.PublicAccessBlockConfiguration)),
        ['NoSuchPublicAccessBlockConfiguration'],
        null,
      ),
      buckets,
    };
    const trailBuckets = new Set(orgTrailBuckets(ctx.organization));
    if (buckets.ok && buckets.value.some((b) => isSraBucketName(b.name, ctx.account))) {
      slice.sraKeys = await readSraKeys(ctx, new Set(orgTrailKeys(ctx.organization)));
    }
    if (buckets.ok && !buckets.value.some((b) => trailBuckets.has(b.name))) {
      // Not (yet) a log archive for verify, but sra-kit's own buckets are read for sra plan.
      const ours = buckets.value.filter((b) => isSraBucketName(b.name, ctx.account));
      if (ours.length > 0) slice.sraBuckets = await Promise.all(ours.map((b) => bucketDetail(ctx, b)));
    }
    if (buckets.ok && buckets.value.some((b) => trailBuckets.has(b.name))) {
      // Central buckets first, so the cap never drops the organization trail's bucket.
      const ordered = [...buckets.value].sort(
        (a, b) => Number(trailBuckets.has(b.name)) - Number(trailBuckets.has(a.name)),
      );
      const picked = ordered.slice(0, MAX_DETAILED_BUCKETS);
      slice.logBuckets = await Promise.all(picked.map((b) => bucketDetail(ctx, b)));
      if (ordered.length > picked.length) slice.logBucketsTruncated = true;
    }
    return slice;
  },
});
