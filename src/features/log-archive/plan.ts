/**
 * Planner of the `log-archive` feature: the central KMS key and the two buckets of the log archive
 * account (home Region), compared setting by setting with what the S3 and KMS collectors read.
 */
import { canonicalJson, existing, makeStep, planned, ref, stepId } from '../../engine/step.js';
import type {
  DestroyOptions,
  FeaturePlan,
  FieldChange,
  Json,
  OutputRef,
  PlanContext,
  Step,
} from '../../engine/types.js';
import type { Inventory } from '../../observe/types.js';
import { KMS, type KmsKeyEntry, type KmsSlice, type SraKeyInfo } from '../../services/kms/collect.js';
import {
  bucketDetailOf,
  s3SliceOf,
  type BucketDetail,
  type LifecycleRuleInfo,
  type ObjectLockInfo,
} from '../../services/s3/collect.js';
import { LOG_BUCKET, LOG_KEY_ARN } from '../provides.js';
import { isManaged, need, planBlocked } from '../common.js';
import {
  accessLogBucketPolicy,
  LIFECYCLE_RULE,
  LIFECYCLE_RULE_ID,
  LOG_ARCHIVE,
  LOG_KEY_ALIAS,
  logArchiveNames,
  logBucketPolicy,
  logKeyPolicy,
  type BucketSetting,
  type ObjectLockWant,
} from './desired.js';

const CAPABILITY = 'data-protection' as const;

/** Id of the cloudtrail feature's trail step (log-archive destroy waits for it). */
function trailStepId(ctx: PlanContext): string {
  return stepId('cloudtrail', ctx.roles.management, ctx.homeRegion, 'trail');
}

/** Unreachable entries of the inventory for an account (whole account or the given Region). */
export function unreachableIn(inventory: Inventory, account: string, region: string): boolean {
  return inventory.unreachable.some((u) => u.account === account && (!u.region || u.region === region));
}

