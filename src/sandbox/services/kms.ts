/**
 * AWS KMS in the sandbox: KMS keys with their key policies, aliases, automatic rotation, key state
 * (enable/disable, scheduled deletion) and tags, kept per account and Region.
 *
 * Other simulated services decide whether they may use a key with {@link keyPolicyAllows} (and
 * {@link keyUsable} for the key state); they find a key with {@link resolveKey}.
 *
 * Pages followed:
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
 * - https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 *   (default key policy; the policy lockout safety check)
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html
 * - https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
 * - https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html (errors by key state)
 * - https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
 * - https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html
 *
 * Behaviour worth knowing:
 * - Authorisation of key operations is the key policy's: the caller (an administrator of its
 *   account) is allowed an action when the key policy allows its ARN or its account root (the
 *   default policy delegates to IAM through the account root). Keys in another account are
 *   reachable only by key ARN (or alias ARN for DescribeKey) and only on the operations AWS allows
 *   cross-account (DescribeKey, GetKeyRotationStatus); other operations answer
 *   `AccessDeniedException`.
 * - Predefined AWS managed aliases (`alias/aws/s3`, …) are listed without a target until
 *   `DescribeKey` on the alias creates the AWS managed key, as AWS services do.
 * - A key scheduled for deletion is removed (with its aliases) once its deletion date has passed
 *   on the sandbox clock.
 * - Cryptographic operations are not simulated.
 */
import { createHash } from 'node:crypto';
import type {
  AliasListEntry,
  CancelKeyDeletionCommandInput,
  CancelKeyDeletionCommandOutput,
  CreateAliasCommandInput,
  CreateKeyCommandInput,
  CreateKeyCommandOutput,
  DeleteAliasCommandInput,
  DescribeKeyCommandInput,
  DescribeKeyCommandOutput,
  DisableKeyCommandInput,
  DisableKeyRotationCommandInput,
  EnableKeyCommandInput,
  EnableKeyRotationCommandInput,
  GetKeyPolicyCommandInput,
  GetKeyPolicyCommandOutput,
  GetKeyRotationStatusCommandInput,
  GetKeyRotationStatusCommandOutput,
  KeyMetadata,
  KeySpec,
  KeyUsageType,
  ListAliasesCommandInput,
  ListAliasesCommandOutput,
  ListKeysCommandInput,
  ListKeysCommandOutput,
  ListResourceTagsCommandInput,
  ListResourceTagsCommandOutput,
  PutKeyPolicyCommandInput,
  ScheduleKeyDeletionCommandInput,
  ScheduleKeyDeletionCommandOutput,
  Tag,
  TagResourceCommandInput,
} from '@aws-sdk/client-kms';
import * as KmsSdk from '@aws-sdk/client-kms';
import type { ServiceException } from '@smithy/smithy-client';
import { modeledError, type AwsErrorOptions, type ModeledExceptionClass } from '../core/errors.js';
import { SandboxNotImplementedError } from '../core/errors.js';
import { paginate } from '../core/paginate.js';
import { defineService, type CallContext } from '../core/service.js';
import type { SandboxWorld } from '../core/state.js';
import { evaluatePolicy, parsePolicy, type PolicyCaller, type PolicyContext } from './policy.js';

type Out<T> = Omit<T, '$metadata'>;

/**
 * An error as the KMS client raises it: an instance of the SDK's modeled exception class when the
 * service model declares `name` (so `instanceof` works), a plain service exception otherwise.
 */
function fail(ctx: CallContext, name: string, message: string, options?: AwsErrorOptions): ServiceException {
  const ctor = (KmsSdk as unknown as Record<string, unknown>)[name];
  return typeof ctor === 'function' && ctor.prototype instanceof KmsSdk.KMSServiceException
    ? modeledError(ctor as ModeledExceptionClass<ServiceException>, message, options)
    : ctx.error(name, message, options);
}

const SERVICE = 'kms';
const DAY = 24 * 60 * 60 * 1000;

/** Key states the sandbox models. */
export type KmsKeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

