/**
 * What the log archive should look like: resource names, the key policy, the bucket policies, the
 * lifecycle rule and the per-bucket settings. Pure functions of the organization id and the accounts,
 * shaped like the reference deployment (src/sandbox/scenarios/reference-sra.ts) so that a log archive it
 * built is recognised as already converged.
 */
import type { Json } from '../../engine/types.js';

/** Feature id. */
export const LOG_ARCHIVE = 'log-archive';

/** Alias of the central log key. */
export const LOG_KEY_ALIAS = 'alias/sra-logs';

/** Id of sra-kit's lifecycle rule on the central bucket. */
export const LIFECYCLE_RULE_ID = 'sra-log-archive';

/** Days after which log objects move to S3 Glacier Flexible Retrieval. */
export const TRANSITION_DAYS = 365;

/** Names of the log archive resources of a log archive account and home Region. */
export function logArchiveNames(logArchive: string, homeRegion: string) {
  return {
    bucket: `sra-logs-${logArchive}-${homeRegion}`,
    accessLogBucket: `sra-access-logs-${logArchive}-${homeRegion}`,
    keyAlias: LOG_KEY_ALIAS,
  };
}

/** Services that deliver into the central bucket: trail, Config, findings exports, VPC and DNS logs. */
export const LOG_WRITERS = [
  'cloudtrail.amazonaws.com',
  'config.amazonaws.com',
  'guardduty.amazonaws.com',
  'macie.amazonaws.com',
  'delivery.logs.amazonaws.com',
];

/** Services that encrypt with the central key. */
export const KEY_USERS = [
  'cloudtrail.amazonaws.com',
  'config.amazonaws.com',
  'guardduty.amazonaws.com',
  'macie.amazonaws.com',
];

const tlsOnly = (arn: string) => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [arn, `${arn}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

/**
 * Key policy of the central key: the log archive account administers it (through IAM), and the
 * security services of this organization only (`aws:SourceOrgID`) may use it to encrypt.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
export function logKeyPolicy(organizationId: string, logArchive: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'KeyAdministration',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${logArchive}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'SecurityServicesEncrypt',
        Effect: 'Allow',
        Principal: { Service: KEY_USERS },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceOrgID': organizationId } },
      },
    ],
  });
}

/**
 * Policy of the central bucket: TLS only; the log-writing services of this organization may check the
 * bucket and put objects. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 */
export function logBucketPolicy(organizationId: string, bucket: string): string {
  const arn = `arn:aws:s3:::${bucket}`;
  const org = { StringEquals: { 'aws:SourceOrgID': organizationId } };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      tlsOnly(arn),
      {
        Sid: 'ServicesAclCheck',
        Effect: 'Allow',
        Principal: { Service: LOG_WRITERS },
        Action: ['s3:GetBucketAcl', 's3:ListBucket', 's3:GetBucketLocation'],
        Resource: arn,
        Condition: org,
      },
      {
        Sid: 'ServicesWrite',
        Effect: 'Allow',
        Principal: { Service: LOG_WRITERS },
        Action: 's3:PutObject',
        Resource: `${arn}/*`,
        Condition: org,
      },
    ],
  });
}

/**
 * Policy of the access-log bucket: TLS only; S3 server access logging may write for the log archive
 * account. https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export function accessLogBucketPolicy(logArchive: string, bucket: string): string {
  const arn = `arn:aws:s3:::${bucket}`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      tlsOnly(arn),
      {
        Sid: 'ServerAccessLogsDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${arn}/*`,
        Condition: { StringEquals: { 'aws:SourceAccount': logArchive } },
      },
    ],
  });
}

/**
 * sra-kit's lifecycle rule: current and noncurrent versions move to Glacier Flexible Retrieval after a
 * year; nothing expires (the SRA keeps logs; retention is the owner's decision).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
 */
export const LIFECYCLE_RULE = {
  id: LIFECYCLE_RULE_ID,
  status: 'Enabled',
  transitions: [{ days: TRANSITION_DAYS, storageClass: 'GLACIER' }],
  noncurrentTransitions: [{ days: TRANSITION_DAYS, storageClass: 'GLACIER' }],
} as const;

/** The settings sra-kit converges on one bucket (each compared and updated on its own). */
export interface BucketSettings {
  /** Bucket policy JSON. */
  policy: string;
  /** Versioning on. */
  versioning: true;
  /** Default encryption: SSE-KMS with the central key, or SSE-S3. */
  encryption: { algorithm: 'aws:kms' } | { algorithm: 'AES256' };
  /** All four Block Public Access settings. */
  publicAccessBlock: true;
  /** ACLs disabled. */
  ownership: 'BucketOwnerEnforced';
  /** sra-kit's lifecycle rule. */
  lifecycle: boolean;
  /** Server access logging target, when any. */
  logging?: { targetBucket: string; targetPrefix: string };
  /** Object Lock default retention (the central bucket only, when the blueprint enables it). */
  objectLock?: ObjectLockWant;
}

/**
 * The Object Lock default retention sra-kit puts on the central bucket. Never on the access-log bucket: a
 * server access logging target must not have a default retention.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export interface ObjectLockWant {
  /** Retention mode of new object versions. */
  mode: 'GOVERNANCE' | 'COMPLIANCE';
  /** Retention period of new object versions, in days. */
  days: number;
}

/** Setting names, as they appear in step ids and the `configure-bucket` op. */
export const BUCKET_SETTINGS = [
  'policy',
  'versioning',
  'object-lock',
  'encryption',
  'public-access-block',
  'ownership',
  'lifecycle',
  'logging',
] as const;

/** One setting name. */
export type BucketSetting = (typeof BUCKET_SETTINGS)[number];

/** A JSON object (narrowing helper for params). */
export type JsonObject = { [key: string]: Json };
