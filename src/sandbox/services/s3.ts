/**
 * Amazon S3 in the sandbox: general purpose buckets and the bucket settings a security tool reads
 * (policy, default encryption, versioning, Object Lock, Block Public Access, server access logging,
 * lifecycle, Object Ownership, tags), plus a minimal object store (keys and sizes) so that "a bucket
 * holding data" exists and services can simulate log delivery.
 *
 * State: bucket names are global across accounts and Regions; each bucket lives in one Region and
 * is kept in its owner's account state. A per-world name index makes lookups O(1); create buckets
 * through the API or {@link createBucketState}, never by writing the maps directly.
 *
 * Pages followed:
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html (and Put/Delete)
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicyStatus.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 * - https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 *
 * Behaviour worth knowing:
 * - Defaults of a new bucket are today's AWS defaults: SSE-S3 default encryption (since January
 *   2023 every bucket has it and it cannot be removed), all four Block Public Access settings on and
 *   Object Ownership `BucketOwnerEnforced` (since April 2023). {@link createBucketState} can lay
 *   down an older bucket without the April 2023 defaults.
 * - Region: a request signed for another Region than the bucket's answers `PermanentRedirect` (301)
 *   with the `x-amz-bucket-region` header, or `IllegalLocationConstraintException` (400) when the
 *   bucket is in an opt-in Region (Regions launched after March 2019 answer 400 instead of a
 *   redirect). The SDK's `followRegionRedirects` option therefore works against the sandbox.
 *   `AuthorizationHeaderMalformed` is what the legacy global endpoint (`s3.amazonaws.com`) answers;
 *   SDK v3 always uses regional endpoints, so the sandbox never returns it. `ListBuckets` and
 *   `GetBucketLocation` answer from any Region.
 * - `HeadBucket` has no response body, so the SDK names its errors by status: `NotFound` for 404
 *   and `Unknown` for 301/400/403 (with `$metadata.httpStatusCode` set). The sandbox mirrors that.
 * - Cross-account access: a caller from another account is allowed an operation only when the
 *   bucket policy allows its principal the matching IAM action (its identity policy is assumed to
 *   allow it). When `RestrictPublicBuckets` is on (bucket or account level), public statements are
 *   ignored for such callers. The bucket policy operations themselves are owner-only: another
 *   account gets `MethodNotAllowed` (405) when the policy allows it, `AccessDenied` otherwise.
 *   An explicit `Deny` in the bucket policy also applies to the owner account, except the root user
 *   on the bucket policy operations.
 * - `BlockPublicPolicy` (bucket or account level) makes `PutBucketPolicy` with a public policy fail
 *   with `AccessDenied`.
 * - Objects: `PutObject` stores key, size and time only; the size of a streamed body is taken from
 *   `ContentLength`. Versions are not kept.
 */
import { createHash } from 'node:crypto';
import type {
  CreateBucketCommandInput,
  CreateBucketCommandOutput,
  DeleteBucketCommandInput,
  DeleteBucketEncryptionCommandInput,
  DeleteBucketLifecycleCommandInput,
  DeleteBucketOwnershipControlsCommandInput,
  DeleteBucketPolicyCommandInput,
  DeleteBucketTaggingCommandInput,
  DeletePublicAccessBlockCommandInput,
  GetBucketEncryptionCommandInput,
  GetBucketEncryptionCommandOutput,
  GetBucketLifecycleConfigurationCommandInput,
  GetBucketLifecycleConfigurationCommandOutput,
  GetBucketLocationCommandInput,
  GetBucketLocationCommandOutput,
  GetBucketLoggingCommandInput,
  GetBucketLoggingCommandOutput,
  GetBucketOwnershipControlsCommandInput,
  GetBucketOwnershipControlsCommandOutput,
  GetBucketPolicyCommandInput,
  GetBucketPolicyCommandOutput,
  GetBucketPolicyStatusCommandInput,
  GetBucketPolicyStatusCommandOutput,
  GetBucketTaggingCommandInput,
  GetBucketTaggingCommandOutput,
  GetBucketVersioningCommandInput,
  GetBucketVersioningCommandOutput,
  GetObjectLockConfigurationCommandInput,
  GetObjectLockConfigurationCommandOutput,
  GetPublicAccessBlockCommandInput,
  GetPublicAccessBlockCommandOutput,
  HeadBucketCommandInput,
  HeadBucketCommandOutput,
  LifecycleRule,
  ListBucketsCommandInput,
  ListBucketsCommandOutput,
  ListObjectsV2CommandInput,
  ListObjectsV2CommandOutput,
  LoggingEnabled,
  ObjectLockRule,
  ObjectOwnership,
  PublicAccessBlockConfiguration,
  PutBucketEncryptionCommandInput,
  PutBucketLifecycleConfigurationCommandInput,
  PutBucketLifecycleConfigurationCommandOutput,
  PutBucketLoggingCommandInput,
  PutBucketOwnershipControlsCommandInput,
  PutBucketPolicyCommandInput,
  PutBucketTaggingCommandInput,
  PutBucketVersioningCommandInput,
  PutObjectCommandInput,
  PutObjectCommandOutput,
  PutObjectLockConfigurationCommandInput,
  PutObjectLockConfigurationCommandOutput,
  PutPublicAccessBlockCommandInput,
  ServerSideEncryptionRule,
  Tag,
} from '@aws-sdk/client-s3';
import * as S3Sdk from '@aws-sdk/client-s3';
import type { ServiceException } from '@smithy/smithy-client';
import { modeledError, type AwsErrorOptions, type ModeledExceptionClass } from '../core/errors.js';
import { findRegion, isRegionCode } from '../../catalog/regions.js';
import { paginate } from '../core/paginate.js';
import { defineService, type CallContext } from '../core/service.js';
import type { SandboxWorld } from '../core/state.js';
import {
  evaluatePolicy,
  isPublicPolicy,
  parsePolicy,
  wildcardMatch,
  type PolicyCaller,
  type PolicyContext,
  type PolicyDocument,
} from './policy.js';
import { accountPublicAccessBlock } from './s3control.js';