/** One KMS key. */
export interface KmsKey {
  /** Key id (UUID form). */
  keyId: string;
  /** Key ARN. */
  arn: string;
  /** Owner account. */
  account: string;
  /** Region. */
  region: string;
  /** Creation time. */
  createdAt: Date;
  /** Description. */
  description: string;
  /** Key usage. */
  keyUsage: KeyUsageType;
  /** Key spec. */
  keySpec: KeySpec;
  /** Customer managed or AWS managed. */
  keyManager: 'CUSTOMER' | 'AWS';
  /** Key state. */
  state: KmsKeyState;
  /** When a key pending deletion will be deleted. */
  deletionDate?: Date;
  /** The key policy (JSON). */
  policy: string;
  /** Automatic rotation. */
  rotation: { enabled: boolean; periodDays: number; since?: Date };
  /** Tags. */
  tags: Tag[];
}

/** One alias. */
export interface KmsAlias {
  /** `alias/…`. */
  name: string;
  /** Target key id; undefined for a predefined AWS alias not yet in use. */
  targetKeyId?: string;
  /** Creation time. */
  createdAt?: Date;
  /** Last update time. */
  updatedAt?: Date;
}

/** KMS state of one account in one Region. */
export interface KmsRegionState {
  /** Keys by key id. */
  keys: Map<string, KmsKey>;
  /** Customer aliases and in-use AWS aliases, by name. */
  aliases: Map<string, KmsAlias>;
}

/**
 * Predefined aliases of AWS managed keys that every account and Region lists, and the service each
 * one belongs to. https://docs.aws.amazon.com/kms/latest/developerguide/alias-about.html
 */
export const AWS_MANAGED_ALIASES: Readonly<Record<string, string>> = {
  'alias/aws/dynamodb': 'dynamodb',
  'alias/aws/ebs': 'ec2',
  'alias/aws/elasticfilesystem': 'elasticfilesystem',
  'alias/aws/lambda': 'lambda',
  'alias/aws/rds': 'rds',
  'alias/aws/s3': 's3',
  'alias/aws/secretsmanager': 'secretsmanager',
  'alias/aws/sns': 'sns',
  'alias/aws/ssm': 'ssm',
};

/** The KMS state of `account` in `region`. */
export function kmsState(world: SandboxWorld, account: string, region: string): KmsRegionState {
  return world.regional<KmsRegionState>(SERVICE, account, region, () => ({
    keys: new Map(),
    aliases: new Map(),
  }));
}

const keyCounters = new WeakMap<SandboxWorld, number>();

