/**
 * S3 controls, family "central log buckets": the buckets of the log archive account (read where the
 * organization trail's bucket lives) are TLS-only, not public, ACL-free, versioned, access-logged,
 * Object-Locked, KMS-encrypted and protected against version deletion.
 *
 * A bucket that another central bucket sends its server access logs to is an access-log bucket: S3
 * cannot deliver server access logs to a bucket with SSE-KMS default encryption or an Object Lock
 * default retention, and logging it to itself would loop, so the logging, Object Lock, KMS and
 * delete-protection controls do not apply to it (TLS, Block Public Access, ACLs and versioning do).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 *
 * Security Hub control meanings followed: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html
 * (S3.5 SSL-only policy, S3.8 bucket-level Block Public Access, S3.9 server access logging, S3.12 no ACLs,
 * S3.14 versioning, S3.15 Object Lock, S3.17 SSE-KMS, S3.20 MFA delete).
 */
import type { EvalContext, Outcome } from '../../verify/types.js';
import {
  defineControl,
  fail,
  notApplicable,
  pass,
  type Control,
  type ControlRefs,
  type Severity,
} from '../../verify/types.js';
import type { CapabilityId, PrincipleId } from '../../catalog/ids.js';
import { S3, s3SliceOf, type BucketDetail } from './collect.js';
import { deniesInsecureTransport, parsePolicyDocument } from './policy.js';

const BLUEPRINT_LOG_ARCHIVE = 'accounts.logArchive';

/** Whether a bucket is a central log bucket or the access-log bucket of one. */
export type LogBucketKind = 'log' | 'access-log';

/** The central buckets of the account being evaluated, or an outcome when there are none to judge. */
export function centralBuckets(
  ctx: EvalContext,
): Array<{ bucket: BucketDetail; kind: LogBucketKind }> | Outcome {
  const slice = s3SliceOf(ctx.inventory, ctx.account.id);
  const names = ctx.need(slice?.buckets, 'S3 buckets');
  if (!slice?.logBuckets) {
    return notApplicable(
      names.length === 0
        ? 'this account has no buckets'
        : 'this account does not hold the organization trail’s bucket, so its bucket settings were not read ' +
            '(see cloudtrail.org-trail-bucket-in-log-archive)',
    );
  }
  const targets = new Set<string>();
  for (const b of slice.logBuckets) {
    if (b.logging.ok && b.logging.value && b.logging.value.targetBucket !== b.name)
      targets.add(b.logging.value.targetBucket);
  }
  return slice.logBuckets.map((bucket) => ({
    bucket,
    kind: targets.has(bucket.name) ? 'access-log' : 'log',
  }));
}

interface BucketControlSpec {
  id: string;
  title: string;
  severity: Severity;
  refs: ControlRefs;
  risk: string;
  manual: string;
  capabilities?: CapabilityId[];
  principles?: PrincipleId[];
  /** Whether the control applies to access-log buckets too. */
  accessLogBuckets: boolean;
  /** Judges one bucket (resource is filled in). */
  check(ctx: EvalContext, b: BucketDetail): Outcome;
}

function bucketControl(spec: BucketControlSpec): Control {
  return defineControl({
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    capabilities: spec.capabilities ?? ['data-protection'],
    principles: spec.principles ?? ['protect-data-in-transit-and-at-rest', 'keep-people-away-from-data'],
    appliesTo: ['log-archive'],
    scope: 'account',
    service: 's3',
    refs: spec.refs,
    risk: spec.risk,
    remediation: { blueprint: BLUEPRINT_LOG_ARCHIVE, manual: spec.manual },
    uses: [S3],
    evaluate(ctx) {
      const buckets = centralBuckets(ctx);
      if (!Array.isArray(buckets)) return buckets;
      if (buckets.length === 0) return notApplicable('this account has no buckets');
      return buckets.map(({ bucket, kind }) => ({
        resource: `arn:aws:s3:::${bucket.name}`,
        ...(kind === 'access-log' && !spec.accessLogBuckets
          ? notApplicable(`${bucket.name} receives server access logs, where this setting does not apply`)
          : spec.check(ctx, bucket)),
      }));
    },
  });
}

/** The bucket policy denies requests without TLS. */
export const logBucketTlsOnly = bucketControl({
  id: 's3.log-bucket-tls-only',
  title: 'Central log buckets refuse requests that do not use TLS',
  severity: 'medium',
  refs: { fsbp: ['S3.5'], cis: ['2.1.1'] },
  risk: 'Requests over plain HTTP expose log contents and credentials-bearing requests to the network path.',
  manual:
    'Add a bucket policy statement: Effect Deny, Principal *, Action s3:*, Resource the bucket and ' +
    'bucket/*, Condition Bool aws:SecureTransport false.',
  accessLogBuckets: true,
  check(ctx, b) {
    const policy = ctx.need(b.policy, `policy of ${b.name}`);
    const statements = policy === null ? [] : (parsePolicyDocument(policy) ?? []);
    return deniesInsecureTransport(statements, b.name)
      ? pass(`${b.name} denies requests without TLS`)
      : fail(`${b.name} does not deny requests without TLS`, {
          expected: 'a Deny of s3:* for everyone when aws:SecureTransport is false',
          actual: policy === null ? 'no bucket policy' : 'no such statement in the bucket policy',
        });
  },
});