/** Canonical form of a JSON policy text (undefined when it is not JSON). */
export function canonicalPolicy(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** True when a key reference (ARN, key id) names the key `arn`. */
function sameKey(a: string | undefined, arn: string): boolean {
  return !!a && (a === arn || arn.endsWith(`key/${a}`));
}

/**
 * The key behind `alias/sra-logs`, with its details (from the S3 slice's `sraKeys`, or the KMS slice when
 * it is a central key). `unknown` when the log archive has none of sra-kit's buckets: the keys were not
 * read, and the create-key op adopts an earlier key by alias or step tag.
 */
function findLogKey(
  ctx: PlanContext,
  la: string,
): { key: SraKeyInfo; entry: KmsKeyEntry | undefined } | 'unknown' | undefined {
  const s3 = s3SliceOf(ctx.inventory, la);
  if (!s3?.sraKeys) return 'unknown';
  const keys = need(s3.sraKeys, 'the central log key', {
    account: la,
    region: ctx.homeRegion,
    operation: 'kms:ListAliases',
  });
  const key = keys.find((k) => k.alias === LOG_KEY_ALIAS);
  if (!key) return undefined;
  if (key.entry) return { key, entry: key.entry };
  const kms = ctx.inventory.region[la]?.[ctx.homeRegion]?.[KMS] as KmsSlice | undefined;
  const central = kms?.keys?.ok ? kms.keys.value.find((e) => e.arn === key.arn) : undefined;
  return { key, entry: central };
}

/** Organization id for the policies (observed, else pinned by the blueprint). */
function organizationId(ctx: PlanContext): string {
  const id = ctx.inventory.organizationId ?? ctx.blueprint.organization.id;
  if (!id) {
    throw planBlocked('the log archive policies (they name the organization id)', undefined, {
      account: ctx.roles.management,
      region: ctx.homeRegion,
      operation: 'organizations:DescribeOrganization',
    });
  }
  return id;
}

/** What one bucket should be, for comparison and for the ops. */
interface BucketWant {
  name: string;
  resource: string;
  policy: string;
  kmsKey?: string | OutputRef;
  lifecycle: boolean;
  logging?: { target: string; prefix: string };
  objectLock?: ObjectLockWant;
}

/** How an Object Lock state reads in a plan (`null` when Object Lock is off). */
function describeLock(lock: ObjectLockInfo): string | null {
  if (!lock.enabled) return null;
  if (!lock.mode) return 'enabled, no default retention';
  const period = [
    lock.days !== undefined ? `${lock.days} days` : undefined,
    lock.years !== undefined ? `${lock.years} years` : undefined,
  ].filter((p) => p !== undefined);
  return `${lock.mode}, ${period.join(' ') || 'no period'}`;
}

/** True when the bucket's Object Lock default retention is exactly `want` (a period in years never is). */
function lockMatches(lock: ObjectLockInfo, want: ObjectLockWant): boolean {
  return lock.enabled && lock.mode === want.mode && lock.days === want.days && lock.years === undefined;
}

function lifecycleMatches(rules: readonly LifecycleRuleInfo[]): boolean {
  const ours = rules.find((r) => r.id === LIFECYCLE_RULE_ID);
  if (!ours) return false;
  const want: LifecycleRuleInfo = {
    id: LIFECYCLE_RULE.id,
    status: LIFECYCLE_RULE.status,
    transitions: LIFECYCLE_RULE.transitions.map((t) => ({ ...t })),
    noncurrentTransitions: LIFECYCLE_RULE.noncurrentTransitions.map((t) => ({ ...t })),
  };
  return canonicalJson(ours) === canonicalJson(want);
}

/** The settings of an existing bucket that differ from `want`, with the observed values. */
function bucketDrift(
  b: BucketDetail,
  want: BucketWant,
  keyArn: string | undefined,
  account: string,
): Array<{ setting: BucketSetting; change: FieldChange }> {
  const at = (operation: string) => ({ account, region: b.region, operation });
  const out: Array<{ setting: BucketSetting; change: FieldChange }> = [];
  const add = (setting: BucketSetting, from: Json, to: Json) =>
    out.push({ setting, change: { field: setting, from, to } });

  const policy = need(b.policy, `the policy of ${b.name}`, at('s3:GetBucketPolicy'));
  if (canonicalPolicy(policy) !== canonicalPolicy(want.policy)) {
    add('policy', policy === null ? null : 'differs', 'sra-kit policy');
  }
  const versioning = need(b.versioning, `versioning of ${b.name}`, at('s3:GetBucketVersioning'));
  if (versioning.status !== 'Enabled') add('versioning', versioning.status ?? 'never enabled', 'Enabled');
  if (want.objectLock) {
    const lock = need(b.objectLock, `Object Lock of ${b.name}`, at('s3:GetObjectLockConfiguration'));
    if (!lockMatches(lock, want.objectLock)) {
      add('object-lock', describeLock(lock), `${want.objectLock.mode}, ${want.objectLock.days} days`);
    }
  }
  const rules = need(b.encryption, `default encryption of ${b.name}`, at('s3:GetEncryptionConfiguration'));
  const rule = rules[0];
  if (want.kmsKey !== undefined) {
    if (rule?.algorithm !== 'aws:kms' || keyArn === undefined || !sameKey(rule.kmsKeyId, keyArn)) {
      add(
        'encryption',
        rule ? `${rule.algorithm}${rule.kmsKeyId ? ` ${rule.kmsKeyId}` : ''}` : null,
        'aws:kms',
      );
    }
  } else if (rule?.algorithm !== 'AES256') {
    add('encryption', rule?.algorithm ?? null, 'AES256');
  }
  const pab = need(
    b.publicAccessBlock,
    `Block Public Access of ${b.name}`,
    at('s3:GetBucketPublicAccessBlock'),
  );
  if (!pab || !Object.values(pab).every(Boolean))
    add('public-access-block', pab ? 'partial' : null, 'all four on');
  const ownership = need(b.ownership, `Object Ownership of ${b.name}`, at('s3:GetBucketOwnershipControls'));
  if (ownership !== 'BucketOwnerEnforced') add('ownership', ownership, 'BucketOwnerEnforced');
  if (want.lifecycle) {
    const lc = need(b.lifecycle, `lifecycle of ${b.name}`, at('s3:GetLifecycleConfiguration'));
    if (!lifecycleMatches(lc)) add('lifecycle', lc.length ? 'differs' : null, `${LIFECYCLE_RULE_ID} rule`);
  }
  if (want.logging) {
    const logging = need(b.logging, `server access logging of ${b.name}`, at('s3:GetBucketLogging'));
    if (
      logging?.targetBucket !== want.logging.target ||
      (logging.targetPrefix ?? '') !== want.logging.prefix
    ) {
      add(
        'logging',
        logging ? `${logging.targetBucket}/${logging.targetPrefix ?? ''}` : null,
        `${want.logging.target}/${want.logging.prefix}`,
      );
    }
  }
  return out;
}

/** Params of a bucket op for the settings it applies. */
function bucketParams(want: BucketWant): Step['params'] {
  return {
    bucket: want.name,
    policy: want.policy,
    ...(want.kmsKey !== undefined ? { kmsKeyId: want.kmsKey } : {}),
    ...(want.logging ? { loggingTarget: want.logging.target, loggingPrefix: want.logging.prefix } : {}),
    ...(want.objectLock
      ? { objectLockMode: want.objectLock.mode, objectLockDays: want.objectLock.days }
      : {}),
  };
}

/**
 * The Object Lock default retention the blueprint asks of the central bucket, and the notes about it.
 * `enabled: false` plans nothing: S3 cannot turn Object Lock off, so an existing lock stays as it is.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html
 */
function objectLockWant(
  ctx: PlanContext,
  bucket: string,
  existingDetail: BucketDetail | undefined,
): { want?: ObjectLockWant; notes: string[] } {
  const cfg = ctx.blueprint.dataProtection.logArchive.objectLock;
  if (cfg.enabled) return { want: { mode: cfg.mode, days: cfg.retentionDays }, notes: [] };
  const datum = existingDetail?.objectLock;
  if (datum && !datum.ok) {
    // Nothing is planned either way, so an unreadable state only changes what the note can say.
    return {
      notes: [
        `log-archive: Object Lock of ${bucket} is left as it is (dataProtection.logArchive.objectLock.enabled ` +
          'is false; its current state could not be read)',
      ],
    };
  }
  const lock = datum?.value;
  if (lock?.enabled) {
    return {
      notes: [
        `log-archive: Object Lock stays on for ${bucket} (${describeLock(lock) ?? 'enabled'}) although ` +
          'dataProtection.logArchive.objectLock.enabled is false: S3 cannot turn Object Lock off, so sra-kit ' +
          'leaves it as it is',
      ],
    };
  }
  return {
    notes: [
      `log-archive: Object Lock is not turned on for ${bucket} (dataProtection.logArchive.objectLock.enabled ` +
        'is false); verify reports s3.log-bucket-object-lock as failing',
    ],
  };
}

/** Plans the central log key and buckets. */
export function planLogArchive(ctx: PlanContext): FeaturePlan {
  const la = ctx.roles.logArchive;
  const home = ctx.homeRegion;
  const names = logArchiveNames(la, home);
  if (unreachableIn(ctx.inventory, la, home)) {
    return {
      steps: [],
      notes: [
        `log-archive: account ${la} (${home}) could not be reached; its key and buckets were not planned`,
      ],
    };
  }
  const orgId = organizationId(ctx);
  const steps: Step[] = [];
  const base = { feature: LOG_ARCHIVE, capability: CAPABILITY, account: la, region: home };

  // 1. The central key.
  const found = findLogKey(ctx, la);
  const keyPolicy = logKeyPolicy(orgId, la);
  const rotation = ctx.blueprint.dataProtection.kms.keyRotation;
  let keyValue: string | OutputRef;
  const keySteps: string[] = [];
  if (found === undefined || found === 'unknown') {
    const s = makeStep({
      ...base,
      op: 'log-archive.create-key',
      action: 'create',
      resource: 'kms-key',
      summary: `KMS key ${LOG_KEY_ALIAS} for the central logs`,
      params: { alias: LOG_KEY_ALIAS, policy: keyPolicy, rotation },
    });
    steps.push(s);
    keySteps.push(s.id);
    keyValue = ref(s.id, 'arn');
  } else {
    const { key, entry } = found;
    keyValue = key.arn;
    const at = { account: la, region: home, operation: 'kms:DescribeKey' };
    if (!entry) throw planBlocked(`the key behind ${LOG_KEY_ALIAS}`, undefined, at);
    need(entry.describe, `the key behind ${LOG_KEY_ALIAS}`, at);
    const info = entry.key;
    if (!info) throw planBlocked(`the key behind ${LOG_KEY_ALIAS}`, undefined, at);
    if (info.state !== 'Enabled') {
      const s = makeStep({
        ...base,
        op: 'log-archive.restore-key',
        action: 'update',
        resource: 'kms-key-state',
        summary: `enable ${LOG_KEY_ALIAS} again (it is ${info.state})`,
        params: { keyArn: key.arn },
        changes: [{ field: 'state', from: info.state, to: 'Enabled' }],
      });
      steps.push(s);
      keySteps.push(s.id);
    }
    const policy = need(info.policy, `the policy of ${LOG_KEY_ALIAS}`, {
      ...at,
      operation: 'kms:GetKeyPolicy',
    });
    if (canonicalPolicy(policy) !== canonicalPolicy(keyPolicy)) {
      const s = makeStep({
        ...base,
        op: 'log-archive.update-key',
        action: 'update',
        resource: 'kms-key-policy',
        summary: `key policy of ${LOG_KEY_ALIAS}`,
        params: { keyArn: key.arn, policy: keyPolicy },
        dependsOn: keySteps,
        changes: [{ field: 'policy', from: 'differs', to: 'sra-kit policy' }],
      });
      steps.push(s);
      keySteps.push(s.id);
    }
    if (info.rotation) {
      const r = need(info.rotation, `rotation of ${LOG_KEY_ALIAS}`, {
        ...at,
        operation: 'kms:GetKeyRotationStatus',
      });
      if (r.enabled !== rotation) {
        steps.push(
          makeStep({
            ...base,
            op: 'log-archive.update-key',
            action: 'update',
            resource: 'kms-key-rotation',
            summary: `${rotation ? 'enable' : 'disable'} rotation of ${LOG_KEY_ALIAS}`,
            params: { keyArn: key.arn, rotation },
            dependsOn: keySteps,
            changes: [{ field: 'rotation', from: r.enabled, to: rotation }],
          }),
        );
      }
    }
  }

  // 2. The buckets: the access-log bucket first (the central bucket logs into it).
  const slice = s3SliceOf(ctx.inventory, la);
  const listed = need(slice?.buckets, 'the log archive buckets', {
    account: la,
    region: home,
    operation: 's3:ListAllMyBuckets',
  });
  const lock = objectLockWant(
    ctx,
    names.bucket,
    listed.some((b) => b.name === names.bucket) ? bucketDetailOf(slice, names.bucket) : undefined,
  );
  const wants: BucketWant[] = [
    {
      name: names.accessLogBucket,
      resource: 'access-log-bucket',
      policy: accessLogBucketPolicy(la, names.accessLogBucket),
      lifecycle: false,
    },
    {
      name: names.bucket,
      resource: 'log-bucket',
      policy: logBucketPolicy(orgId, names.bucket),
      kmsKey: keyValue,
      lifecycle: true,
      logging: { target: names.accessLogBucket, prefix: `${names.bucket}/` },
      ...(lock.want ? { objectLock: lock.want } : {}),
    },
  ];
  const bucketSteps = new Map<string, string[]>();
  for (const want of wants) {
    const ids: string[] = [];
    const deps = [
      ...(want.kmsKey !== undefined ? keySteps : []),
      ...(want.logging ? (bucketSteps.get(want.logging.target) ?? []) : []),
    ];
    if (!listed.some((b) => b.name === want.name)) {
      // Object Lock right after versioning, which it needs.
      const settings: BucketSetting[] = [
        'versioning',
        ...(want.objectLock ? (['object-lock'] as const) : []),
        'encryption',
        'public-access-block',
        'ownership',
        'policy',
      ];
      if (want.lifecycle) settings.push('lifecycle');
      if (want.logging) settings.push('logging');
      const s = makeStep({
        ...base,
        op: 'log-archive.create-bucket',
        action: 'create',
        resource: want.resource,
        summary: `bucket ${want.name}`,
        params: { ...bucketParams(want), settings },
        dependsOn: deps,
      });
      steps.push(s);
      ids.push(s.id);
    } else {
      const detail = bucketDetailOf(slice, want.name);
      if (!detail) {
        throw planBlocked(`the settings of ${want.name}`, undefined, {
          account: la,
          region: home,
          operation: 's3:GetBucketPolicy',
        });
      }
      const keyArn = typeof keyValue === 'string' ? keyValue : undefined;
      let versioningStep: string | undefined;
      for (const { setting, change } of bucketDrift(detail, want, keyArn, la)) {
        const s = makeStep({
          ...base,
          op: 'log-archive.configure-bucket',
          action: 'update',
          resource: `${want.resource}:${setting}`,
          summary: `${setting} of bucket ${want.name}`,
          params: { ...bucketParams(want), setting },
          // S3 accepts an Object Lock configuration only on a versioned bucket (InvalidBucketState).
          dependsOn: setting === 'object-lock' && versioningStep ? [...deps, versioningStep] : deps,
          changes: [change],
        });
        steps.push(s);
        ids.push(s.id);
        if (setting === 'versioning') versioningStep = s.id;
      }
    }
    bucketSteps.set(want.name, ids);
  }

  const centralSteps = bucketSteps.get(names.bucket) ?? [];
  const notes = [...lock.notes];
  const bucketAfter = [...keySteps, ...centralSteps];
  return {
    steps,
    provides: {
      [LOG_BUCKET]: bucketAfter.length ? planned(names.bucket, bucketAfter) : existing(names.bucket),
      [LOG_KEY_ARN]:
        typeof keyValue === 'string' && keySteps.length === 0
          ? existing(keyValue)
          : planned(keyValue, keySteps),
    },
    ...(notes.length ? { notes } : {}),
  };
}

/** Steps removing the key and buckets sra-kit created; log data and (by default) the key are kept. */
export function destroyLogArchive(ctx: PlanContext, options: DestroyOptions): FeaturePlan {
  const la = ctx.roles.logArchive;
  const home = ctx.homeRegion;
  const names = logArchiveNames(la, home);
  if (unreachableIn(ctx.inventory, la, home)) {
    return {
      steps: [],
      notes: [`log-archive: account ${la} (${home}) could not be reached; nothing removed there`],
    };
  }
  const steps: Step[] = [];
  const notes: string[] = [];
  const base = { feature: LOG_ARCHIVE, capability: CAPABILITY, account: la, region: home };
  const slice = s3SliceOf(ctx.inventory, la);
  const listed = need(slice?.buckets, 'the log archive buckets', {
    account: la,
    region: home,
    operation: 's3:ListAllMyBuckets',
  });
  const trail = trailStepId(ctx);
  const deleted: string[] = [];
  let centralGone = !listed.some((b) => b.name === names.bucket);
  for (const [name, resource] of [
    [names.bucket, 'log-bucket'],
    [names.accessLogBucket, 'access-log-bucket'],
  ] as const) {
    if (!listed.some((b) => b.name === name)) continue;
    const detail = bucketDetailOf(slice, name);
    const at = { account: la, region: home, operation: 's3:GetBucketTagging' };
    if (!detail) throw planBlocked(`the tags of ${name}`, undefined, at);
    if (!isManaged(need(detail.tags, `the tags of ${name}`, at))) {
      notes.push(`log-archive: bucket ${name} was not created by sra-kit; left alone`);
      continue;
    }
    const objects = need(detail.objects, `the objects of ${name}`, { ...at, operation: 's3:ListBucket' });
    if (objects.count > 0) {
      notes.push(
        `log-archive: bucket ${name} holds ${objects.truncated ? `more than ${objects.count}` : objects.count} ` +
          'object(s); kept (sra-kit never deletes log data)',
      );
      continue;
    }
    if (resource === 'access-log-bucket' && !centralGone) {
      notes.push(`log-archive: bucket ${name} is kept because ${names.bucket}, which logs into it, is kept`);
      continue;
    }
    const s = makeStep({
      ...base,
      op: 'log-archive.delete-bucket',
      action: 'delete',
      resource,
      summary: `delete empty bucket ${name}`,
      params: { bucket: name },
      dependsOn: [trail, ...deleted],
    });
    steps.push(s);
    deleted.push(s.id);
    if (resource === 'log-bucket') centralGone = true;
  }

  const found = findLogKey(ctx, la);
  if (found === 'unknown') {
    notes.push(
      `log-archive: none of sra-kit's buckets remain in ${la}, so its key ${LOG_KEY_ALIAS} was not looked up`,
    );
  } else if (found) {
    const { key, entry } = found;
    const tags = need(key.tags, `the tags of ${LOG_KEY_ALIAS}`, {
      account: la,
      region: home,
      operation: 'kms:ListResourceTags',
    });
    if (!isManaged(tags)) {
      notes.push(`log-archive: KMS key ${LOG_KEY_ALIAS} was not created by sra-kit; left alone`);
    } else if (entry?.key?.state === 'PendingDeletion') {
      notes.push(`log-archive: KMS key ${LOG_KEY_ALIAS} is already scheduled for deletion`);
    } else if (options.scheduleKeyDeletion) {
      const days = ctx.blueprint.dataProtection.kms.pendingWindowDays;
      steps.push(
        makeStep({
          ...base,
          op: 'log-archive.schedule-key-deletion',
          action: 'delete',
          resource: 'kms-key',
          summary: `schedule deletion of ${LOG_KEY_ALIAS} in ${days} days`,
          params: { keyArn: key.arn, pendingWindowDays: days },
          dependsOn: [trail, ...deleted],
        }),
      );
    } else {
      notes.push(
        `log-archive: KMS key ${LOG_KEY_ALIAS} (${key.arn}) kept: it decrypts the logs already written ` +
          '(destroy with key deletion scheduled to remove it)',
      );
    }
  }
  return { steps, notes };
}