function newKeyId(world: SandboxWorld, account: string, region: string): string {
  const n = (keyCounters.get(world) ?? 0) + 1;
  keyCounters.set(world, n);
  const h = createHash('sha256').update(`${account}:${region}:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The policy KMS attaches when CreateKey gets none: the account root may do everything, which
 * delegates access to the account's IAM policies.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export function defaultKeyPolicy(account: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}

/** Simplified policy of an AWS managed key: use through the owning service, read for the account. */
function awsManagedKeyPolicy(account: string, region: string, service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: `auto-${service}-2`,
    Statement: [
      {
        Sid: `Allow access through ${service} for all principals in the account that are authorized to use it`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:CreateGrant',
          'kms:DescribeKey',
        ],
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:CallerAccount': account,
            'kms:ViaService': `${service}.${region}.amazonaws.com`,
          },
        },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
        Resource: '*',
      },
    ],
  });
}

/** Options of {@link createKeyState}. */
export interface NewKmsKey {
  /** Owner account. */
  account: string;
  /** Region. */
  region: string;
  /** Creation time. */
  createdAt: Date;
  /** Key policy JSON. @default {@link defaultKeyPolicy} */
  policy?: string;
  /** Description. @default '' */
  description?: string;
  /** Turn automatic rotation on (365 days). @default false */
  rotation?: boolean;
  /** Alias (`alias/…`) to point at the key. */
  alias?: string;
}

/** Creates a customer managed symmetric key directly, for scenarios and tests. */
export function createKeyState(world: SandboxWorld, k: NewKmsKey): KmsKey {
  const keyId = newKeyId(world, k.account, k.region);
  const key: KmsKey = {
    keyId,
    arn: `arn:aws:kms:${k.region}:${k.account}:key/${keyId}`,
    account: k.account,
    region: k.region,
    createdAt: k.createdAt,
    description: k.description ?? '',
    keyUsage: 'ENCRYPT_DECRYPT',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyManager: 'CUSTOMER',
    state: 'Enabled',
    policy: k.policy ?? defaultKeyPolicy(k.account),
    rotation: k.rotation
      ? { enabled: true, periodDays: 365, since: k.createdAt }
      : { enabled: false, periodDays: 365 },
    tags: [],
  };
  const state = kmsState(world, k.account, k.region);
  state.keys.set(keyId, key);
  if (k.alias)
    state.aliases.set(k.alias, {
      name: k.alias,
      targetKeyId: keyId,
      createdAt: k.createdAt,
      updatedAt: k.createdAt,
    });
  return key;
}

/** Deletes keys whose deletion date has passed, with their aliases. */
function purgeExpired(state: KmsRegionState, now: number): void {
  for (const [id, key] of state.keys) {
    if (key.state !== 'PendingDeletion' || key.deletionDate === undefined || key.deletionDate.getTime() > now)
      continue;
    state.keys.delete(id);
    for (const [name, alias] of state.aliases) if (alias.targetKeyId === id) state.aliases.delete(name);
  }
}

const KEY_ARN = /^arn:aws[\w-]*:kms:([a-z0-9-]+):(\d{12}):key\/([\w-]+)$/;
const ALIAS_ARN = /^arn:aws[\w-]*:kms:([a-z0-9-]+):(\d{12}):(alias\/[\w/-]+)$/;

/** How {@link resolveKey} read an identifier. */
export type KeyReference =
  | { kind: 'key'; account: string; region: string; keyId: string }
  | { kind: 'alias'; account: string; region: string; alias: string }
  | { kind: 'invalid-arn' };

/** Parses a key id, key ARN, alias name or alias ARN as seen from `account` in `region`. */
export function parseKeyReference(id: string, account: string, region: string): KeyReference {
  const k = KEY_ARN.exec(id);
  if (k) return { kind: 'key', region: k[1]!, account: k[2]!, keyId: k[3]! };
  const a = ALIAS_ARN.exec(id);
  if (a) return { kind: 'alias', region: a[1]!, account: a[2]!, alias: a[3]! };
  if (id.startsWith('arn:')) return { kind: 'invalid-arn' };
  if (id.startsWith('alias/')) return { kind: 'alias', account, region, alias: id };
  return { kind: 'key', account, region, keyId: id };
}

/**
 * Finds the key an identifier names, as seen by `account` in `region` (key id, key ARN, alias name
 * or alias ARN; other accounts' keys only by ARN). Undefined when there is no such key.
 */
export function resolveKey(
  world: SandboxWorld,
  account: string,
  region: string,
  id: string,
  now?: number,
): KmsKey | undefined {
  const ref = parseKeyReference(id, account, region);
  if (ref.kind === 'invalid-arn') return undefined;
  const state = kmsState(world, ref.account, ref.region);
  if (now !== undefined) purgeExpired(state, now);
  if (ref.kind === 'key') return state.keys.get(ref.keyId);
  const target = state.aliases.get(ref.alias)?.targetKeyId;
  return target === undefined ? undefined : state.keys.get(target);
}

/** The caller a key policy sees for a principal string: a service principal, account id or IAM ARN. */
function callerFor(principalOrService: string): PolicyCaller {
  if (/\.amazonaws\.com(\.cn)?$/.test(principalOrService))
    return { kind: 'service', service: principalOrService };
  if (/^\d{12}$/.test(principalOrService)) {
    return { kind: 'aws', account: principalOrService, arn: `arn:aws:iam::${principalOrService}:root` };
  }
  const m = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(principalOrService);
  return { kind: 'aws', account: m?.[1] ?? '', arn: principalOrService };
}

/**
 * Whether the key policy allows `principalOrService` (a service principal such as
 * `cloudtrail.amazonaws.com`, an account id, or an IAM ARN) to perform `action` (e.g.
 * `kms:GenerateDataKey`). Only `Allow`/`Deny` statements with `Principal.Service` / `Principal.AWS`,
 * `Action` wildcards and the conditions `policy.ts` understands are evaluated, against
 * `context` (e.g. `aws:SourceArn`, `kms:EncryptionContext:aws:cloudtrail:arn`). For an IAM caller
 * the policy must name it or its account root; whether its IAM policy also allows the call is not
 * checked. The key state is not considered: see {@link keyUsable}.
 */
export function keyPolicyAllows(
  key: KmsKey,
  principalOrService: string,
  action: string,
  context: PolicyContext = {},
): boolean {
  const parsed = parsePolicy(key.policy, { requireAction: false, requireResource: false });
  if (!parsed.ok) return false;
  return (
    evaluatePolicy(parsed.policy, {
      caller: callerFor(principalOrService),
      action,
      resource: key.arn,
      context,
    }) === 'allow'
  );
}

/** Whether the key can be used for cryptographic operations (its state is `Enabled`). */
export function keyUsable(key: KmsKey): boolean {
  return key.state === 'Enabled';
}

// ---------------------------------------------------------------------------------------------

interface KeyAccess {
  /** The IAM action checked against the key policy. */
  action: string;
  /** AWS allows the operation on a key in another account (by ARN). */
  crossAccount?: boolean;
  /** The operation accepts an alias name or alias ARN. */
  aliases?: boolean;
}

function notFound(ctx: CallContext, message: string): Error {
  return fail(ctx, 'NotFoundException', message, { status: 400 });
}

function invalidState(ctx: CallContext, key: KmsKey, what: string): Error {
  return fail(ctx, 'KMSInvalidStateException', `${key.arn} is ${what}.`, { status: 400 });
}

function callerContext(ctx: CallContext): PolicyContext {
  const org = ctx.world.organization;
  return {
    'kms:CallerAccount': ctx.account,
    'aws:PrincipalAccount': ctx.account,
    'aws:PrincipalArn': ctx.principal.arn,
    'aws:PrincipalOrgID': org && ctx.world.isMember(ctx.account) ? org.id : undefined,
    'aws:SecureTransport': 'true',
  };
}

/** Resolves the key a request names and checks the key policy allows the caller the action. */
function keyFor(ctx: CallContext, id: string | undefined, access: KeyAccess): KmsKey {
  if (!id) throw fail(ctx, 'ValidationException', 'KeyId is required.', { status: 400 });
  const ref = parseKeyReference(id, ctx.account, ctx.region);
  if (ref.kind === 'invalid-arn') {
    throw fail(ctx, 'InvalidArnException', `ARN ${id} is not a valid KMS key or alias ARN.`, { status: 400 });
  }
  if (ref.kind === 'alias' && !access.aliases) throw notFound(ctx, `Invalid keyId ${id}`);
  if (ref.region !== ctx.region) throw notFound(ctx, `Invalid arn ${id}: the key is in another Region.`);
  const key = resolveKey(ctx.world, ctx.account, ctx.region, id, ctx.clock.now());
  if (!key) {
    throw notFound(ctx, ref.kind === 'alias' ? `Alias ${id} is not found.` : `Key '${id}' does not exist`);
  }
  const denied = (): Error =>
    fail(
      ctx,
      'AccessDeniedException',
      `User: ${ctx.principal.arn} is not authorized to perform: ${access.action} on resource: ${key.arn} ` +
        `because no resource-based policy allows the ${access.action} action`,
      { status: 400 },
    );
  if (key.account !== ctx.account && !access.crossAccount) throw denied();
  const parsed = parsePolicy(key.policy, { requireAction: false, requireResource: false });
  const caller: PolicyCaller = { kind: 'aws', account: ctx.account, arn: ctx.principal.arn };
  const decision = parsed.ok
    ? evaluatePolicy(parsed.policy, {
        caller,
        action: access.action,
        resource: key.arn,
        context: callerContext(ctx),
      })
    : 'implicit-deny';
  if (decision !== 'allow') throw denied();
  return key;
}

function metadata(key: KmsKey): KeyMetadata {
  const symmetric = key.keySpec === 'SYMMETRIC_DEFAULT';
  return {
    AWSAccountId: key.account,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.createdAt,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    ...(key.deletionDate ? { DeletionDate: key.deletionDate } : {}),
    Origin: 'AWS_KMS',
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec as KeyMetadata['CustomerMasterKeySpec'],
    KeySpec: key.keySpec,
    ...(symmetric ? { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] } : {}),
    MultiRegion: false,
  };
}

function validationError(ctx: CallContext, message: string): Error {
  return fail(ctx, 'ValidationException', `1 validation error detected: ${message}`, { status: 400 });
}

/** Limit validation shared by the list operations. */
function checkLimit(ctx: CallContext, limit: number | undefined, max: number): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > max)) {
    throw validationError(
      ctx,
      `Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${max}`,
    );
  }
}

/** Parses a key policy the way PutKeyPolicy and CreateKey do and applies the lockout safety check. */
function acceptPolicy(ctx: CallContext, text: string, bypass: boolean | undefined): string {
  // https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html (32 KB key policy)
  const parsed = parsePolicy(text, {
    requirePrincipal: true,
    requireAction: false,
    requireResource: false,
    maxLength: 32768,
  });
  if (!parsed.ok) {
    if (parsed.tooLarge) throw fail(ctx, 'LimitExceededException', parsed.reason, { status: 400 });
    throw fail(ctx, 'MalformedPolicyDocumentException', `The key policy is not valid: ${parsed.reason}`, {
      status: 400,
    });
  }
  if (!bypass) {
    // The policy lockout safety check: the caller must be able to call PutKeyPolicy afterwards.
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#prevent-unmanageable-key
    const caller: PolicyCaller = { kind: 'aws', account: ctx.account, arn: ctx.principal.arn };
    const decision = evaluatePolicy(parsed.policy, {
      caller,
      action: 'kms:PutKeyPolicy',
      context: callerContext(ctx),
    });
    if (decision !== 'allow') {
      throw fail(
        ctx,
        'MalformedPolicyDocumentException',
        'The new key policy will not allow you to update the key policy in the future.',
        { status: 400 },
      );
    }
  }
  return text;
}

function checkTags(ctx: CallContext, tags: Tag[] | undefined): void {
  for (const t of tags ?? []) {
    if (!t.TagKey || t.TagKey.toLowerCase().startsWith('aws:') || t.TagValue === undefined) {
      throw fail(ctx, 'TagException', `Tag key ${String(t.TagKey)} is not valid.`, { status: 400 });
    }
  }
}

function mergeTags(existing: Tag[], add: Tag[]): Tag[] {
  const byKey = new Map(existing.map((t) => [t.TagKey!, t]));
  for (const t of add) byKey.set(t.TagKey!, { TagKey: t.TagKey!, TagValue: t.TagValue ?? '' });
  return [...byKey.values()];
}

/** Creates (on first use) the AWS managed key behind a predefined `alias/aws/…` alias. */
function awsManagedKey(ctx: CallContext, alias: string): KmsKey | undefined {
  const service = AWS_MANAGED_ALIASES[alias];
  if (!service) return undefined;
  const state = kmsState(ctx.world, ctx.account, ctx.region);
  const existing = state.aliases.get(alias)?.targetKeyId;
  if (existing !== undefined) return state.keys.get(existing);
  const key = createKeyState(ctx.world, {
    account: ctx.account,
    region: ctx.region,
    createdAt: ctx.now(),
    policy: awsManagedKeyPolicy(ctx.account, ctx.region, service),
    description: `Default key that protects my ${service} data when no other key is defined`,
    alias,
  });
  key.keyManager = 'AWS';
  // AWS rotates AWS managed keys every year; it cannot be turned off.
  key.rotation = { enabled: true, periodDays: 365, since: key.createdAt };
  return key;
}

function nextRotation(key: KmsKey, now: number): Date | undefined {
  if (!key.rotation.enabled || key.rotation.since === undefined) return undefined;
  const period = key.rotation.periodDays * DAY;
  const elapsed = Math.max(0, now - key.rotation.since.getTime());
  return new Date(key.rotation.since.getTime() + (Math.floor(elapsed / period) + 1) * period);
}

/** The simulated AWS KMS service. */
export const kmsService = defineService({
  name: SERVICE,
  clientName: 'KMSClient',
  scope: 'regional',
  protocol: 'json',
  operations: {
    CreateKey: (ctx, input: CreateKeyCommandInput): Out<CreateKeyCommandOutput> => {
      if (input.Origin !== undefined && input.Origin !== 'AWS_KMS') {
        throw new SandboxNotImplementedError(SERVICE, `CreateKey with Origin=${input.Origin}`);
      }
      if (input.MultiRegion || input.CustomKeyStoreId !== undefined) {
        throw new SandboxNotImplementedError(SERVICE, 'CreateKey for multi-Region or custom key store keys');
      }
      const keySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
      const usage =
        input.KeyUsage ?? (keySpec.startsWith('HMAC_') ? 'GENERATE_VERIFY_MAC' : 'ENCRYPT_DECRYPT');
      if (
        (keySpec === 'SYMMETRIC_DEFAULT' && usage !== 'ENCRYPT_DECRYPT') ||
        (keySpec.startsWith('HMAC_') && usage !== 'GENERATE_VERIFY_MAC')
      ) {
        throw validationError(ctx, `KeyUsage ${usage} is not compatible with KeySpec ${keySpec}`);
      }
      checkTags(ctx, input.Tags);
      const policy =
        input.Policy === undefined
          ? undefined
          : acceptPolicy(ctx, input.Policy, input.BypassPolicyLockoutSafetyCheck);
      const key = createKeyState(ctx.world, {
        account: ctx.account,
        region: ctx.region,
        createdAt: ctx.now(),
        ...(policy !== undefined ? { policy } : {}),
        description: input.Description ?? '',
      });
      key.keySpec = keySpec as KeySpec;
      key.keyUsage = usage as KeyUsageType;
      key.tags = mergeTags([], input.Tags ?? []);
      return { KeyMetadata: metadata(key) };
    },

    DescribeKey: (ctx, input: DescribeKeyCommandInput): Out<DescribeKeyCommandOutput> => {
      const id = input.KeyId ?? '';
      if (AWS_MANAGED_ALIASES[id] !== undefined) awsManagedKey(ctx, id);
      const key = keyFor(ctx, id, { action: 'kms:DescribeKey', crossAccount: true, aliases: true });
      return { KeyMetadata: metadata(key) };
    },

    ListKeys: (ctx, input: ListKeysCommandInput): Out<ListKeysCommandOutput> => {
      checkLimit(ctx, input.Limit, 1000);
      const state = kmsState(ctx.world, ctx.account, ctx.region);
      purgeExpired(state, ctx.clock.now());
      const keys = [...state.keys.values()];
      const { page, nextToken } = paginate(ctx, keys, {
        maxResults: input.Limit,
        nextToken: input.Marker,
        defaultMax: 100,
        limit: 1000,
        errorName: 'InvalidMarkerException',
      });
      return {
        Keys: page.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })),
        Truncated: nextToken !== undefined,
        ...(nextToken !== undefined ? { NextMarker: nextToken } : {}),
      };
    },

    ListAliases: (ctx, input: ListAliasesCommandInput): Out<ListAliasesCommandOutput> => {
      checkLimit(ctx, input.Limit, 100);
      const state = kmsState(ctx.world, ctx.account, ctx.region);
      purgeExpired(state, ctx.clock.now());
      let filterKey: string | undefined;
      if (input.KeyId !== undefined) {
        // ListAliases is authorised by IAM alone, so the key policy is not consulted here.
        const key = resolveKey(ctx.world, ctx.account, ctx.region, input.KeyId);
        if (!key || key.account !== ctx.account) throw notFound(ctx, `Key '${input.KeyId}' does not exist`);
        filterKey = key.keyId;
      }
      const names = new Set([...Object.keys(AWS_MANAGED_ALIASES), ...state.aliases.keys()]);
      const entries: AliasListEntry[] = [...names]
        .sort()
        .map((name) => {
          const a = state.aliases.get(name);
          return {
            AliasName: name,
            AliasArn: `arn:aws:kms:${ctx.region}:${ctx.account}:${name}`,
            ...(a?.targetKeyId !== undefined ? { TargetKeyId: a.targetKeyId } : {}),
            ...(a?.createdAt ? { CreationDate: a.createdAt } : {}),
            ...(a?.updatedAt ? { LastUpdatedDate: a.updatedAt } : {}),
          };
        })
        .filter((e) => filterKey === undefined || e.TargetKeyId === filterKey);
      const { page, nextToken } = paginate(ctx, entries, {
        maxResults: input.Limit,
        nextToken: input.Marker,
        defaultMax: 50,
        limit: 100,
        errorName: 'InvalidMarkerException',
      });
      return {
        Aliases: page,
        Truncated: nextToken !== undefined,
        ...(nextToken !== undefined ? { NextMarker: nextToken } : {}),
      };
    },

    CreateAlias: (ctx, input: CreateAliasCommandInput): Record<string, never> => {
      const name = input.AliasName ?? '';
      if (!/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(name) || name.startsWith('alias/aws/')) {
        throw fail(ctx, 'InvalidAliasNameException', `Alias name ${name} is not valid.`, { status: 400 });
      }
      const key = keyFor(ctx, input.TargetKeyId, { action: 'kms:CreateAlias' });
      if (key.state === 'PendingDeletion') throw invalidState(ctx, key, 'pending deletion');
      const state = kmsState(ctx.world, ctx.account, ctx.region);
      if (state.aliases.has(name)) {
        throw fail(
          ctx,
          'AlreadyExistsException',
          `An alias with the name arn:aws:kms:${ctx.region}:${ctx.account}:${name} already exists`,
          { status: 400 },
        );
      }
      const now = ctx.now();
      state.aliases.set(name, { name, targetKeyId: key.keyId, createdAt: now, updatedAt: now });
      return {};
    },

    DeleteAlias: (ctx, input: DeleteAliasCommandInput): Record<string, never> => {
      const name = input.AliasName ?? '';
      const state = kmsState(ctx.world, ctx.account, ctx.region);
      const alias = state.aliases.get(name);
      if (name.startsWith('alias/aws/')) {
        throw fail(ctx, 'InvalidAliasNameException', `Alias ${name} is reserved for AWS managed keys.`, {
          status: 400,
        });
      }
      if (!alias) {
        throw notFound(ctx, `Alias arn:aws:kms:${ctx.region}:${ctx.account}:${name} is not found.`);
      }
      keyFor(ctx, alias.targetKeyId, { action: 'kms:DeleteAlias' });
      state.aliases.delete(name);
      return {};
    },

    GetKeyPolicy: (ctx, input: GetKeyPolicyCommandInput): Out<GetKeyPolicyCommandOutput> => {
      const key = keyFor(ctx, input.KeyId, { action: 'kms:GetKeyPolicy' });
      if ((input.PolicyName ?? 'default') !== 'default') throw notFound(ctx, 'No such policy exists');
      return { Policy: key.policy, PolicyName: 'default' };
    },

    PutKeyPolicy: (ctx, input: PutKeyPolicyCommandInput): Record<string, never> => {
      const key = keyFor(ctx, input.KeyId, { action: 'kms:PutKeyPolicy' });
      if ((input.PolicyName ?? 'default') !== 'default') throw notFound(ctx, 'No such policy exists');
      key.policy = acceptPolicy(ctx, input.Policy ?? '', input.BypassPolicyLockoutSafetyCheck);
      return {};
    },

    EnableKeyRotation: (ctx, input: EnableKeyRotationCommandInput): Record<string, never> => {
      const key = keyFor(ctx, input.KeyId, { action: 'kms:EnableKeyRotation' });
      rotationAllowed(ctx, key);
      const period = input.RotationPeriodInDays ?? 365;
      if (!Number.isInteger(period) || period < 90 || period > 2560) {
        throw validationError(
          ctx,
          `Value '${period}' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value between 90 and 2560`,
        );
      }
      const since = key.rotation.enabled && key.rotation.since ? key.rotation.since : ctx.now();
      key.rotation = { enabled: true, periodDays: period, since };
      return {};
    },

    DisableKeyRotation: (ctx, input: DisableKeyRotationCommandInput): Record<string, never> => {
      const key = keyFor(ctx, input.KeyId, { action: 'kms:DisableKeyRotation' });
      rotationAllowed(ctx, key);
      key.rotation = { enabled: false, periodDays: key.rotation.periodDays };
      return {};
    },

    GetKeyRotationStatus: (
      ctx,
      input: GetKeyRotationStatusCommandInput,
    ): Out<GetKeyRotationStatusCommandOutput> => {
      const key = keyFor(ctx, input.KeyId, { action: 'kms:GetKeyRotationStatus', crossAccount: true });
      if (key.keySpec !== 'SYMMETRIC_DEFAULT') {
        throw fail(
          ctx,
          'UnsupportedOperationException',
          `${key.arn} key usage or spec does not support rotation.`,
          {
            status: 400,
          },
        );
      }
      // While a key is pending deletion its rotation status reads false.
      const enabled = key.rotation.enabled && key.state !== 'PendingDeletion';
      const next = enabled ? nextRotation(key, ctx.clock.now()) : undefined;
      return {
        KeyRotationEnabled: enabled,
        KeyId: key.arn,
        ...(enabled ? { RotationPeriodInDays: key.rotation.periodDays } : {}),
        ...(next ? { NextRotationDate: next } : {}),
      };
    },

    ScheduleKeyDeletion: (
      ctx,
      input: ScheduleKeyDeletionCommandInput,
    ): Out<ScheduleKeyDeletionCommandOutput> => {
      const key = keyFor(ctx, input.KeyId, { action: 'kms:ScheduleKeyDeletion' });
      const days = input.PendingWindowInDays ?? 30;
      if (!Number.isInteger(days) || days < 7 || days > 30) {
        throw validationError(
          ctx,
          `Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30`,
        );
      }
      if (key.state === 'PendingDeletion') throw invalidState(ctx, key, 'pending deletion');
      key.state = 'PendingDeletion';
      key.deletionDate = new Date(ctx.clock.now() + days * DAY);
      return {
        KeyId: key.arn,
        DeletionDate: key.deletionDate,
        KeyState: 'PendingDeletion',
        PendingWindowInDays: days,
      };
    },

    CancelKeyDeletion: (ctx, input: CancelKeyDeletionCommandInput): Out<CancelKeyDeletionCommandOutput> => {
      const key = keyFor(ctx, input.KeyId, { action: 'kms:CancelKeyDeletion' });
      if (key.state !== 'PendingDeletion') throw invalidState(ctx, key, 'not pending deletion');
      // A key whose deletion is cancelled comes back disabled.
      key.state = 'Disabled';
      delete key.deletionDate;
      return { KeyId: key.arn };
    },

    EnableKey: (ctx, input: EnableKeyCommandInput): Record<string, never> => {
      const key = keyFor(ctx, input.KeyId, { action: 'kms:EnableKey' });
      if (key.state === 'PendingDeletion') throw invalidState(ctx, key, 'pending deletion');
      key.state = 'Enabled';
      return {};
    },

    DisableKey: (ctx, input: DisableKeyCommandInput): Record<string, never> => {
      const key = keyFor(ctx, input.KeyId, { action: 'kms:DisableKey' });
      if (key.state === 'PendingDeletion') throw invalidState(ctx, key, 'pending deletion');
      key.state = 'Disabled';
      return {};
    },

    TagResource: (ctx, input: TagResourceCommandInput): Record<string, never> => {
      const key = keyFor(ctx, input.KeyId, { action: 'kms:TagResource' });
      if (key.state === 'PendingDeletion') throw invalidState(ctx, key, 'pending deletion');
      checkTags(ctx, input.Tags);
      const merged = mergeTags(key.tags, input.Tags ?? []);
      // https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html (50 tags per key)
      if (merged.length > 50) {
        throw fail(ctx, 'LimitExceededException', 'A KMS key can have at most 50 tags.', { status: 400 });
      }
      key.tags = merged;
      return {};
    },

    ListResourceTags: (ctx, input: ListResourceTagsCommandInput): Out<ListResourceTagsCommandOutput> => {
      checkLimit(ctx, input.Limit, 50);
      const key = keyFor(ctx, input.KeyId, { action: 'kms:ListResourceTags' });
      const { page, nextToken } = paginate(ctx, key.tags, {
        maxResults: input.Limit,
        nextToken: input.Marker,
        defaultMax: 50,
        limit: 50,
        errorName: 'InvalidMarkerException',
      });
      return {
        Tags: page.map((t) => ({ ...t })),
        Truncated: nextToken !== undefined,
        ...(nextToken !== undefined ? { NextMarker: nextToken } : {}),
      };
    },
  },
});

/** Key-state and key-type rules of Enable/DisableKeyRotation. */
function rotationAllowed(ctx: CallContext, key: KmsKey): void {
  if (key.state === 'Disabled') {
    throw fail(ctx, 'DisabledException', `${key.arn} is disabled.`, { status: 400 });
  }
  if (key.state === 'PendingDeletion') throw invalidState(ctx, key, 'pending deletion');
  if (key.keySpec !== 'SYMMETRIC_DEFAULT' || key.keyManager === 'AWS') {
    throw fail(
      ctx,
      'UnsupportedOperationException',
      `${key.arn} does not support changing automatic rotation.`,
      {
        status: 400,
      },
    );
  }
}