/** Bucket-level Block Public Access is fully on. */
export const logBucketPublicAccessBlocked = bucketControl({
  id: 's3.log-bucket-public-access-blocked',
  title: 'Central log buckets have all four bucket-level Block Public Access settings on',
  severity: 'high',
  refs: { fsbp: ['S3.8'] },
  risk: 'If the account-level setting is ever relaxed, nothing else stops the log archive from going public.',
  manual:
    '`aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration` with all four true.',
  accessLogBuckets: true,
  check(ctx, b) {
    const pab = ctx.need(b.publicAccessBlock, `Block Public Access of ${b.name}`);
    const off = pab
      ? Object.entries(pab)
          .filter(([, v]) => !v)
          .map(([k]) => k)
      : ['all four settings'];
    return off.length === 0
      ? pass(`${b.name} blocks public access`)
      : fail(`${b.name} leaves ${off.join(', ')} off`, {
          expected: {
            blockPublicAcls: true,
            ignorePublicAcls: true,
            blockPublicPolicy: true,
            restrictPublicBuckets: true,
          },
          actual: pab ?? { publicAccessBlock: null },
        });
  },
});

/** ACLs are disabled (Object Ownership BucketOwnerEnforced). */
export const logBucketAclsDisabled = bucketControl({
  id: 's3.log-bucket-acls-disabled',
  title: 'Central log buckets have ACLs disabled (Object Ownership: bucket owner enforced)',
  severity: 'low',
  principles: ['keep-people-away-from-data', 'strong-identity-foundation'],
  refs: { fsbp: ['S3.12'] },
  risk:
    'With ACLs enabled, objects written by other accounts may stay owned by them and access can be ' +
    'granted outside the bucket policy.',
  manual:
    '`aws s3api put-bucket-ownership-controls --bucket <bucket> --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]`.',
  accessLogBuckets: true,
  check(ctx, b) {
    const o = ctx.need(b.ownership, `Object Ownership of ${b.name}`);
    return o === 'BucketOwnerEnforced'
      ? pass(`${b.name} has ACLs disabled`)
      : fail(`${b.name} still honours ACLs`, {
          expected: { objectOwnership: 'BucketOwnerEnforced' },
          actual: { objectOwnership: o },
        });
  },
});

/** Versioning is enabled. */
export const logBucketVersioning = bucketControl({
  id: 's3.log-bucket-versioning',
  title: 'Central log buckets have versioning enabled',
  severity: 'medium',
  refs: { fsbp: ['S3.14'] },
  risk: 'Without versioning an overwrite or delete destroys the only copy of a log file.',
  manual: '`aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled`.',
  accessLogBuckets: true,
  check(ctx, b) {
    const v = ctx.need(b.versioning, `versioning of ${b.name}`);
    return v.status === 'Enabled'
      ? pass(`${b.name} is versioned`)
      : fail(`${b.name} is not versioned`, {
          expected: { status: 'Enabled' },
          actual: { status: v.status ?? 'never enabled' },
        });
  },
});

/** Server access logging is on. */
export const logBucketAccessLogging = bucketControl({
  id: 's3.log-bucket-access-logging',
  title: 'Central log buckets record server access logs',
  severity: 'low',
  capabilities: ['data-protection', 'threat-detection'],
  principles: ['enable-traceability', 'keep-people-away-from-data'],
  refs: { fsbp: ['S3.9', 'CloudTrail.7'], cis: ['3.4'] },
  risk: 'Nobody can tell who read or deleted log files: access to the log archive itself goes unrecorded.',
  manual:
    'Create an access-log bucket (SSE-S3, no Object Lock default retention) in the same account and Region, ' +
    'then `aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status …`.',
  accessLogBuckets: false,
  check(ctx, b) {
    const l = ctx.need(b.logging, `server access logging of ${b.name}`);
    return l && l.targetBucket !== b.name
      ? pass(`${b.name} logs access to ${l.targetBucket}`, { actual: l })
      : fail(l ? `${b.name} logs access to itself` : `${b.name} has no server access logging`, {
          expected: 'server access logs delivered to a separate bucket',
          actual: l ?? { logging: null },
        });
  },
});

