/**
 * AWS CloudTrail in the sandbox: trails (single-Region, multi-Region and organization trails),
 * logging status, event and Insights selectors, and CloudTrail's own delegated-administrator API.
 *
 * State: every trail is kept once, in its owner's account state, with its home Region. What an
 * account sees in a Region is derived: its own trails whose home is that Region, plus "shadow
 * trails" — its multi-Region trails homed elsewhere and, in member accounts, the organization's
 * trails. Organization trails are owned by the management account even when the delegated
 * administrator creates them.
 *
 * Pages followed:
 * - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
 * - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
 * - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DeleteTrail.html
 * - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html
 *   (shadow trails, name vs ARN lookup)
 * - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
 * - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
 * - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutInsightSelectors.html
 * - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_RegisterOrganizationDelegatedAdmin.html
 * - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
 *   (management account owns organization trails; at most three delegated administrators)
 * - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-an-organizational-trail-prepare.html
 * - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 * - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 * - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html
 *   (five trails per Region)
 * - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AddTags.html,
 *   API_ListTags.html and API_RemoveTags.html (trails by ARN, at most 20 ARNs a ListTags call,
 *   50 tags per trail, from the trail's home Region)
 *
 * Behaviour worth knowing:
 * - CreateTrail/UpdateTrail check the destination like CloudTrail does: the bucket must exist
 *   (`S3BucketDoesNotExistException`); its policy must let `cloudtrail.amazonaws.com` call
 *   `s3:GetBucketAcl` on the bucket and `s3:PutObject` on `[prefix/]AWSLogs/<owner>/*` (and
 *   `AWSLogs/<org id>/*` for organization trails) with `s3:x-amz-acl = bucket-owner-full-control`,
 *   `aws:SourceArn` = the trail ARN, `aws:SourceAccount` = the owner and (for members of an
 *   organization) `aws:SourceOrgID`
 *   (`InsufficientS3BucketPolicyException`). A KMS key must exist in the bucket's Region
 *   (`KmsKeyNotFoundException`), be enabled (`KmsException`) and its policy must let CloudTrail call
 *   `kms:GenerateDataKey*` and `kms:DescribeKey` with the trail's encryption context
 *   (`InsufficientEncryptionPolicyException`).
 * - A new trail does not log until StartLogging. While a trail logs, GetTrailStatus reports the
 *   delivery times as the time logging started; when the bucket, its policy or the key no longer
 *   admit CloudTrail, `LatestDeliveryError` names the problem (`NoSuchBucket`, `AccessDenied`,
 *   `KMS.DisabledException`, `KMS.AccessDeniedException`). StartLogging drops one log file (and
 *   one digest file with log file validation) into the bucket when delivery works.
 * - `InsufficientDependencyServiceAccessPermissionException` is raised when the sandbox's `deny`
 *   knob denies the caller one of the Organizations/IAM actions an organization trail needs
 *   (`organizations:DescribeOrganization`, `organizations:ListAWSServiceAccessForOrganization`,
 *   `organizations:ListAccounts`, `iam:GetRole`, `iam:CreateServiceLinkedRole`).
 * - ListTrails and DescribeTrails return everything in one page.
 * - No propagation delays are modelled.
 */