type Out<T> = Omit<T, '$metadata'>;

/**
 * An error as the S3 client raises it: an instance of the SDK's modeled exception class when the
 * service model declares `name` (so `instanceof` works), a plain service exception otherwise.
 */
function fail(ctx: CallContext, name: string, message: string, options?: AwsErrorOptions): ServiceException {
  const ctor = (S3Sdk as unknown as Record<string, unknown>)[name];
  return typeof ctor === 'function' && ctor.prototype instanceof S3Sdk.S3ServiceException
    ? modeledError(ctor as ModeledExceptionClass<ServiceException>, message, options)
    : ctx.error(name, message, options);
}

const SERVICE = 's3';

/** One stored object: key, size and time only. */
export interface S3Object {
  /** Object key. */
  key: string;
  /** Size in bytes. */
  size: number;
  /** Time of the last write. */
  lastModified: Date;
  /** Entity tag (quoted hex digest, as S3 returns it). */
  etag: string;
}

/** One general purpose bucket. */
export interface S3Bucket {
  /** Bucket name (globally unique). */
  name: string;
  /** Owner account id. */
  owner: string;
  /** Region the bucket lives in. */
  region: string;
  /** LocationConstraint as given at creation (`EU` stays `EU`); undefined for us-east-1. */
  locationConstraint?: string;
  /** Creation time. */
  createdAt: Date;
  /** Bucket policy JSON, when one is set. */
  policy?: string;
  /** Default encryption rules (never empty: SSE-S3 is the floor). */
  encryption: ServerSideEncryptionRule[];
  /** Versioning state; `status` undefined when versioning was never configured. */
  versioning: { status?: 'Enabled' | 'Suspended'; mfaDelete?: 'Enabled' | 'Disabled' };
  /** Whether Object Lock is enabled (it cannot be turned off again). */
  objectLockEnabled: boolean;
  /** Default retention rule of Object Lock. */
  objectLockRule?: ObjectLockRule;
  /** Bucket-level Block Public Access configuration. */
  publicAccessBlock?: Required<PublicAccessBlockConfiguration>;
  /** Server access logging target. */
  logging?: LoggingEnabled;
  /** Lifecycle rules. */
  lifecycle?: LifecycleRule[];
  /** Object Ownership setting. */
  ownership?: ObjectOwnership;
  /** Bucket tags. */
  tags?: Tag[];
  /** Objects by key. */
  objects: Map<string, S3Object>;
}

/** S3 state of one account. */
export interface S3AccountState {
  /** Buckets owned by the account, by name. */
  buckets: Map<string, S3Bucket>;
}

/** Bucket name → owner account, per world (bucket names are a global namespace). */
const nameIndex = new WeakMap<SandboxWorld, Map<string, string>>();

function indexOf(world: SandboxWorld): Map<string, string> {
  let m = nameIndex.get(world);
  if (!m) {
    m = new Map();
    nameIndex.set(world, m);
  }
  return m;
}

/** The S3 state of `account` (its buckets). */
export function s3AccountState(world: SandboxWorld, account: string): S3AccountState {
  return world.global<S3AccountState>(SERVICE, account, () => ({ buckets: new Map() }));
}

/** The bucket named `name`, in whichever account owns it. */
export function findBucket(world: SandboxWorld, name: string): S3Bucket | undefined {
  const owner = indexOf(world).get(name);
  return owner === undefined ? undefined : s3AccountState(world, owner).buckets.get(name);
}

/** ARN of a bucket. */
export function bucketArn(name: string): string {
  return `arn:aws:s3:::${name}`;
}

/** Options of {@link createBucketState}. */
export interface NewBucket {
  /** Bucket name. */
  name: string;
  /** Owner account id. */
  owner: string;
  /** Region. */
  region: string;
  /** Creation time. */
  createdAt: Date;
  /** Enable Object Lock (and versioning) at creation. @default false */
  objectLock?: boolean;
  /**
   * Lay the bucket down as one created before April 2023: no bucket-level Block Public Access and
   * no Object Ownership setting. @default false
   */
  legacyDefaults?: boolean;
  /** LocationConstraint as given (`EU` for the legacy eu-west-1 name). */
  locationConstraint?: string;
}

/**
 * Creates a bucket with AWS's defaults for new buckets and registers its name. For scenarios and
 * tests that lay down state directly; throws when the name is taken.
 */
export function createBucketState(world: SandboxWorld, b: NewBucket): S3Bucket {
  const index = indexOf(world);
  if (index.has(b.name)) throw new Error(`sandbox: bucket ${b.name} already exists`);
  const bucket: S3Bucket = {
    name: b.name,
    owner: b.owner,
    region: b.region,
    createdAt: b.createdAt,
    encryption: defaultEncryption(),
    versioning: b.objectLock ? { status: 'Enabled' } : {},
    objectLockEnabled: b.objectLock ?? false,
    objects: new Map(),
  };
  if (b.locationConstraint !== undefined) bucket.locationConstraint = b.locationConstraint;
  else if (b.region !== 'us-east-1') bucket.locationConstraint = b.region;
  if (!b.legacyDefaults) {
    bucket.publicAccessBlock = {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    };
    bucket.ownership = 'BucketOwnerEnforced';
  }
  s3AccountState(world, b.owner).buckets.set(b.name, bucket);
  index.set(b.name, b.owner);
  return bucket;
}