/** Object Lock with a default retention is on. */
export const logBucketObjectLock = bucketControl({
  id: 's3.log-bucket-object-lock',
  title: 'Central log buckets use S3 Object Lock with a default retention period',
  severity: 'medium',
  principles: ['protect-data-in-transit-and-at-rest', 'enable-traceability'],
  refs: { fsbp: ['S3.15'] },
  risk: 'Without write-once retention, an attacker with write access to the log archive can erase the evidence.',
  manual:
    'On a versioned bucket: `aws s3api put-object-lock-configuration --bucket <bucket> ' +
    '--object-lock-configuration ObjectLockEnabled=Enabled,Rule={DefaultRetention={Mode=GOVERNANCE|COMPLIANCE,Days=…}}`.',
  accessLogBuckets: false,
  check(ctx, b) {
    const lock = ctx.need(b.objectLock, `Object Lock of ${b.name}`);
    if (lock.enabled && lock.mode) {
      return pass(
        `${b.name} locks objects (${lock.mode}, ${lock.days !== undefined ? `${lock.days} days` : `${lock.years ?? 0} years`})`,
        {
          actual: lock,
        },
      );
    }
    return fail(
      lock.enabled ? `${b.name} has Object Lock but no default retention` : `${b.name} has no Object Lock`,
      {
        expected: { enabled: true, defaultRetention: 'GOVERNANCE or COMPLIANCE' },
        actual: lock,
      },
    );
  },
});

/** Default encryption uses KMS. */
export const logBucketKmsEncryption = bucketControl({
  id: 's3.log-bucket-kms-encryption',
  title: 'Central log buckets encrypt new objects with a KMS key by default',
  severity: 'medium',
  refs: { fsbp: ['S3.17'] },
  risk: 'With SSE-S3 only, read access to the bucket alone reveals the logs; a KMS key adds a separate, audited permission.',
  manual:
    '`aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration ' +
    '\'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<key-arn>"},"BucketKeyEnabled":true}]}\'`.',
  accessLogBuckets: false,
  check(ctx, b) {
    const rules = ctx.need(b.encryption, `default encryption of ${b.name}`);
    const kms = rules.find((r) => r.algorithm === 'aws:kms' || r.algorithm === 'aws:kms:dsse');
    return kms
      ? pass(`${b.name} uses ${kms.algorithm}${kms.kmsKeyId ? ` with ${kms.kmsKeyId}` : ''}`, { actual: kms })
      : fail(`${b.name} uses ${rules.map((r) => r.algorithm).join(', ') || 'no'} default encryption`, {
          expected: { algorithm: 'aws:kms' },
          actual: rules,
        });
  },
});

/** Object versions cannot be deleted by a single credential. */
export const logBucketDeleteProtection = bucketControl({
  id: 's3.log-bucket-delete-protection',
  title:
    'Central log bucket versions cannot be deleted with one credential (MFA delete or Object Lock retention)',
  severity: 'low',
  principles: ['protect-data-in-transit-and-at-rest', 'enable-traceability'],
  refs: { fsbp: ['S3.20'], cis: ['2.1.2'] },
  risk: 'A single stolen credential with delete permissions can permanently remove log file versions.',
  manual:
    'Enable Object Lock with a default retention (preferred: MFA delete needs the root user, which ' +
    'centralized root access removes from member accounts), or MFA delete with ' +
    '`aws s3api put-bucket-versioning --mfa … --versioning-configuration Status=Enabled,MFADelete=Enabled`.',
  accessLogBuckets: false,
  check(ctx, b) {
    const v = ctx.need(b.versioning, `versioning of ${b.name}`);
    if (v.mfaDelete === 'Enabled')
      return pass(`${b.name} has MFA delete`, { actual: { mfaDelete: 'Enabled' } });
    const lock = ctx.need(b.objectLock, `Object Lock of ${b.name}`);
    if (lock.enabled && lock.mode) {
      return pass(
        `${b.name} has no MFA delete, but Object Lock retention (${lock.mode}) protects its versions`,
        {
          actual: { mfaDelete: v.mfaDelete ?? 'Disabled', objectLock: lock },
        },
      );
    }
    return fail(`${b.name} has neither MFA delete nor an Object Lock retention`, {
      expected: 'MFA delete enabled, or Object Lock with a default retention',
      actual: { mfaDelete: v.mfaDelete ?? 'Disabled', objectLock: lock },
    });
  },
});

/** Every control of the central log bucket family. */
export const LOG_BUCKET_CONTROLS: readonly Control[] = [
  logBucketTlsOnly,
  logBucketPublicAccessBlocked,
  logBucketAclsDisabled,
  logBucketVersioning,
  logBucketAccessLogging,
  logBucketObjectLock,
  logBucketKmsEncryption,
  logBucketDeleteProtection,
];