import type {
  AddTagsCommandInput,
  AdvancedEventSelector,
  CreateTrailCommandInput,
  CreateTrailCommandOutput,
  DeleteTrailCommandInput,
  DeregisterOrganizationDelegatedAdminCommandInput,
  DescribeTrailsCommandInput,
  DescribeTrailsCommandOutput,
  EventSelector,
  GetEventSelectorsCommandInput,
  GetEventSelectorsCommandOutput,
  GetInsightSelectorsCommandInput,
  GetInsightSelectorsCommandOutput,
  GetTrailCommandInput,
  GetTrailCommandOutput,
  GetTrailStatusCommandInput,
  GetTrailStatusCommandOutput,
  InsightSelector,
  ListTagsCommandInput,
  ListTagsCommandOutput,
  ListTrailsCommandInput,
  ListTrailsCommandOutput,
  PutEventSelectorsCommandInput,
  PutEventSelectorsCommandOutput,
  PutInsightSelectorsCommandInput,
  PutInsightSelectorsCommandOutput,
  RegisterOrganizationDelegatedAdminCommandInput,
  RemoveTagsCommandInput,
  StartLoggingCommandInput,
  StopLoggingCommandInput,
  Tag,
  Trail,
  UpdateTrailCommandInput,
  UpdateTrailCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import * as CloudTrailSdk from '@aws-sdk/client-cloudtrail';
import type { ServiceException } from '@smithy/smithy-client';
import { modeledError, type AwsErrorOptions, type ModeledExceptionClass } from '../core/errors.js';
import { deregisterServiceAdmin, isDelegatedAdmin, registerServiceAdmin } from '../core/org-admin.js';
import { defineService, type CallContext } from '../core/service.js';
import type { SandboxWorld } from '../core/state.js';
import { keyPolicyAllows, keyUsable, parseKeyReference, resolveKey } from './kms.js';
import { wildcardMatch } from './policy.js';
import { bucketArn, bucketPolicyAllows, findBucket, putObjectState } from './s3.js';

type Out<T> = Omit<T, '$metadata'>;

/**
 * An error as the CloudTrail client raises it: an instance of the SDK's modeled exception class when the
 * service model declares `name` (so `instanceof` works), a plain service exception otherwise.
 */
function fail(ctx: CallContext, name: string, message: string, options?: AwsErrorOptions): ServiceException {
  const ctor = (CloudTrailSdk as unknown as Record<string, unknown>)[name];
  return typeof ctor === 'function' && ctor.prototype instanceof CloudTrailSdk.CloudTrailServiceException
    ? modeledError(ctor as ModeledExceptionClass<ServiceException>, message, options)
    : ctx.error(name, message, options);
}

const SERVICE = 'cloudtrail';
/** CloudTrail's service principal (trusted access, delegated admin, bucket and key policies). */
export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';
const MAX_TRAILS_PER_REGION = 5;
const MAX_DELEGATED_ADMINS = 3;

/** One trail, as CloudTrail stores it in its owner's account. */
export interface SandboxTrail {
  /** Trail name. */
  name: string;
  /** Trail ARN (home Region, owner account). */
  arn: string;
  /** Owner account (the management account for organization trails). */
  owner: string;
  /** Region the trail was created in. */
  homeRegion: string;
  /** Destination bucket. */
  s3BucketName: string;
  /** Key prefix in the bucket. */
  s3KeyPrefix?: string;
  /** SNS topic name for delivery notifications. */
  snsTopicName?: string;
  /** Include global service events (IAM, STS, CloudFront…). */
  includeGlobalServiceEvents: boolean;
  /** Multi-Region trail. */
  isMultiRegionTrail: boolean;
  /** Organization trail. */
  isOrganizationTrail: boolean;
  /** Log file integrity validation. */
  logFileValidationEnabled: boolean;
  /** CloudWatch Logs log group ARN. */
  cloudWatchLogsLogGroupArn?: string;
  /** Role CloudTrail assumes to write to CloudWatch Logs. */
  cloudWatchLogsRoleArn?: string;
  /** ARN of the KMS key that encrypts the log files. */
  kmsKeyId?: string;
  /** Basic event selectors (mutually exclusive with advanced ones). */
  eventSelectors?: EventSelector[];
  /** Advanced event selectors. */
  advancedEventSelectors?: AdvancedEventSelector[];
  /** Whether event selectors were ever set. */
  hasCustomEventSelectors: boolean;
  /** Insights selectors. */
  insightSelectors: InsightSelector[];
  /** Tags. */
  tags: Tag[];
  /** Whether the trail is logging. */
  logging: boolean;
  /** Last StartLogging time. */
  startLoggingTime?: Date;
  /** Last StopLogging time. */
  stopLoggingTime?: Date;
  /** Whether the delivery at the last StartLogging succeeded. */
  deliveredAtStart?: boolean;
}

/** CloudTrail state of one account: the trails it owns in every Region, by ARN. */
export interface CloudTrailAccountState {
  /** Trails by ARN. */
  trails: Map<string, SandboxTrail>;
}

/** CloudTrail state of `account`. */
export function cloudTrailState(world: SandboxWorld, account: string): CloudTrailAccountState {
  return world.global<CloudTrailAccountState>(SERVICE, account, () => ({ trails: new Map() }));
}

/** ARN of a trail. */
export function trailArn(region: string, account: string, name: string): string {
  return `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
}

/** Default event selector of a new trail: all management events, no data events. */
function defaultSelectors(): EventSelector[] {
  return [
    {
      ReadWriteType: 'All',
      IncludeManagementEvents: true,
      DataResources: [],
      ExcludeManagementEventSources: [],
    },
  ];
}

/** Options of {@link createTrailState}. */
export interface NewTrail {
  /** Trail name. */
  name: string;
  /** Owner account. */
  owner: string;
  /** Home Region. */
  homeRegion: string;
  /** Destination bucket. */
  s3BucketName: string;
  /** Key prefix. */
  s3KeyPrefix?: string;
  /** @default true */
  isMultiRegionTrail?: boolean;
  /** @default false */
  isOrganizationTrail?: boolean;
  /** @default true */
  includeGlobalServiceEvents?: boolean;
  /** @default false */
  logFileValidationEnabled?: boolean;
  /** KMS key ARN. */
  kmsKeyId?: string;
  /** CloudWatch Logs log group ARN. */
  cloudWatchLogsLogGroupArn?: string;
  /** CloudWatch Logs role ARN. */
  cloudWatchLogsRoleArn?: string;
  /** Logging since this time; not logging when unset. */
  loggingSince?: Date;
}

/**
 * Lays down a trail directly (no checks), for scenarios such as Control Tower's
 * `aws-controltower-BaselineCloudTrail`.
 */
export function createTrailState(world: SandboxWorld, t: NewTrail): SandboxTrail {
  const trail: SandboxTrail = {
    name: t.name,
    arn: trailArn(t.homeRegion, t.owner, t.name),
    owner: t.owner,
    homeRegion: t.homeRegion,
    s3BucketName: t.s3BucketName,
    includeGlobalServiceEvents: t.includeGlobalServiceEvents ?? true,
    isMultiRegionTrail: t.isMultiRegionTrail ?? true,
    isOrganizationTrail: t.isOrganizationTrail ?? false,
    logFileValidationEnabled: t.logFileValidationEnabled ?? false,
    eventSelectors: defaultSelectors(),
    hasCustomEventSelectors: false,
    insightSelectors: [],
    tags: [],
    logging: t.loggingSince !== undefined,
  };
  if (t.s3KeyPrefix !== undefined) trail.s3KeyPrefix = t.s3KeyPrefix;
  if (t.kmsKeyId !== undefined) trail.kmsKeyId = t.kmsKeyId;
  if (t.cloudWatchLogsLogGroupArn !== undefined)
    trail.cloudWatchLogsLogGroupArn = t.cloudWatchLogsLogGroupArn;
  if (t.cloudWatchLogsRoleArn !== undefined) trail.cloudWatchLogsRoleArn = t.cloudWatchLogsRoleArn;
  if (t.loggingSince) {
    trail.startLoggingTime = t.loggingSince;
    trail.deliveredAtStart = true;
  }
  cloudTrailState(world, t.owner).trails.set(trail.arn, trail);
  return trail;
}

/** A trail as one account sees it in one Region. */
export interface VisibleTrail {
  /** The trail. */
  trail: SandboxTrail;
  /** True when it is a shadow (replica) in this account/Region. */
  shadow: boolean;
}

/**
 * Trails `account` sees in `region`: its own trails homed there, and (as shadows) its multi-Region
 * trails homed elsewhere plus, for member accounts, the organization's trails.
 */
export function trailsVisibleTo(world: SandboxWorld, account: string, region: string): VisibleTrail[] {
  const out: VisibleTrail[] = [];
  for (const t of cloudTrailState(world, account).trails.values()) {
    if (t.homeRegion === region) out.push({ trail: t, shadow: false });
    else if (t.isMultiRegionTrail) out.push({ trail: t, shadow: true });
  }
  const org = world.organization;
  if (org && account !== org.managementAccountId && world.isActiveMember(account)) {
    for (const t of cloudTrailState(world, org.managementAccountId).trails.values()) {
      if (t.isOrganizationTrail && (t.homeRegion === region || t.isMultiRegionTrail))
        out.push({ trail: t, shadow: true });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

const TRAIL_ARN = /^arn:aws[\w-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

/** https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html */
function validTrailName(name: string): boolean {
  return (
    name.length >= 3 &&
    name.length <= 128 &&
    /^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$/.test(name) &&
    !/[._-]{2}/.test(name) &&
    !/^\d{1,3}(\.\d{1,3}){3}$/.test(name)
  );
}

function err(ctx: CallContext, name: string, message: string): Error {
  return fail(ctx, name, message, { status: 400 });
}

/** Finds the trail a request names: a name means an own trail homed here; an ARN any visible trail. */
function findTrail(ctx: CallContext, nameOrArn: string | undefined): SandboxTrail {
  const id = nameOrArn ?? '';
  if (id.startsWith('arn:')) {
    if (!TRAIL_ARN.test(id)) {
      throw err(
        ctx,
        'CloudTrailARNInvalidException',
        `Invalid trail ARN: ${id}. The format is arn:aws:cloudtrail:<region>:<account>:trail/<name>.`,
      );
    }
    const hit = trailsVisibleTo(ctx.world, ctx.account, ctx.region).find((v) => v.trail.arn === id);
    if (!hit) throw err(ctx, 'TrailNotFoundException', `Unknown trail: ${id} for the user: ${ctx.account}`);
    return hit.trail;
  }
  if (!validTrailName(id)) throw err(ctx, 'InvalidTrailNameException', `Trail name ${id} is not valid.`);
  const own = cloudTrailState(ctx.world, ctx.account).trails.get(trailArn(ctx.region, ctx.account, id));
  if (!own) throw err(ctx, 'TrailNotFoundException', `Unknown trail: ${id} for the user: ${ctx.account}`);
  return own;
}

/** Mutations: only from the home Region, and on an organization trail only by its managers. */
function requireManageable(ctx: CallContext, trail: SandboxTrail): void {
  if (trail.homeRegion !== ctx.region) {
    throw err(
      ctx,
      'InvalidHomeRegionException',
      `This operation must be called from the trail's home Region (${trail.homeRegion}).`,
    );
  }
  if (trail.owner === ctx.account) return;
  if (trail.isOrganizationTrail && isDelegatedAdmin(ctx, CLOUDTRAIL_PRINCIPAL)) return;
  throw err(
    ctx,
    'NotOrganizationMasterAccountException',
    `Account ${ctx.account} is not the management account or a delegated administrator of the organization ` +
      'and cannot modify organization trail resources.',
  );
}