function defaultEncryption(): ServerSideEncryptionRule[] {
  return [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }];
}

/**
 * Stores an object as a service delivery would (CloudTrail, Config, …): no permission checks.
 * Returns false when the bucket does not exist.
 */
export function putObjectState(
  world: SandboxWorld,
  bucket: string,
  key: string,
  size: number,
  at: Date,
): boolean {
  const b = findBucket(world, bucket);
  if (!b) return false;
  b.objects.set(key, { key, size, lastModified: at, etag: etagOf(`${key}:${size}:${at.getTime()}`) });
  return true;
}

/** The parsed bucket policy, or undefined when there is none (or it does not parse). */
export function bucketPolicy(bucket: S3Bucket): PolicyDocument | undefined {
  if (bucket.policy === undefined) return undefined;
  const parsed = parsePolicy(bucket.policy, { requirePrincipal: false });
  return parsed.ok ? parsed.policy : undefined;
}

/**
 * Whether the bucket policy allows a request, as S3 decides it for a principal outside the bucket
 * owner's account (or a service principal): an explicit `Allow` and no explicit `Deny`. With
 * `RestrictPublicBuckets` in force, public statements count only for AWS service principals.
 */
export function bucketPolicyAllows(
  world: SandboxWorld,
  bucket: S3Bucket,
  request: { caller: PolicyCaller; action: string; resource: string; context?: PolicyContext },
): boolean {
  const policy = bucketPolicy(bucket);
  if (!policy) return false;
  const restricted =
    restrictPublicBuckets(world, bucket) && request.caller.kind !== 'service' && isPublicPolicy(policy);
  const effective = restricted
    ? {
        ...policy,
        statements: policy.statements.filter(
          (s) => s.effect === 'Deny' || !isPublicPolicy({ statements: [s] }),
        ),
      }
    : policy;
  const context: PolicyContext = { 'aws:SecureTransport': 'true', ...request.context };
  return evaluatePolicy(effective, { ...request, context }) === 'allow';
}

function restrictPublicBuckets(world: SandboxWorld, b: S3Bucket): boolean {
  return (
    b.publicAccessBlock?.RestrictPublicBuckets === true ||
    accountPublicAccessBlock(world, b.owner)?.RestrictPublicBuckets === true
  );
}

function blockPublicPolicy(world: SandboxWorld, b: S3Bucket): boolean {
  return (
    b.publicAccessBlock?.BlockPublicPolicy === true ||
    accountPublicAccessBlock(world, b.owner)?.BlockPublicPolicy === true
  );
}

function etagOf(s: string): string {
  return `"${createHash('md5').update(s).digest('hex')}"`;
}

function canonicalId(account: string): string {
  return createHash('sha256').update(`sandbox-canonical-${account}`).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Request checks shared by the bucket operations.

/** Operations that answer from any Region. */
const REGIONLESS = new Set(['GetBucketLocation']);

/** IAM action each operation is authorised as. https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html */
const IAM_ACTION: Record<string, string> = {
  HeadBucket: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  GetBucketLocation: 's3:GetBucketLocation',
  DeleteBucket: 's3:DeleteBucket',
  GetBucketPolicy: 's3:GetBucketPolicy',
  PutBucketPolicy: 's3:PutBucketPolicy',
  DeleteBucketPolicy: 's3:DeleteBucketPolicy',
  GetBucketPolicyStatus: 's3:GetBucketPolicyStatus',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  PutBucketEncryption: 's3:PutEncryptionConfiguration',
  DeleteBucketEncryption: 's3:PutEncryptionConfiguration',
  GetBucketVersioning: 's3:GetBucketVersioning',
  PutBucketVersioning: 's3:PutBucketVersioning',
  GetObjectLockConfiguration: 's3:GetBucketObjectLockConfiguration',
  PutObjectLockConfiguration: 's3:PutBucketObjectLockConfiguration',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  GetBucketLogging: 's3:GetBucketLogging',
  PutBucketLogging: 's3:PutBucketLogging',
  GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration',
  PutBucketLifecycleConfiguration: 's3:PutLifecycleConfiguration',
  DeleteBucketLifecycle: 's3:PutLifecycleConfiguration',
  GetBucketOwnershipControls: 's3:GetBucketOwnershipControls',
  PutBucketOwnershipControls: 's3:PutBucketOwnershipControls',
  DeleteBucketOwnershipControls: 's3:PutBucketOwnershipControls',
  GetBucketTagging: 's3:GetBucketTagging',
  PutBucketTagging: 's3:PutBucketTagging',
  DeleteBucketTagging: 's3:PutBucketTagging',
  PutObject: 's3:PutObject',
};

/** Owner-only operations (another account gets 405 even when the policy allows it). */
const POLICY_OPERATIONS = new Set(['GetBucketPolicy', 'PutBucketPolicy', 'DeleteBucketPolicy']);

interface BucketInput {
  Bucket?: string | undefined;
  ExpectedBucketOwner?: string | undefined;
}

/** Error names of HEAD requests, which the SDK derives from the status code alone. */
function headName(status: number): string {
  return status === 404 ? 'NotFound' : 'Unknown';
}

function s3Error(
  ctx: CallContext,
  name: string,
  message: string,
  status: number,
  fields?: Record<string, unknown>,
) {
  const head = ctx.operation === 'HeadBucket';
  return fail(ctx, head ? headName(status) : name, head ? 'UnknownError' : message, {
    status,
    ...(fields ? { fields } : {}),
  });
}

function wrongRegion(ctx: CallContext, b: S3Bucket): Error {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (PermanentRedirect,
  // IllegalLocationConstraintException) and https://docs.aws.amazon.com/general/latest/gr/s3.html
  const headers = { 'x-amz-bucket-region': b.region };
  const optIn = findRegion(b.region)?.optIn === true;
  const status = optIn ? 400 : 301;
  const fields = {
    $response: { statusCode: status, headers, body: undefined },
    Bucket: b.name,
    Endpoint: `${b.name}.s3.${b.region}.amazonaws.com`,
  };
  if (optIn) {
    return s3Error(
      ctx,
      'IllegalLocationConstraintException',
      `The ${b.region} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      status,
      fields,
    );
  }
  return s3Error(
    ctx,
    'PermanentRedirect',
    'The bucket you are attempting to access must be addressed using the specified endpoint. ' +
      'Please send all future requests to this endpoint.',
    status,
    fields,
  );
}

function callerContext(ctx: CallContext): PolicyContext {
  const org = ctx.world.organization;
  return {
    'aws:PrincipalAccount': ctx.account,
    'aws:PrincipalArn': ctx.principal.arn,
    'aws:PrincipalType':
      ctx.principal.type === 'root' ? 'Account' : ctx.principal.type === 'user' ? 'User' : 'AssumedRole',
    'aws:PrincipalOrgID': org && ctx.world.isMember(ctx.account) ? org.id : undefined,
    'aws:SecureTransport': 'true',
  };
}

/**
 * Resolves the bucket of a request and applies the checks every bucket operation shares: existence,
 * ExpectedBucketOwner, Region and access.
 */
function bucketFor(
  ctx: CallContext,
  input: BucketInput,
  extraContext: PolicyContext = {},
  objectKey?: string,
): S3Bucket {
  const name = input.Bucket ?? '';
  const b = findBucket(ctx.world, name);
  if (!b) {
    throw s3Error(ctx, 'NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: name });
  }
  if (input.ExpectedBucketOwner !== undefined && input.ExpectedBucketOwner !== b.owner) {
    throw s3Error(ctx, 'AccessDenied', 'Access Denied', 403);
  }
  if (!REGIONLESS.has(ctx.operation) && ctx.region !== b.region) throw wrongRegion(ctx, b);
  const action = IAM_ACTION[ctx.operation] ?? `s3:${ctx.operation}`;
  const resource = objectKey === undefined ? bucketArn(b.name) : `${bucketArn(b.name)}/${objectKey}`;
  const caller: PolicyCaller = { kind: 'aws', account: ctx.account, arn: ctx.principal.arn };
  const context = { ...callerContext(ctx), ...extraContext };
  if (ctx.account === b.owner) {
    const policy = bucketPolicy(b);
    const rootOnPolicy = ctx.principal.type === 'root' && POLICY_OPERATIONS.has(ctx.operation);
    if (policy && !rootOnPolicy && evaluatePolicy(policy, { caller, action, resource, context }) === 'deny') {
      throw s3Error(ctx, 'AccessDenied', 'Access Denied', 403);
    }
    return b;
  }
  const allowed = bucketPolicyAllows(ctx.world, b, { caller, action, resource, context });
  if (allowed && POLICY_OPERATIONS.has(ctx.operation)) {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
    throw s3Error(ctx, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
  }
  if (!allowed) throw s3Error(ctx, 'AccessDenied', 'Access Denied', 403);
  return b;
}

// ---------------------------------------------------------------------------------------------
// Validation helpers.

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
function validBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes('..')) return false;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return false;
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return false;
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return false;
  return true;
}

function malformedXml(ctx: CallContext): Error {
  return fail(
    ctx,
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
    {
      status: 400,
    },
  );
}

function bodySize(body: unknown, contentLength: number | undefined): number {
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return contentLength ?? 0;
}

function bodyDigest(body: unknown, fallback: string): string {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    return `"${createHash('md5').update(body).digest('hex')}"`;
  }
  return etagOf(fallback);
}

/** Default bucket quota per account. https://docs.aws.amazon.com/AmazonS3/latest/userguide/BucketRestrictions.html */
const MAX_BUCKETS = 10_000;

// ---------------------------------------------------------------------------------------------

/** The simulated Amazon S3 service. */
export const s3Service = defineService({
  name: SERVICE,
  clientName: 'S3Client',
  scope: 'regional',
  protocol: 'rest-xml',
  operations: {
    CreateBucket: (ctx, input: CreateBucketCommandInput): Out<CreateBucketCommandOutput> => {
      const name = input.Bucket ?? '';
      if (!validBucketName(name)) {
        throw fail(ctx, 'InvalidBucketName', 'The specified bucket is not valid.', {
          status: 400,
          fields: { BucketName: name },
        });
      }
      const constraint = input.CreateBucketConfiguration?.LocationConstraint as string | undefined;
      // us-east-1 is never a valid LocationConstraint; omit it instead.
      if (
        constraint === 'us-east-1' ||
        (constraint !== undefined && constraint !== 'EU' && !isRegionCode(constraint))
      ) {
        throw fail(ctx, 'InvalidLocationConstraint', 'The specified location-constraint is not valid', {
          status: 400,
          fields: { LocationConstraint: constraint },
        });
      }
      const target = constraint === 'EU' ? 'eu-west-1' : (constraint ?? 'us-east-1');
      // A regional endpoint accepts only its own Region; the us-east-1 endpoint keeps the global
      // endpoint's behaviour and accepts any Region that is not opt-in.
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
      const sameRegion = target === ctx.region;
      const viaUsEast1 = ctx.region === 'us-east-1' && findRegion(target)?.optIn !== true;
      if (!sameRegion && !viaUsEast1) {
        throw fail(
          ctx,
          'IllegalLocationConstraintException',
          `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific ` +
            'endpoint this request was sent to.',
          { status: 400 },
        );
      }
      const existing = findBucket(ctx.world, name);
      if (existing) {
        if (existing.owner !== ctx.account) {
          throw fail(
            ctx,
            'BucketAlreadyExists',
            'The requested bucket name is not available. The bucket namespace is shared by all users of the ' +
              'system. Please select a different name and try again.',
            { status: 409, fields: { BucketName: name } },
          );
        }
        // Legacy behaviour of us-east-1: re-creating your own bucket there answers 200 OK.
        if (existing.region === 'us-east-1' && target === 'us-east-1' && ctx.region === 'us-east-1') {
          return { Location: `/${name}` };
        }
        throw fail(
          ctx,
          'BucketAlreadyOwnedByYou',
          'Your previous request to create the named bucket succeeded and you already own it.',
          { status: 409, fields: { BucketName: name } },
        );
      }
      if (s3AccountState(ctx.world, ctx.account).buckets.size >= MAX_BUCKETS) {
        throw fail(ctx, 'TooManyBuckets', 'You have attempted to create more buckets than allowed', {
          status: 400,
        });
      }
      const ownership = input.ObjectOwnership ?? 'BucketOwnerEnforced';
      if (input.ACL !== undefined && input.ACL !== 'private' && ownership === 'BucketOwnerEnforced') {
        throw fail(
          ctx,
          'InvalidBucketAclWithObjectOwnership',
          "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
          { status: 400 },
        );
      }
      const bucket = createBucketState(ctx.world, {
        name,
        owner: ctx.account,
        region: target,
        createdAt: ctx.now(),
        objectLock: input.ObjectLockEnabledForBucket === true,
        ...(constraint !== undefined ? { locationConstraint: constraint } : {}),
      });
      bucket.ownership = ownership;
      const tags = input.CreateBucketConfiguration?.Tags;
      if (tags && tags.length > 0) bucket.tags = tags.map((t) => ({ Key: t.Key, Value: t.Value }));
      return target === 'us-east-1'
        ? { Location: `/${name}` }
        : { Location: `http://${name}.s3.amazonaws.com/` };
    },

    ListBuckets: (ctx, input: ListBucketsCommandInput): Out<ListBucketsCommandOutput> => {
      const all = [...s3AccountState(ctx.world, ctx.account).buckets.values()]
        .filter((b) => input.Prefix === undefined || b.name.startsWith(input.Prefix))
        .filter((b) => input.BucketRegion === undefined || b.region === input.BucketRegion)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      let items = all;
      let next: string | undefined;
      if (input.MaxBuckets !== undefined || input.ContinuationToken !== undefined) {
        const page = paginate(ctx, all, {
          maxResults: input.MaxBuckets,
          nextToken: input.ContinuationToken,
          defaultMax: MAX_BUCKETS,
          limit: MAX_BUCKETS,
          errorName: 'InvalidArgument',
        });
        items = page.page;
        next = page.nextToken;
      }
      return {
        Buckets: items.map((b) => ({ Name: b.name, CreationDate: b.createdAt, BucketRegion: b.region })),
        Owner: { ID: canonicalId(ctx.account), DisplayName: `sandbox-${ctx.account}` },
        ...(input.Prefix !== undefined ? { Prefix: input.Prefix } : {}),
        ...(next !== undefined ? { ContinuationToken: next } : {}),
      };
    },

    HeadBucket: (ctx, input: HeadBucketCommandInput): Out<HeadBucketCommandOutput> => {
      const b = bucketFor(ctx, input);
      return { BucketRegion: b.region, AccessPointAlias: false };
    },

    GetBucketLocation: (ctx, input: GetBucketLocationCommandInput): Out<GetBucketLocationCommandOutput> => {
      const b = bucketFor(ctx, input);
      // Buckets in us-east-1 have a null LocationConstraint.
      return b.locationConstraint === undefined
        ? {}
        : {
            LocationConstraint: b.locationConstraint as GetBucketLocationCommandOutput['LocationConstraint'],
          };
    },

    DeleteBucket: (ctx, input: DeleteBucketCommandInput): Record<string, never> => {
      const b = bucketFor(ctx, input);
      if (b.objects.size > 0) {
        throw fail(ctx, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', {
          status: 409,
          fields: { BucketName: b.name },
        });
      }
      s3AccountState(ctx.world, b.owner).buckets.delete(b.name);
      indexOf(ctx.world).delete(b.name);
      return {};
    },

    GetBucketPolicy: (ctx, input: GetBucketPolicyCommandInput): Out<GetBucketPolicyCommandOutput> => {
      const b = bucketFor(ctx, input);
      if (b.policy === undefined) {
        throw fail(ctx, 'NoSuchBucketPolicy', 'The bucket policy does not exist', {
          status: 404,
          fields: { BucketName: b.name },
        });
      }
      return { Policy: b.policy };
    },

    PutBucketPolicy: (ctx, input: PutBucketPolicyCommandInput): Record<string, never> => {
      const b = bucketFor(ctx, input);
      const arn = bucketArn(b.name);
      const parsed = parsePolicy(input.Policy ?? '', {
        requirePrincipal: true,
        actionPrefixes: ['s3', 's3-object-lambda'],
        // Every resource must be the bucket or an object in it.
        validResource: (r) =>
          wildcardMatch(r, arn) || wildcardMatch(r, `${arn}/x`) || r.startsWith(`${arn}/`),
        maxLength: 20 * 1024,
      });
      if (!parsed.ok) {
        throw fail(ctx, 'MalformedPolicy', parsed.reason, {
          status: 400,
        });
      }
      if (blockPublicPolicy(ctx.world, b) && isPublicPolicy(parsed.policy)) {
        throw fail(
          ctx,
          'AccessDenied',
          `User: ${ctx.principal.arn} is not authorized to perform: s3:PutBucketPolicy on resource: "${arn}" ` +
            'because public policies are blocked by the BlockPublicPolicy block public access setting.',
          { status: 403 },
        );
      }
      b.policy = input.Policy!;
      return {};
    },

    DeleteBucketPolicy: (ctx, input: DeleteBucketPolicyCommandInput): Record<string, never> => {
      const b = bucketFor(ctx, input);
      delete b.policy;
      return {};
    },

    GetBucketPolicyStatus: (
      ctx,
      input: GetBucketPolicyStatusCommandInput,
    ): Out<GetBucketPolicyStatusCommandOutput> => {
      const b = bucketFor(ctx, input);
      const policy = bucketPolicy(b);
      if (!policy) {
        throw fail(ctx, 'NoSuchBucketPolicy', 'The bucket policy does not exist', {
          status: 404,
          fields: { BucketName: b.name },
        });
      }
      return { PolicyStatus: { IsPublic: isPublicPolicy(policy) } };
    },

    GetBucketEncryption: (
      ctx,
      input: GetBucketEncryptionCommandInput,
    ): Out<GetBucketEncryptionCommandOutput> => {
      const b = bucketFor(ctx, input);
      return { ServerSideEncryptionConfiguration: { Rules: structuredClone(b.encryption) } };
    },

    PutBucketEncryption: (ctx, input: PutBucketEncryptionCommandInput): Record<string, never> => {
      const b = bucketFor(ctx, input);
      const rules = input.ServerSideEncryptionConfiguration?.Rules ?? [];
      if (rules.length === 0) throw malformedXml(ctx);
      for (const rule of rules) {
        const d = rule.ApplyServerSideEncryptionByDefault;
        if (!d) continue;
        const alg = d.SSEAlgorithm as string | undefined;
        if (alg !== 'AES256' && alg !== 'aws:kms' && alg !== 'aws:kms:dsse') throw malformedXml(ctx);
        if (d.KMSMasterKeyID !== undefined && alg === 'AES256') {
          throw fail(
            ctx,
            'InvalidArgument',
            'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
            {
              status: 400,
            },
          );
        }
      }
      b.encryption = structuredClone(rules);
      return {};
    },

    DeleteBucketEncryption: (ctx, input: DeleteBucketEncryptionCommandInput): Record<string, never> => {
      // Since January 2023 deleting the configuration resets the bucket to SSE-S3.
      const b = bucketFor(ctx, input);
      b.encryption = defaultEncryption();
      return {};
    },

    GetBucketVersioning: (
      ctx,
      input: GetBucketVersioningCommandInput,
    ): Out<GetBucketVersioningCommandOutput> => {
      const b = bucketFor(ctx, input);
      return {
        ...(b.versioning.status ? { Status: b.versioning.status } : {}),
        ...(b.versioning.mfaDelete ? { MFADelete: b.versioning.mfaDelete } : {}),
      };
    },

    PutBucketVersioning: (ctx, input: PutBucketVersioningCommandInput): Record<string, never> => {
      const b = bucketFor(ctx, input);
      const cfg = input.VersioningConfiguration;
      const status = cfg?.Status as string | undefined;
      if (!cfg || (status !== undefined && status !== 'Enabled' && status !== 'Suspended'))
        throw malformedXml(ctx);
      if (b.objectLockEnabled && status === 'Suspended') {
        throw fail(
          ctx,
          'InvalidBucketState',
          'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.',
          { status: 409 },
        );
      }
      if (status !== undefined) b.versioning.status = status as 'Enabled' | 'Suspended';
      if (cfg.MFADelete !== undefined) b.versioning.mfaDelete = cfg.MFADelete as 'Enabled' | 'Disabled';
      return {};
    },

    GetObjectLockConfiguration: (
      ctx,
      input: GetObjectLockConfigurationCommandInput,
    ): Out<GetObjectLockConfigurationCommandOutput> => {
      const b = bucketFor(ctx, input);
      if (!b.objectLockEnabled) {
        throw fail(
          ctx,
          'ObjectLockConfigurationNotFoundError',
          'Object Lock configuration does not exist for this bucket',
          {
            status: 404,
            fields: { BucketName: b.name },
          },
        );
      }
      return {
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          ...(b.objectLockRule ? { Rule: structuredClone(b.objectLockRule) } : {}),
        },
      };
    },

    PutObjectLockConfiguration: (
      ctx,
      input: PutObjectLockConfigurationCommandInput,
    ): Out<PutObjectLockConfigurationCommandOutput> => {
      const b = bucketFor(ctx, input);
      const cfg = input.ObjectLockConfiguration;
      if (!cfg || cfg.ObjectLockEnabled !== 'Enabled') throw malformedXml(ctx);
      // Object Lock can be turned on for an existing bucket only once versioning is enabled.
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html
      if (!b.objectLockEnabled && b.versioning.status !== 'Enabled') {
        throw fail(
          ctx,
          'InvalidBucketState',
          "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration",
          { status: 409 },
        );
      }
      const retention = cfg.Rule?.DefaultRetention;
      if (retention) {
        const hasDays = retention.Days !== undefined;
        const hasYears = retention.Years !== undefined;
        if (!retention.Mode || hasDays === hasYears) throw malformedXml(ctx);
        if ((retention.Days ?? 1) <= 0 || (retention.Years ?? 1) <= 0) {
          throw fail(ctx, 'InvalidArgument', 'Default retention period must be a positive integer value.', {
            status: 400,
          });
        }
      }
      b.objectLockEnabled = true;
      if (cfg.Rule) b.objectLockRule = structuredClone(cfg.Rule);
      else delete b.objectLockRule;
      return {};
    },

    GetPublicAccessBlock: (
      ctx,
      input: GetPublicAccessBlockCommandInput,
    ): Out<GetPublicAccessBlockCommandOutput> => {
      const b = bucketFor(ctx, input);
      if (!b.publicAccessBlock) {
        throw fail(
          ctx,
          'NoSuchPublicAccessBlockConfiguration',
          'The public access block configuration was not found',
          { status: 404, fields: { BucketName: b.name } },
        );
      }
      return { PublicAccessBlockConfiguration: { ...b.publicAccessBlock } };
    },

    PutPublicAccessBlock: (ctx, input: PutPublicAccessBlockCommandInput): Record<string, never> => {
      const b = bucketFor(ctx, input);
      const c = input.PublicAccessBlockConfiguration;
      if (!c) throw malformedXml(ctx);
      b.publicAccessBlock = {
        BlockPublicAcls: c.BlockPublicAcls ?? false,
        IgnorePublicAcls: c.IgnorePublicAcls ?? false,
        BlockPublicPolicy: c.BlockPublicPolicy ?? false,
        RestrictPublicBuckets: c.RestrictPublicBuckets ?? false,
      };
      return {};
    },

    DeletePublicAccessBlock: (ctx, input: DeletePublicAccessBlockCommandInput): Record<string, never> => {
      const b = bucketFor(ctx, input);
      delete b.publicAccessBlock;
      return {};
    },

    GetBucketLogging: (ctx, input: GetBucketLoggingCommandInput): Out<GetBucketLoggingCommandOutput> => {
      const b = bucketFor(ctx, input);
      return b.logging ? { LoggingEnabled: structuredClone(b.logging) } : {};
    },

    PutBucketLogging: (ctx, input: PutBucketLoggingCommandInput): Record<string, never> => {
      const b = bucketFor(ctx, input);
      const target = input.BucketLoggingStatus?.LoggingEnabled;
      if (!input.BucketLoggingStatus) throw malformedXml(ctx);
      if (!target) {
        delete b.logging;
        return {};
      }
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
      const t = findBucket(ctx.world, target.TargetBucket ?? '');
      if (!t) {
        throw fail(ctx, 'InvalidTargetBucketForLogging', 'The target bucket for logging does not exist', {
          status: 400,
          fields: { TargetBucket: target.TargetBucket },
        });
      }
      if (t.region !== b.region) {
        throw fail(ctx, 'CrossLocationLoggingProhibited', 'Cross S3 location logging not allowed.', {
          status: 403,
          fields: { TargetBucketLocation: t.region },
        });
      }
      if (t.owner !== b.owner) {
        throw fail(
          ctx,
          'InvalidTargetBucketForLogging',
          'The owner for the bucket to be logged and the target bucket must be the same.',
          { status: 400, fields: { TargetBucket: t.name } },
        );
      }
      if (t.objectLockEnabled && t.objectLockRule?.DefaultRetention) {
        throw fail(
          ctx,
          'InvalidTargetBucketForLogging',
          'The target bucket for logging cannot have a default retention period configured.',
          { status: 400, fields: { TargetBucket: t.name } },
        );
      }
      b.logging = structuredClone(target);
      return {};
    },

    GetBucketLifecycleConfiguration: (
      ctx,
      input: GetBucketLifecycleConfigurationCommandInput,
    ): Out<GetBucketLifecycleConfigurationCommandOutput> => {
      const b = bucketFor(ctx, input);
      if (!b.lifecycle) {
        throw fail(ctx, 'NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', {
          status: 404,
          fields: { BucketName: b.name },
        });
      }
      return {
        Rules: structuredClone(b.lifecycle),
        TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
      };
    },

    PutBucketLifecycleConfiguration: (
      ctx,
      input: PutBucketLifecycleConfigurationCommandInput,
    ): Out<PutBucketLifecycleConfigurationCommandOutput> => {
      const b = bucketFor(ctx, input);
      const rules = input.LifecycleConfiguration?.Rules ?? [];
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html (1 to 1,000 rules)
      if (rules.length === 0 || rules.length > 1000) throw malformedXml(ctx);
      const ids = new Set<string>();
      for (const r of rules) {
        if (r.Status !== 'Enabled' && r.Status !== 'Disabled') throw malformedXml(ctx);
        if (r.ID !== undefined) {
          if (ids.has(r.ID)) {
            throw fail(
              ctx,
              'InvalidArgument',
              'RuleId must be unique. Found same ID for more than one rule',
              {
                status: 400,
              },
            );
          }
          ids.add(r.ID);
        }
      }
      b.lifecycle = structuredClone(rules);
      return { TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' };
    },

    DeleteBucketLifecycle: (ctx, input: DeleteBucketLifecycleCommandInput): Record<string, never> => {
      const b = bucketFor(ctx, input);
      delete b.lifecycle;
      return {};
    },

    GetBucketOwnershipControls: (
      ctx,
      input: GetBucketOwnershipControlsCommandInput,
    ): Out<GetBucketOwnershipControlsCommandOutput> => {
      const b = bucketFor(ctx, input);
      if (!b.ownership) {
        throw fail(ctx, 'OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', {
          status: 404,
          fields: { BucketName: b.name },
        });
      }
      return { OwnershipControls: { Rules: [{ ObjectOwnership: b.ownership }] } };
    },

    PutBucketOwnershipControls: (
      ctx,
      input: PutBucketOwnershipControlsCommandInput,
    ): Record<string, never> => {
      const b = bucketFor(ctx, input);
      const rules = input.OwnershipControls?.Rules ?? [];
      const value = rules[0]?.ObjectOwnership as string | undefined;
      if (
        rules.length !== 1 ||
        (value !== 'BucketOwnerEnforced' && value !== 'BucketOwnerPreferred' && value !== 'ObjectWriter')
      ) {
        throw malformedXml(ctx);
      }
      b.ownership = value;
      return {};
    },

    DeleteBucketOwnershipControls: (
      ctx,
      input: DeleteBucketOwnershipControlsCommandInput,
    ): Record<string, never> => {
      const b = bucketFor(ctx, input);
      delete b.ownership;
      return {};
    },

    GetBucketTagging: (ctx, input: GetBucketTaggingCommandInput): Out<GetBucketTaggingCommandOutput> => {
      const b = bucketFor(ctx, input);
      if (!b.tags || b.tags.length === 0) {
        throw fail(ctx, 'NoSuchTagSet', 'The TagSet does not exist', {
          status: 404,
          fields: { BucketName: b.name },
        });
      }
      return { TagSet: b.tags.map((t) => ({ ...t })) };
    },

    PutBucketTagging: (ctx, input: PutBucketTaggingCommandInput): Record<string, never> => {
      const b = bucketFor(ctx, input);
      const tags = input.Tagging?.TagSet;
      if (!tags) throw malformedXml(ctx);
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/CostAllocTagging.html (50 tags, unique keys)
      const keys = new Set(tags.map((t) => t.Key));
      if (tags.length > 50 || keys.size !== tags.length) {
        throw fail(ctx, 'InvalidTag', 'Cannot provide multiple Tags with the same key', { status: 400 });
      }
      if (tags.some((t) => (t.Key ?? '').toLowerCase().startsWith('aws:'))) {
        throw fail(ctx, 'InvalidTag', 'System tags cannot be added/updated by requester', { status: 400 });
      }
      b.tags = tags.map((t) => ({ Key: t.Key, Value: t.Value }));
      return {};
    },

    DeleteBucketTagging: (ctx, input: DeleteBucketTaggingCommandInput): Record<string, never> => {
      const b = bucketFor(ctx, input);
      delete b.tags;
      return {};
    },

    PutObject: (ctx, input: PutObjectCommandInput): Out<PutObjectCommandOutput> => {
      const key = input.Key ?? '';
      const b = bucketFor(ctx, input, input.ACL ? { 's3:x-amz-acl': input.ACL } : {}, key);
      if (Buffer.byteLength(key) > 1024) {
        throw fail(ctx, 'KeyTooLongError', 'Your key is too long', { status: 400 });
      }
      const size = bodySize(input.Body, input.ContentLength);
      const etag = bodyDigest(input.Body, `${key}:${size}`);
      b.objects.set(key, { key, size, lastModified: ctx.now(), etag });
      const sse = b.encryption[0]?.ApplyServerSideEncryptionByDefault;
      return {
        ETag: etag,
        ServerSideEncryption: input.ServerSideEncryption ?? sse?.SSEAlgorithm ?? 'AES256',
        ...(sse?.KMSMasterKeyID ? { SSEKMSKeyId: sse.KMSMasterKeyID } : {}),
        ...(b.versioning.status === 'Enabled'
          ? { VersionId: createHash('md5').update(etag).digest('hex') }
          : {}),
      };
    },

    ListObjectsV2: (ctx, input: ListObjectsV2CommandInput): Out<ListObjectsV2CommandOutput> => {
      const b = bucketFor(ctx, input);
      const prefix = input.Prefix ?? '';
      const maxKeys = Math.min(Math.max(input.MaxKeys ?? 1000, 0), 1000);
      const keys = [...b.objects.keys()]
        .filter((k) => k.startsWith(prefix) && (input.StartAfter === undefined || k > input.StartAfter))
        .sort((a, c) => (a < c ? -1 : a > c ? 1 : 0));
      // With a delimiter, keys sharing the part up to the next delimiter roll up into one prefix.
      const entries: { key?: string; commonPrefix?: string }[] = [];
      const seen = new Set<string>();
      for (const k of keys) {
        const rest = k.slice(prefix.length);
        const at = input.Delimiter ? rest.indexOf(input.Delimiter) : -1;
        if (at >= 0) {
          const cp = prefix + rest.slice(0, at + input.Delimiter!.length);
          if (!seen.has(cp)) {
            seen.add(cp);
            entries.push({ commonPrefix: cp });
          }
        } else entries.push({ key: k });
      }
      let page = entries.slice(0, 0);
      let next: string | undefined;
      if (maxKeys > 0) {
        const p = paginate(ctx, entries, {
          maxResults: maxKeys,
          nextToken: input.ContinuationToken,
          defaultMax: 1000,
          limit: 1000,
          errorName: 'InvalidArgument',
        });
        page = p.page;
        next = p.nextToken;
      }
      const contents = page
        .filter((e) => e.key !== undefined)
        .map((e) => {
          const o = b.objects.get(e.key!)!;
          return {
            Key: o.key,
            LastModified: o.lastModified,
            ETag: o.etag,
            Size: o.size,
            StorageClass: 'STANDARD' as const,
          };
        });
      const prefixes = page
        .filter((e) => e.commonPrefix !== undefined)
        .map((e) => ({ Prefix: e.commonPrefix! }));
      return {
        Name: b.name,
        Prefix: prefix,
        MaxKeys: maxKeys,
        KeyCount: page.length,
        IsTruncated: next !== undefined,
        ...(contents.length > 0 ? { Contents: contents } : {}),
        ...(prefixes.length > 0 ? { CommonPrefixes: prefixes } : {}),
        ...(input.Delimiter !== undefined ? { Delimiter: input.Delimiter } : {}),
        ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
        ...(input.StartAfter !== undefined ? { StartAfter: input.StartAfter } : {}),
        ...(next !== undefined ? { NextContinuationToken: next } : {}),
      };
    },
  },
});