const DEPENDENCY_ACTIONS = [
  'organizations:DescribeOrganization',
  'organizations:ListAWSServiceAccessForOrganization',
  'organizations:ListAccounts',
  'iam:GetRole',
  'iam:CreateServiceLinkedRole',
];

/** True when the sandbox's deny knob takes away a permission an organization trail depends on. */
function dependencyDenied(ctx: CallContext): boolean {
  return (ctx.sandbox.knobs.deny ?? []).some(
    (d) =>
      (!d.account || d.account === ctx.account) &&
      (!d.region || d.region === ctx.region) &&
      DEPENDENCY_ACTIONS.some((a) => wildcardMatch(d.action, a, true)),
  );
}

/** The prerequisites of an organization trail; returns the owner (management account). */
function requireOrgTrailAllowed(ctx: CallContext): string {
  const org = ctx.world.organization;
  if (!org || !ctx.world.isMember(ctx.account)) {
    throw err(ctx, 'OrganizationsNotInUseException', 'This account is not a member of an organization.');
  }
  if (org.featureSet !== 'ALL') {
    throw err(
      ctx,
      'OrganizationNotInAllFeaturesModeException',
      'This operation requires that the organization has all features enabled.',
    );
  }
  if (!ctx.world.isManagementAccount(ctx.account) && !isDelegatedAdmin(ctx, CLOUDTRAIL_PRINCIPAL)) {
    throw err(
      ctx,
      'NotOrganizationMasterAccountException',
      `Account ${ctx.account} is not the management account or a CloudTrail delegated administrator of ` +
        `organization ${org.id}.`,
    );
  }
  if (!ctx.world.hasTrustedAccess(CLOUDTRAIL_PRINCIPAL)) {
    throw err(
      ctx,
      'CloudTrailAccessNotEnabledException',
      'Trusted access for cloudtrail.amazonaws.com is not enabled in AWS Organizations.',
    );
  }
  if (dependencyDenied(ctx)) {
    throw err(
      ctx,
      'InsufficientDependencyServiceAccessPermissionException',
      'The caller lacks the AWS Organizations or IAM permissions needed to create an organization trail.',
    );
  }
  return org.managementAccountId;
}

/** Object key prefixes CloudTrail writes for a trail. */
function logPrefixes(
  world: SandboxWorld,
  t: { owner: string; s3KeyPrefix?: string; isOrganizationTrail: boolean },
): string[] {
  const base = t.s3KeyPrefix ? `${t.s3KeyPrefix}/` : '';
  const out = [`${base}AWSLogs/${t.owner}/`];
  const org = world.organization;
  if (t.isOrganizationTrail && org) out.push(`${base}AWSLogs/${org.id}/`);
  return out;
}

type DestinationProblem =
  | { kind: 'no-bucket' }
  | { kind: 'bucket-policy' }
  | { kind: 'bad-kms-arn' }
  | { kind: 'no-key' }
  | { kind: 'key-disabled' }
  | { kind: 'key-policy' };

interface Destination {
  owner: string;
  homeRegion: string;
  name: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  isOrganizationTrail: boolean;
  kmsKeyId?: string;
}

/** Checks that CloudTrail could deliver to the trail's bucket (and encrypt with its key). */
function checkDestination(
  world: SandboxWorld,
  d: Destination,
): { problem?: DestinationProblem; keyArn?: string } {
  const arn = trailArn(d.homeRegion, d.owner, d.name);
  const org = world.organization;
  const context = {
    's3:x-amz-acl': 'bucket-owner-full-control',
    'aws:SourceArn': arn,
    'aws:SourceAccount': d.owner,
    // The organization id is in the context whenever the source account belongs to an organization.
    ...(org && world.isMember(d.owner) ? { 'aws:SourceOrgID': org.id } : {}),
  };
  const bucket = findBucket(world, d.s3BucketName);
  if (!bucket) return { problem: { kind: 'no-bucket' } };
  const caller = { kind: 'service', service: CLOUDTRAIL_PRINCIPAL } as const;
  const aclOk = bucketPolicyAllows(world, bucket, {
    caller,
    action: 's3:GetBucketAcl',
    resource: bucketArn(bucket.name),
    context,
  });
  const putOk = logPrefixes(world, d).every((p) =>
    bucketPolicyAllows(world, bucket, {
      caller,
      action: 's3:PutObject',
      resource: `${bucketArn(bucket.name)}/${p}CloudTrail/file.json.gz`,
      context,
    }),
  );
  if (!aclOk || !putOk) return { problem: { kind: 'bucket-policy' } };
  if (d.kmsKeyId === undefined) return {};
  if (parseKeyReference(d.kmsKeyId, d.owner, d.homeRegion).kind === 'invalid-arn') {
    return { problem: { kind: 'bad-kms-arn' } };
  }
  const key = resolveKey(world, d.owner, d.homeRegion, d.kmsKeyId);
  // The key must exist in the bucket's Region.
  if (!key || key.region !== bucket.region) return { problem: { kind: 'no-key' } };
  if (!keyUsable(key)) return { problem: { kind: 'key-disabled' }, keyArn: key.arn };
  const kmsContext = { ...context, 'kms:EncryptionContext:aws:cloudtrail:arn': arn };
  const keyOk =
    keyPolicyAllows(key, CLOUDTRAIL_PRINCIPAL, 'kms:GenerateDataKey', kmsContext) &&
    keyPolicyAllows(key, CLOUDTRAIL_PRINCIPAL, 'kms:DescribeKey', kmsContext);
  if (!keyOk) return { problem: { kind: 'key-policy' }, keyArn: key.arn };
  return { keyArn: key.arn };
}

/** Turns a destination problem into CreateTrail/UpdateTrail's documented error. */
function destinationError(ctx: CallContext, d: Destination, problem: DestinationProblem): Error {
  switch (problem.kind) {
    case 'no-bucket':
      return err(ctx, 'S3BucketDoesNotExistException', `S3 bucket ${d.s3BucketName} does not exist.`);
    case 'bucket-policy':
      return err(
        ctx,
        'InsufficientS3BucketPolicyException',
        `Incorrect S3 bucket policy is detected for bucket: ${d.s3BucketName}`,
      );
    case 'bad-kms-arn':
      return err(ctx, 'InvalidKmsKeyIdException', `Invalid KmsKeyId: ${d.kmsKeyId}`);
    case 'no-key':
      return err(
        ctx,
        'KmsKeyNotFoundException',
        `KMS key ${d.kmsKeyId} does not exist, or is not in the same Region as bucket ${d.s3BucketName}.`,
      );
    case 'key-disabled':
      return err(ctx, 'KmsException', `KMS key ${d.kmsKeyId} is disabled or pending deletion.`);
    case 'key-policy':
      return err(
        ctx,
        'InsufficientEncryptionPolicyException',
        `Insufficient permissions to access KMS key ${d.kmsKeyId}.`,
      );
  }
}

const LOG_GROUP_ARN = /^arn:aws[\w-]*:logs:([a-z0-9-]+):(\d{12}):log-group:[\w#./-]+(:\*)?$/;
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function checkCloudWatch(
  ctx: CallContext,
  owner: string,
  homeRegion: string,
  group?: string,
  role?: string,
): void {
  if (group && !role) {
    throw err(
      ctx,
      'InvalidCloudWatchLogsRoleArnException',
      'A CloudWatch Logs role ARN is required with a log group.',
    );
  }
  if (role && !group) {
    throw err(
      ctx,
      'InvalidCloudWatchLogsLogGroupArnException',
      'A CloudWatch Logs log group ARN is required with a role.',
    );
  }
  if (!group || !role) return;
  const m = LOG_GROUP_ARN.exec(group);
  // The log group must exist in the trail owner's account (and home Region).
  if (!m || m[1] !== homeRegion || m[2] !== owner) {
    throw err(
      ctx,
      'InvalidCloudWatchLogsLogGroupArnException',
      `Log group ARN ${group} is not valid for this trail.`,
    );
  }
  if (!ROLE_ARN.test(role))
    throw err(ctx, 'InvalidCloudWatchLogsRoleArnException', `Role ARN ${role} is not valid.`);
}

function describe(t: SandboxTrail): Trail {
  return {
    Name: t.name,
    S3BucketName: t.s3BucketName,
    ...(t.s3KeyPrefix !== undefined ? { S3KeyPrefix: t.s3KeyPrefix } : {}),
    ...(t.snsTopicName !== undefined
      ? {
          SnsTopicName: t.snsTopicName,
          SnsTopicARN: `arn:aws:sns:${t.homeRegion}:${t.owner}:${t.snsTopicName}`,
        }
      : {}),
    IncludeGlobalServiceEvents: t.includeGlobalServiceEvents,
    IsMultiRegionTrail: t.isMultiRegionTrail,
    HomeRegion: t.homeRegion,
    TrailARN: t.arn,
    LogFileValidationEnabled: t.logFileValidationEnabled,
    ...(t.cloudWatchLogsLogGroupArn !== undefined
      ? {
          CloudWatchLogsLogGroupArn: t.cloudWatchLogsLogGroupArn,
          CloudWatchLogsRoleArn: t.cloudWatchLogsRoleArn,
        }
      : {}),
    ...(t.kmsKeyId !== undefined ? { KmsKeyId: t.kmsKeyId } : {}),
    HasCustomEventSelectors: t.hasCustomEventSelectors,
    HasInsightSelectors: t.insightSelectors.length > 0,
    IsOrganizationTrail: t.isOrganizationTrail,
  };
}

function createOutput(t: SandboxTrail): Out<CreateTrailCommandOutput> {
  const d = describe(t);
  delete d.HomeRegion;
  delete d.HasCustomEventSelectors;
  delete d.HasInsightSelectors;
  return d;
}

/** Drops a log file (and a digest file) into the trail's bucket, as a delivery would. */
function deliver(ctx: CallContext, t: SandboxTrail): void {
  const now = ctx.now();
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/');
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const base = t.s3KeyPrefix ? `${t.s3KeyPrefix}/` : '';
  const org = ctx.world.organization;
  const root =
    t.isOrganizationTrail && org ? `${base}AWSLogs/${org.id}/${t.owner}` : `${base}AWSLogs/${t.owner}`;
  putObjectState(
    ctx.world,
    t.s3BucketName,
    `${root}/CloudTrail/${t.homeRegion}/${day}/${t.owner}_CloudTrail_${t.homeRegion}_${stamp}Z_sandbox.json.gz`,
    1024,
    now,
  );
  if (t.logFileValidationEnabled) {
    putObjectState(
      ctx.world,
      t.s3BucketName,
      `${root}/CloudTrail-Digest/${t.homeRegion}/${day}/${t.owner}_CloudTrail-Digest_${t.homeRegion}_${t.name}_${t.homeRegion}_${stamp}Z.json.gz`,
      512,
      now,
    );
  }
}

function deliveryErrorCode(problem: DestinationProblem): string {
  switch (problem.kind) {
    case 'no-bucket':
      return 'NoSuchBucket';
    case 'bucket-policy':
      return 'AccessDenied';
    case 'key-disabled':
      return 'KMS.DisabledException';
    default:
      return 'KMS.AccessDeniedException';
  }
}

const READ_WRITE = new Set(['ReadOnly', 'WriteOnly', 'All']);
const DATA_TYPES = /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/;

function checkEventSelectors(ctx: CallContext, input: PutEventSelectorsCommandInput): void {
  const basic = input.EventSelectors;
  const advanced = input.AdvancedEventSelectors;
  const invalid = (m: string): Error => err(ctx, 'InvalidEventSelectorsException', m);
  if ((basic === undefined) === (advanced === undefined)) {
    throw invalid('Specify either EventSelectors or AdvancedEventSelectors, but not both.');
  }
  if (basic) {
    // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html (5 selectors, 250 values)
    if (basic.length > 5) throw invalid('A trail can have at most 5 event selectors.');
    let values = 0;
    for (const s of basic) {
      if (s.ReadWriteType !== undefined && !READ_WRITE.has(s.ReadWriteType))
        throw invalid(`Invalid ReadWriteType ${s.ReadWriteType}.`);
      for (const r of s.DataResources ?? []) {
        if (!r.Type || !DATA_TYPES.test(r.Type))
          throw invalid(`Invalid data resource type ${String(r.Type)}.`);
        values += r.Values?.length ?? 0;
      }
    }
    if (values > 250)
      throw invalid('A trail can have at most 250 data resource values across its selectors.');
  }
  if (advanced) {
    if (advanced.length > 500) throw invalid('A trail can have at most 500 advanced event selectors.');
    for (const s of advanced) {
      if (!s.FieldSelectors || s.FieldSelectors.length === 0)
        throw invalid('An advanced event selector needs field selectors.');
      if (!s.FieldSelectors.some((f) => f.Field === 'eventCategory')) {
        throw invalid('An advanced event selector must have an eventCategory field selector.');
      }
    }
  }
}

/** The simulated AWS CloudTrail service. */
export const cloudtrailService = defineService({
  name: SERVICE,
  clientName: 'CloudTrailClient',
  scope: 'regional',
  protocol: 'json',
  operations: {
    CreateTrail: (ctx, input: CreateTrailCommandInput): Out<CreateTrailCommandOutput> => {
      const name = input.Name ?? '';
      if (!validTrailName(name))
        throw err(ctx, 'InvalidTrailNameException', `Trail name ${name} is not valid.`);
      if (!input.S3BucketName) throw err(ctx, 'InvalidS3BucketNameException', 'S3BucketName is required.');
      if (input.S3KeyPrefix !== undefined && input.S3KeyPrefix.length > 200) {
        throw err(ctx, 'InvalidS3PrefixException', 'The S3 key prefix can have at most 200 characters.');
      }
      const multiRegion = input.IsMultiRegionTrail ?? false;
      const globalEvents = input.IncludeGlobalServiceEvents ?? true;
      if (multiRegion && !globalEvents) {
        throw err(
          ctx,
          'InvalidParameterCombinationException',
          'Multi-Region trail must include global service events.',
        );
      }
      const isOrg = input.IsOrganizationTrail ?? false;
      const owner = isOrg ? requireOrgTrailAllowed(ctx) : ctx.account;
      checkCloudWatch(ctx, owner, ctx.region, input.CloudWatchLogsLogGroupArn, input.CloudWatchLogsRoleArn);
      const state = cloudTrailState(ctx.world, owner);
      // A name is taken in this Region by a trail homed here or by the shadow of a multi-Region trail.
      const clash = [...state.trails.values()].some(
        (t) => t.name === name && (t.homeRegion === ctx.region || t.isMultiRegionTrail || multiRegion),
      );
      if (clash)
        throw err(ctx, 'TrailAlreadyExistsException', `Trail ${name} already exists for customer: ${owner}`);
      const inRegion = [...state.trails.values()].filter(
        (t) => t.homeRegion === ctx.region || t.isMultiRegionTrail,
      );
      if (inRegion.length >= MAX_TRAILS_PER_REGION) {
        throw err(
          ctx,
          'MaximumNumberOfTrailsExceededException',
          `User: ${owner} already has ${MAX_TRAILS_PER_REGION} trails in ${ctx.region}.`,
        );
      }
      const dest: Destination = {
        owner,
        homeRegion: ctx.region,
        name,
        s3BucketName: input.S3BucketName,
        isOrganizationTrail: isOrg,
        ...(input.S3KeyPrefix ? { s3KeyPrefix: input.S3KeyPrefix } : {}),
        ...(input.KmsKeyId ? { kmsKeyId: input.KmsKeyId } : {}),
      };
      const check = checkDestination(ctx.world, dest);
      if (check.problem) throw destinationError(ctx, dest, check.problem);
      const trail = createTrailState(ctx.world, {
        name,
        owner,
        homeRegion: ctx.region,
        s3BucketName: input.S3BucketName,
        isMultiRegionTrail: multiRegion,
        isOrganizationTrail: isOrg,
        includeGlobalServiceEvents: globalEvents,
        logFileValidationEnabled: input.EnableLogFileValidation ?? false,
        ...(input.S3KeyPrefix ? { s3KeyPrefix: input.S3KeyPrefix } : {}),
        ...(check.keyArn ? { kmsKeyId: check.keyArn } : {}),
        ...(input.CloudWatchLogsLogGroupArn
          ? {
              cloudWatchLogsLogGroupArn: input.CloudWatchLogsLogGroupArn,
              cloudWatchLogsRoleArn: input.CloudWatchLogsRoleArn!,
            }
          : {}),
      });
      if (input.SnsTopicName) trail.snsTopicName = input.SnsTopicName;
      trail.tags = (input.TagsList ?? []).map((t) => ({ ...t }));
      return createOutput(trail);
    },

    UpdateTrail: (ctx, input: UpdateTrailCommandInput): Out<UpdateTrailCommandOutput> => {
      const trail = findTrail(ctx, input.Name);
      requireManageable(ctx, trail);
      const isOrg = input.IsOrganizationTrail ?? trail.isOrganizationTrail;
      if (isOrg && !trail.isOrganizationTrail) {
        requireOrgTrailAllowed(ctx);
        if (trail.owner !== ctx.world.organization?.managementAccountId) {
          throw err(
            ctx,
            'NotOrganizationMasterAccountException',
            'Only a trail owned by the management account can become an organization trail.',
          );
        }
      }
      const multiRegion = input.IsMultiRegionTrail ?? trail.isMultiRegionTrail;
      const globalEvents = input.IncludeGlobalServiceEvents ?? trail.includeGlobalServiceEvents;
      if (multiRegion && !globalEvents) {
        throw err(
          ctx,
          'InvalidParameterCombinationException',
          'Multi-Region trail must include global service events.',
        );
      }
      if (input.S3KeyPrefix !== undefined && input.S3KeyPrefix.length > 200) {
        throw err(ctx, 'InvalidS3PrefixException', 'The S3 key prefix can have at most 200 characters.');
      }
      const group = input.CloudWatchLogsLogGroupArn ?? trail.cloudWatchLogsLogGroupArn;
      const role = input.CloudWatchLogsRoleArn ?? trail.cloudWatchLogsRoleArn;
      checkCloudWatch(ctx, trail.owner, trail.homeRegion, group || undefined, role || undefined);
      // An empty string removes the key prefix, the KMS key or the CloudWatch Logs settings.
      const prefix = input.S3KeyPrefix ?? trail.s3KeyPrefix;
      const kms = input.KmsKeyId ?? trail.kmsKeyId;
      const dest: Destination = {
        owner: trail.owner,
        homeRegion: trail.homeRegion,
        name: trail.name,
        s3BucketName: input.S3BucketName || trail.s3BucketName,
        isOrganizationTrail: isOrg,
        ...(prefix ? { s3KeyPrefix: prefix } : {}),
        ...(kms ? { kmsKeyId: kms } : {}),
      };
      const touchesDestination =
        input.S3BucketName !== undefined ||
        input.S3KeyPrefix !== undefined ||
        input.KmsKeyId !== undefined ||
        input.IsOrganizationTrail !== undefined;
      let keyArn = trail.kmsKeyId;
      if (touchesDestination) {
        const check = checkDestination(ctx.world, dest);
        if (check.problem) throw destinationError(ctx, dest, check.problem);
        keyArn = check.keyArn;
      }
      trail.s3BucketName = dest.s3BucketName;
      if (dest.s3KeyPrefix) trail.s3KeyPrefix = dest.s3KeyPrefix;
      else delete trail.s3KeyPrefix;
      if (keyArn && kms) trail.kmsKeyId = keyArn;
      else delete trail.kmsKeyId;
      if (group && role) {
        trail.cloudWatchLogsLogGroupArn = group;
        trail.cloudWatchLogsRoleArn = role;
      } else {
        delete trail.cloudWatchLogsLogGroupArn;
        delete trail.cloudWatchLogsRoleArn;
      }
      if (input.SnsTopicName !== undefined) {
        if (input.SnsTopicName) trail.snsTopicName = input.SnsTopicName;
        else delete trail.snsTopicName;
      }
      trail.isMultiRegionTrail = multiRegion;
      trail.includeGlobalServiceEvents = globalEvents;
      trail.isOrganizationTrail = isOrg;
      if (input.EnableLogFileValidation !== undefined)
        trail.logFileValidationEnabled = input.EnableLogFileValidation;
      return createOutput(trail);
    },

    DeleteTrail: (ctx, input: DeleteTrailCommandInput): Record<string, never> => {
      const trail = findTrail(ctx, input.Name);
      requireManageable(ctx, trail);
      cloudTrailState(ctx.world, trail.owner).trails.delete(trail.arn);
      return {};
    },

    DescribeTrails: (ctx, input: DescribeTrailsCommandInput): Out<DescribeTrailsCommandOutput> => {
      const includeShadow = input.includeShadowTrails ?? true;
      const visible = trailsVisibleTo(ctx.world, ctx.account, ctx.region);
      const names = input.trailNameList ?? [];
      let picked: VisibleTrail[];
      if (names.length === 0) {
        picked = visible.filter((v) => includeShadow || !v.shadow);
      } else {
        // Names match only this account's trails homed in this Region; ARNs match any visible trail.
        picked = visible.filter((v) =>
          names.some((n) =>
            n.startsWith('arn:')
              ? n === v.trail.arn
              : !v.shadow && v.trail.owner === ctx.account && v.trail.name === n,
          ),
        );
        for (const n of names) {
          if (n.startsWith('arn:') && !TRAIL_ARN.test(n)) {
            throw err(ctx, 'CloudTrailARNInvalidException', `Invalid trail ARN: ${n}.`);
          }
        }
      }
      return { trailList: picked.map((v) => describe(v.trail)) };
    },

    GetTrail: (ctx, input: GetTrailCommandInput): Out<GetTrailCommandOutput> => ({
      Trail: describe(findTrail(ctx, input.Name)),
    }),

    ListTrails: (ctx, _input: ListTrailsCommandInput): Out<ListTrailsCommandOutput> => {
      const own = [...cloudTrailState(ctx.world, ctx.account).trails.values()];
      const org = ctx.world.organization;
      const orgTrails =
        org && ctx.account !== org.managementAccountId && ctx.world.isActiveMember(ctx.account)
          ? [...cloudTrailState(ctx.world, org.managementAccountId).trails.values()].filter(
              (t) => t.isOrganizationTrail,
            )
          : [];
      return {
        Trails: [...own, ...orgTrails].map((t) => ({
          TrailARN: t.arn,
          Name: t.name,
          HomeRegion: t.homeRegion,
        })),
      };
    },

    GetTrailStatus: (ctx, input: GetTrailStatusCommandInput): Out<GetTrailStatusCommandOutput> => {
      const t = findTrail(ctx, input.Name);
      const out: Out<GetTrailStatusCommandOutput> = { IsLogging: t.logging };
      if (t.startLoggingTime) out.StartLoggingTime = t.startLoggingTime;
      if (t.stopLoggingTime) out.StopLoggingTime = t.stopLoggingTime;
      if (t.startLoggingTime && t.deliveredAtStart) {
        // Delivery times are reported as the time logging started (see the file header).
        out.LatestDeliveryTime = t.startLoggingTime;
        if (t.logFileValidationEnabled) out.LatestDigestDeliveryTime = t.startLoggingTime;
        if (t.cloudWatchLogsLogGroupArn) out.LatestCloudWatchLogsDeliveryTime = t.startLoggingTime;
      }
      if (t.logging) {
        const check = checkDestination(ctx.world, {
          owner: t.owner,
          homeRegion: t.homeRegion,
          name: t.name,
          s3BucketName: t.s3BucketName,
          isOrganizationTrail: t.isOrganizationTrail,
          ...(t.s3KeyPrefix ? { s3KeyPrefix: t.s3KeyPrefix } : {}),
          ...(t.kmsKeyId ? { kmsKeyId: t.kmsKeyId } : {}),
        });
        if (check.problem) {
          out.LatestDeliveryError = deliveryErrorCode(check.problem);
          if (t.logFileValidationEnabled) out.LatestDigestDeliveryError = out.LatestDeliveryError;
        }
      }
      return out;
    },

    StartLogging: (ctx, input: StartLoggingCommandInput): Record<string, never> => {
      const t = findTrail(ctx, input.Name);
      requireManageable(ctx, t);
      if (t.logging) return {};
      t.logging = true;
      t.startLoggingTime = ctx.now();
      const check = checkDestination(ctx.world, {
        owner: t.owner,
        homeRegion: t.homeRegion,
        name: t.name,
        s3BucketName: t.s3BucketName,
        isOrganizationTrail: t.isOrganizationTrail,
        ...(t.s3KeyPrefix ? { s3KeyPrefix: t.s3KeyPrefix } : {}),
        ...(t.kmsKeyId ? { kmsKeyId: t.kmsKeyId } : {}),
      });
      t.deliveredAtStart = check.problem === undefined;
      if (t.deliveredAtStart) deliver(ctx, t);
      return {};
    },

    StopLogging: (ctx, input: StopLoggingCommandInput): Record<string, never> => {
      const t = findTrail(ctx, input.Name);
      requireManageable(ctx, t);
      if (!t.logging) return {};
      t.logging = false;
      t.stopLoggingTime = ctx.now();
      return {};
    },

    AddTags: (ctx, input: AddTagsCommandInput): Record<string, never> => {
      const t = findTrail(ctx, input.ResourceId);
      requireManageable(ctx, t);
      const merged = new Map(t.tags.map((x) => [x.Key ?? '', x.Value]));
      for (const x of input.TagsList ?? []) merged.set(x.Key ?? '', x.Value);
      if (merged.size > 50) throw err(ctx, 'TagsLimitExceededException', 'A trail can have at most 50 tags.');
      t.tags = [...merged].map(([Key, Value]) => ({ Key, ...(Value !== undefined ? { Value } : {}) }));
      return {};
    },

    RemoveTags: (ctx, input: RemoveTagsCommandInput): Record<string, never> => {
      const t = findTrail(ctx, input.ResourceId);
      requireManageable(ctx, t);
      const drop = new Set((input.TagsList ?? []).map((x) => x.Key));
      t.tags = t.tags.filter((x) => !drop.has(x.Key));
      return {};
    },

    ListTags: (ctx, input: ListTagsCommandInput): Out<ListTagsCommandOutput> => {
      const ids = input.ResourceIdList ?? [];
      if (ids.length === 0 || ids.length > 20) {
        throw err(ctx, 'InvalidParameterException', 'ResourceIdList must hold between 1 and 20 trail ARNs.');
      }
      return {
        ResourceTagList: ids.map((id) => {
          if (!id.startsWith('arn:'))
            throw err(ctx, 'CloudTrailARNInvalidException', `Invalid trail ARN: ${id}.`);
          const t = findTrail(ctx, id);
          return { ResourceId: t.arn, TagsList: t.tags.map((x) => ({ ...x })) };
        }),
      };
    },

    GetEventSelectors: (ctx, input: GetEventSelectorsCommandInput): Out<GetEventSelectorsCommandOutput> => {
      const t = findTrail(ctx, input.TrailName);
      return {
        TrailARN: t.arn,
        ...(t.advancedEventSelectors
          ? { AdvancedEventSelectors: structuredClone(t.advancedEventSelectors) }
          : { EventSelectors: structuredClone(t.eventSelectors ?? []) }),
      };
    },

    PutEventSelectors: (ctx, input: PutEventSelectorsCommandInput): Out<PutEventSelectorsCommandOutput> => {
      const t = findTrail(ctx, input.TrailName);
      requireManageable(ctx, t);
      checkEventSelectors(ctx, input);
      if (input.EventSelectors) {
        t.eventSelectors = structuredClone(input.EventSelectors).map((s) => ({
          ReadWriteType: s.ReadWriteType ?? 'All',
          IncludeManagementEvents: s.IncludeManagementEvents ?? true,
          DataResources: s.DataResources ?? [],
          ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
        }));
        delete t.advancedEventSelectors;
      } else {
        t.advancedEventSelectors = structuredClone(input.AdvancedEventSelectors!);
        delete t.eventSelectors;
      }
      t.hasCustomEventSelectors = true;
      return {
        TrailARN: t.arn,
        ...(t.eventSelectors ? { EventSelectors: structuredClone(t.eventSelectors) } : {}),
        ...(t.advancedEventSelectors
          ? { AdvancedEventSelectors: structuredClone(t.advancedEventSelectors) }
          : {}),
      };
    },

    GetInsightSelectors: (
      ctx,
      input: GetInsightSelectorsCommandInput,
    ): Out<GetInsightSelectorsCommandOutput> => {
      if (input.EventDataStore !== undefined) {
        throw err(
          ctx,
          'UnsupportedOperationException',
          'Event data stores are not simulated by the sandbox.',
        );
      }
      const t = findTrail(ctx, input.TrailName);
      if (t.insightSelectors.length === 0) {
        throw err(ctx, 'InsightNotEnabledException', `Trail ${t.arn} does not have Insights enabled.`);
      }
      return { TrailARN: t.arn, InsightSelectors: structuredClone(t.insightSelectors) };
    },

    PutInsightSelectors: (
      ctx,
      input: PutInsightSelectorsCommandInput,
    ): Out<PutInsightSelectorsCommandOutput> => {
      if (input.EventDataStore !== undefined) {
        throw err(
          ctx,
          'UnsupportedOperationException',
          'Event data stores are not simulated by the sandbox.',
        );
      }
      const t = findTrail(ctx, input.TrailName);
      requireManageable(ctx, t);
      const selectors = input.InsightSelectors ?? [];
      const types = selectors.map((s) => s.InsightType as string | undefined);
      if (
        types.some((x) => x !== 'ApiCallRateInsight' && x !== 'ApiErrorRateInsight') ||
        new Set(types).size !== types.length
      ) {
        throw err(ctx, 'InvalidInsightSelectorsException', 'Insight selectors are not valid.');
      }
      t.insightSelectors = structuredClone(selectors);
      return { TrailARN: t.arn, InsightSelectors: structuredClone(t.insightSelectors) };
    },

    RegisterOrganizationDelegatedAdmin: (
      ctx,
      input: RegisterOrganizationDelegatedAdminCommandInput,
    ): Record<string, never> => {
      const member = input.MemberAccountId ?? '';
      requireOrgAdminApi(ctx, member);
      const org = ctx.world.organization!;
      if (member === org.managementAccountId) {
        throw err(
          ctx,
          'CannotDelegateManagementAccountException',
          'The management account cannot be registered as the CloudTrail delegated administrator.',
        );
      }
      if (!ctx.world.isActiveMember(member)) {
        throw err(
          ctx,
          'AccountNotFoundException',
          `Account ${member} is not an active member of the organization.`,
        );
      }
      const admins = ctx.world.delegatedAdminsFor(CLOUDTRAIL_PRINCIPAL);
      if (admins.includes(member)) {
        throw err(
          ctx,
          'AccountRegisteredException',
          `Account ${member} is already a CloudTrail delegated administrator.`,
        );
      }
      if (admins.length >= MAX_DELEGATED_ADMINS) {
        throw err(
          ctx,
          'DelegatedAdminAccountLimitExceededException',
          `An organization can have at most ${MAX_DELEGATED_ADMINS} CloudTrail delegated administrators.`,
        );
      }
      registerServiceAdmin(ctx, CLOUDTRAIL_PRINCIPAL, member);
      return {};
    },

    DeregisterOrganizationDelegatedAdmin: (
      ctx,
      input: DeregisterOrganizationDelegatedAdminCommandInput,
    ): Record<string, never> => {
      const id = input.DelegatedAdminAccountId ?? '';
      requireOrgAdminApi(ctx, id);
      if (!ctx.world.account(id) || !ctx.world.isMember(id)) {
        throw err(ctx, 'AccountNotFoundException', `Account ${id} is not a member of the organization.`);
      }
      if (!ctx.world.delegatedAdminsFor(CLOUDTRAIL_PRINCIPAL).includes(id)) {
        throw err(
          ctx,
          'AccountNotRegisteredException',
          `Account ${id} is not a CloudTrail delegated administrator.`,
        );
      }
      deregisterServiceAdmin(ctx, CLOUDTRAIL_PRINCIPAL, id);
      return {};
    },
  },
});

/** Checks shared by CloudTrail's delegated-administrator APIs. */
function requireOrgAdminApi(ctx: CallContext, accountId: string): void {
  const org = ctx.world.organization;
  if (!org || !ctx.world.isMember(ctx.account)) {
    throw err(ctx, 'OrganizationsNotInUseException', 'This account is not a member of an organization.');
  }
  if (org.featureSet !== 'ALL') {
    throw err(
      ctx,
      'OrganizationNotInAllFeaturesModeException',
      'The organization does not have all features enabled.',
    );
  }
  if (!ctx.world.isManagementAccount(ctx.account)) {
    throw err(
      ctx,
      'NotOrganizationManagementAccountException',
      `Account ${ctx.account} is not the management account of organization ${org.id}.`,
    );
  }
  if (!ctx.world.hasTrustedAccess(CLOUDTRAIL_PRINCIPAL)) {
    throw err(
      ctx,
      'CloudTrailAccessNotEnabledException',
      'Trusted access for cloudtrail.amazonaws.com is not enabled in AWS Organizations.',
    );
  }
  if (!/^\d{12,16}$/.test(accountId)) {
    throw err(ctx, 'InvalidParameterException', `Account id ${accountId} is not valid.`);
  }
  if (dependencyDenied(ctx)) {
    throw err(
      ctx,
      'InsufficientDependencyServiceAccessPermissionException',
      'The caller lacks the AWS Organizations or IAM permissions CloudTrail needs.',
    );
  }
}
